import type { CmpReader } from '../cmp-reader';
import { stateOf, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseJsonObject, readOwn, toPurposes } from '../storage-values';

/** Borlabs' default groups; a site may add more, and a group not listed in `consents` was not consented. */
const DEFAULT_GROUPS = ['essential', 'statistics', 'marketing', 'external-media'];

/** `borlabs-cookie`: JSON `{consents: {<group>: [<service ids>]}, …}`; a group with services listed is consented. */
export const borlabs: CmpReader = {
  id: 'borlabs',
  read({ cookies }) {
    const item = findItem(cookies, 'borlabs-cookie');
    if (!item) return null;
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    const consents = state && readOwn(state, 'consents');
    if (!consents || typeof consents !== 'object') return unreadable('borlabs', 'no consents', item.value);
    const listed = Object.keys(consents).filter((group) => {
      const services = readOwn(consents, group);
      return Array.isArray(services) && services.length > 0;
    });
    const purposes = toPurposes([...DEFAULT_GROUPS.map((g) => [g, listed.includes(g)] as const), ...listed.map((g) => [g, true] as const)]);
    return stateOf('borlabs', choiceOf(purposes, ['essential']), item.value, { purposes });
  },
};
