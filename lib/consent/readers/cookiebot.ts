import type { CmpReader } from '../cmp-reader';
import { stateOf, storedTcString, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseObjectLiteral, readTime, toPurposes } from '../storage-values';
import { readTcString } from '../tcf';

const CATEGORIES = ['necessary', 'preferences', 'statistics', 'marketing'];

/** `CookieConsent` is a JavaScript object literal, not JSON: `{stamp:'…',necessary:true,…,method:'explicit',utc:…}`. */
export const cookiebot: CmpReader = {
  id: 'cookiebot',
  read({ cookies }) {
    const item = findItem(cookies, 'CookieConsent');
    if (!item) return null;
    const text = decodeValue(item.value);
    if (text === undefined) return unreadable('cookiebot', 'too-long', item.value);
    // -1: the visitor is outside the regions where the site asks for consent; everything runs, nobody chose.
    if (text === '-1') return stateOf('cookiebot', 'accept', item.value, { implicit: true });
    const pairs = parseObjectLiteral(text);
    if (!pairs) return unreadable('cookiebot', 'not an object literal', item.value);
    const purposes = toPurposes(CATEGORIES.flatMap((c) => (typeof pairs.get(c) === 'boolean' ? [[c, pairs.get(c) === true] as const] : [])));
    if (!Object.keys(purposes).length) return unreadable('cookiebot', 'no consent categories', item.value);
    const iab2 = pairs.get('iab2');
    const tcString = typeof iab2 === 'string' && readTcString(iab2).ok ? iab2 : storedTcString({ cookies, localStorage: [] }, 134);
    const implicit = pairs.get('stamp') === '-1' || pairs.get('method') === 'implied';
    return stateOf('cookiebot', choiceOf(purposes, ['necessary']), item.value, { purposes, tcString, implicit, decidedAt: readTime(pairs.get('utc')) });
  },
};
