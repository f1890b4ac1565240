import type { CmpReader } from '../cmp-reader';
import { tcfState, TC_STRING_KEYS, unreadable } from '../reading';
import { decodeValue, findItem } from '../storage-values';
import { readTcString } from '../tcf';

/** Any TCF CMP: the `euconsent-v2` convention (cookie or localStorage). A CMP reader claiming the same string wins. */
export const iabTcf: CmpReader = {
  id: 'iab-tcf',
  read({ cookies, localStorage }) {
    for (const key of TC_STRING_KEYS) {
      const item = findItem(cookies, key) ?? findItem(localStorage, key);
      if (!item) continue;
      const text = decodeValue(item.value) ?? '';
      const tc = readTcString(text);
      return tc.ok ? tcfState('iab-tcf', text) : unreadable('iab-tcf', `TC string: ${tc.reason}`, item.value);
    }
    return null;
  },
};
