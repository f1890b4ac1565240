import type { CmpReader } from '../cmp-reader';
import { unreadable } from '../reading';
import { findItem } from '../storage-values';

/** Termly's `TERMLY_API_CACHE` format is undocumented; `Termly.getConsentState()` in the page is the reliable source. */
export const termly: CmpReader = {
  id: 'termly',
  read({ localStorage }) {
    const item = findItem(localStorage, 'TERMLY_API_CACHE');
    return item ? unreadable('termly', 'undocumented format: read Termly.getConsentState() in the page', item.value) : null;
  },
};
