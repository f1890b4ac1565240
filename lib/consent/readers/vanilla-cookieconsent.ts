import type { CmpReader } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseJsonObject, readOwn, readTime, stringsOf, toPurposes } from '../storage-values';

const NECESSARY = ['necessary', 'essential', 'required', 'strictly_necessary', 'technical'];

/**
 * `cc_cookie`: JSON `{categories: [accepted], services: {<every category>: [accepted services]}, consentTimestamp, …}`.
 * v3 initialises `services` with every category, so its keys tell which categories were refused; v2 used `level`.
 */
export const vanillaCookieconsent: CmpReader = {
  id: 'vanilla-cookieconsent',
  read(storage) {
    const item = findItem(storage.cookies, 'cc_cookie') ?? findItem(storage.localStorage, 'cc_cookie');
    if (!item) return null;
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    if (!state) return unreadable('vanilla-cookieconsent', 'not JSON', item.value);
    const categories = readOwn(state, 'categories') ?? readOwn(state, 'level');
    if (!Array.isArray(categories)) return unreadable('vanilla-cookieconsent', 'no categories', item.value);
    const accepted = stringsOf(categories);
    const services = readOwn(state, 'services');
    const all = services && typeof services === 'object' ? Object.keys(services) : [];
    const purposes = toPurposes([...all.map((c) => [c, accepted.includes(c)] as const), ...accepted.map((c) => [c, true] as const)]);
    const choice = all.length ? choiceOf(purposes, NECESSARY) : accepted.every((c) => NECESSARY.includes(c)) ? 'reject' : 'partial';
    const decidedAt = readTime(readOwn(state, 'lastConsentTimestamp') ?? readOwn(state, 'consentTimestamp'));
    return stateOf('vanilla-cookieconsent', choice, item.value, { purposes, decidedAt });
  },
};
