import type { CmpReader } from '../cmp-reader';
import { stateOf, storedTcString, unreadable } from '../reading';
import { choiceOf, decodeBase64Text, decodeValue, findItem, parseJsonObject, readOwn, readTime, toPurposes } from '../storage-values';

/** `didomi_token`: base64 JSON `{purposes: {enabled, disabled}, vendors: {enabled, disabled}, updated, …}`. */
export const didomi: CmpReader = {
  id: 'didomi',
  read(storage) {
    const item = findItem(storage.cookies, 'didomi_token') ?? findItem(storage.localStorage, 'didomi_token');
    if (!item) return null;
    const text = decodeValue(item.value);
    if (text === undefined) return unreadable('didomi', 'too-long', item.value);
    const json = decodeBase64Text(text);
    const token = json === undefined ? undefined : parseJsonObject(json);
    if (!token) return unreadable('didomi', 'not base64 JSON', item.value);
    const purposes = enabledDisabled(readOwn(token, 'purposes'));
    const vendors = enabledDisabled(readOwn(token, 'vendors'));
    const basis = Object.keys(purposes).length ? purposes : vendors;
    const choice = Object.keys(basis).length ? choiceOf(basis) : 'none';
    const tcString = storedTcString(storage, 7);
    return stateOf('didomi', choice, item.value, { purposes, tcString, decidedAt: readTime(readOwn(token, 'updated')) });
  },
};

function enabledDisabled(section: unknown): Record<string, boolean> {
  if (!section || typeof section !== 'object') return {};
  const ids = (list: unknown) =>
    Array.isArray(list)
      ? list
          .slice(0, 500)
          .filter((v) => typeof v === 'string' || typeof v === 'number')
          .map(String)
      : [];
  return toPurposes([
    ...ids(readOwn(section, 'enabled')).map((id) => [id, true] as const),
    ...ids(readOwn(section, 'disabled')).map((id) => [id, false] as const),
  ]);
}
