import type { CmpReader } from '../cmp-reader';
import { stateOf, unreadable } from '../reading';
import { decodeValue, findItem, parseJson, parseJsonObject, readOwn, stringsOf, toPurposes } from '../storage-values';

const OPTIONAL = ['performance', 'targeting', 'functionality', 'unclassified'];

/** `CookieScriptConsent`: JSON `{action: 'accept'|'reject', categories: '["performance", …]'}` (a JSON string in JSON). */
export const cookieScript: CmpReader = {
  id: 'cookie-script',
  read({ cookies }) {
    const item = findItem(cookies, 'CookieScriptConsent');
    if (!item) return null;
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    if (!state) return unreadable('cookie-script', 'not JSON', item.value);
    const action = readOwn(state, 'action');
    const raw = readOwn(state, 'categories');
    const accepted = stringsOf(typeof raw === 'string' ? parseJson(raw) : raw);
    const purposes = toPurposes([...OPTIONAL.map((c) => [c, accepted.includes(c)] as const), ...accepted.map((c) => [c, true] as const)]);
    const optional = accepted.filter((c) => c !== 'strict');
    if (action === 'reject' || (action === 'accept' && !optional.length)) return stateOf('cookie-script', 'reject', item.value, { purposes });
    if (action !== 'accept') return stateOf('cookie-script', 'none', item.value, { purposes });
    return stateOf('cookie-script', OPTIONAL.every((c) => accepted.includes(c)) ? 'accept' : 'partial', item.value, { purposes });
  },
};
