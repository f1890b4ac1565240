import type { CmpReader } from '../cmp-reader';
import { stateOf, storedTcString, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseJsonObject, readOwn, readTime, stringsOf, toPurposes } from '../storage-values';

/** `CookieInformationConsent`: JSON `{consents_approved: [...], consents_denied: [...], timestamp, …}`. */
export const cookieInformation: CmpReader = {
  id: 'cookie-information',
  read(storage) {
    const item = findItem(storage.cookies, 'CookieInformationConsent');
    if (!item) return null;
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    if (!state) return unreadable('cookie-information', 'not JSON', item.value);
    const approved = stringsOf(readOwn(state, 'consents_approved'));
    const denied = stringsOf(readOwn(state, 'consents_denied'));
    const purposes = toPurposes([...approved.map((c) => [c, true] as const), ...denied.map((c) => [c, false] as const)]);
    const choice = Object.keys(purposes).length ? choiceOf(purposes, ['cookie_cat_necessary']) : 'none';
    return stateOf('cookie-information', choice, item.value, {
      purposes,
      tcString: storedTcString(storage, 162),
      decidedAt: readTime(readOwn(state, 'timestamp')),
    });
  },
};
