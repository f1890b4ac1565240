import type { CmpReader } from '../cmp-reader';
import { stateOf, storedTcString, unreadable } from '../reading';
import { choiceOf, decodeValue, findItems, parseJsonObject, readOwn, readTime, toPurposes } from '../storage-values';

/**
 * `_iub_cs-<policy id>`: JSON `{timestamp, purposes: {'1': true, '4': false, …}}` (1 necessary, 2 functionality,
 * 3 experience, 4 measurement, 5 advertising); very old versions store `{consent: true|false}`.
 */
export const iubenda: CmpReader = {
  id: 'iubenda',
  read(storage) {
    const item = findItems(storage.cookies, /^_iub_cs-s?\d+$/)[0] ?? findItems(storage.localStorage, /^_iub_cs-s?\d+$/)[0];
    if (!item) return null;
    const text = decodeValue(item.value);
    const state = text === undefined ? undefined : parseJsonObject(text);
    if (!state) return unreadable('iubenda', text === undefined ? 'too-long' : 'not JSON', item.value);
    const tcString = storedTcString(storage, 123);
    const decidedAt = readTime(readOwn(state, 'timestamp'));
    const map = readOwn(state, 'purposes');
    if (map && typeof map === 'object') {
      const purposes = toPurposes(Object.keys(map).map((k) => [k, readOwn(map, k)] as const));
      return stateOf('iubenda', choiceOf(purposes, ['1']), item.value, { purposes, tcString, decidedAt });
    }
    const consent = readOwn(state, 'consent');
    if (typeof consent !== 'boolean') return unreadable('iubenda', 'neither purposes nor consent', item.value);
    return stateOf('iubenda', consent ? 'accept' : 'reject', item.value, { tcString, decidedAt });
  },
};
