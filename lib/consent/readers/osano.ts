import type { CmpReader } from '../cmp-reader';
import { unreadable } from '../reading';
import { findItem } from '../storage-values';

/** Osano encrypts its cookie; only `Osano.cm.getConsent()` in the page can tell the choice. */
export const osano: CmpReader = {
  id: 'osano',
  read({ cookies, localStorage }) {
    const item = findItem(cookies, 'osano_consentmanager') ?? findItem(localStorage, 'osano_consentmanager') ?? findItem(cookies, 'osano_consentmanager_uuid');
    return item ? unreadable('osano', 'opaque: read Osano.cm.getConsent() in the page', item.value) : null;
  },
};
