import type { CmpReader } from '../cmp-reader';
import { readTcfCmp, tcfState, unreadable } from '../reading';
import { decodeValue, findItems } from '../storage-values';
import { readTcString } from '../tcf';

/** `__cmpconsentx<id>` holds a TC string or a custom encoding; `euconsent-v2` with CMP id 31 otherwise. */
export const consentmanager: CmpReader = {
  id: 'consentmanager',
  read(storage) {
    const item = findItems(storage.cookies, /^__cmpconsentx\d+$/)[0];
    if (!item) return readTcfCmp('consentmanager', storage, 31);
    const text = decodeValue(item.value) ?? '';
    const candidate = text.split(/[_!~]/)[0] ?? '';
    return (
      (readTcString(candidate).ok && tcfState('consentmanager', candidate)) ||
      unreadable('consentmanager', 'custom encoding: use __cmp("consentStatus")', item.value)
    );
  },
};
