import type { CmpReader } from '../cmp-reader';
import { stateOf, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseJsonObject, readOwn, toPurposes } from '../storage-values';
import { readTcString } from '../tcf';

/** `CookieControl`: JSON `{optionalCookies: {<category>: 'accepted'|'revoked'}, interactedWith, iabConsent?, …}`. */
export const civicCookieControl: CmpReader = {
  id: 'civic-cookie-control',
  read({ cookies }) {
    const item = findItem(cookies, 'CookieControl');
    if (!item) return null;
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    if (!state) return unreadable('civic-cookie-control', 'not JSON', item.value);
    const optional = readOwn(state, 'optionalCookies');
    const entries =
      optional && typeof optional === 'object'
        ? Object.keys(optional).flatMap((k) => {
            const v = readOwn(optional, k);
            return v === 'accepted' || v === 'revoked' ? [[k, v === 'accepted'] as const] : [];
          })
        : [];
    const purposes = toPurposes(entries);
    const iab = readOwn(state, 'iabConsent');
    const tcString = typeof iab === 'string' && readTcString(iab).ok ? iab : undefined;
    if (readOwn(state, 'interactedWith') !== true)
      return stateOf('civic-cookie-control', 'none', item.value, { purposes, tcString, implicit: entries.some(([, v]) => v) });
    return stateOf('civic-cookie-control', choiceOf(purposes), item.value, { purposes, tcString });
  },
};
