import type { CmpReader } from '../cmp-reader';
import { stateOf, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseJsonObject, readOwn, readTime, toPurposes } from '../storage-values';

/** `axeptio_cookies`: JSON of `$$`-prefixed metadata and one boolean per vendor; `$$completed` once the visitor answered. */
export const axeptio: CmpReader = {
  id: 'axeptio',
  read({ cookies }) {
    const item = findItem(cookies, 'axeptio_cookies');
    const authorized = findItem(cookies, 'axeptio_authorized_vendors');
    if (!item && !authorized) return null;
    if (!item) return fromVendorLists(authorized?.value ?? '', findItem(cookies, 'axeptio_all_vendors')?.value);
    const text = decodeValue(item.value);
    const state = text === undefined ? undefined : parseJsonObject(text);
    if (!state) return unreadable('axeptio', text === undefined ? 'too-long' : 'not JSON', item.value);
    const purposes = toPurposes(
      Object.keys(state)
        .filter((k) => !k.startsWith('$$'))
        .map((k) => [k, readOwn(state, k)] as const),
    );
    const completed = readOwn(state, '$$completed') === true;
    return stateOf('axeptio', completed ? choiceOf(purposes) : 'none', item.value, { purposes, decidedAt: readTime(readOwn(state, '$$date')) });
  },
};

function fromVendorLists(authorizedRaw: string, allRaw: string | undefined) {
  const list = (raw: string | undefined) => (decodeValue(raw ?? '') ?? '').split(',').filter(Boolean);
  const authorized = list(authorizedRaw);
  const all = list(allRaw);
  const purposes = toPurposes([...all.map((v) => [v, authorized.includes(v)] as const), ...authorized.map((v) => [v, true] as const)]);
  const choice = !authorized.length ? 'reject' : all.length && all.every((v) => authorized.includes(v)) ? 'accept' : 'partial';
  return stateOf('axeptio', choice, authorizedRaw, { purposes });
}
