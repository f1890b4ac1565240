import type { CmpReader } from '../cmp-reader';
import { stateOf, storedTcString, unreadable } from '../reading';
import { decodeValue, findItem, toPurposes } from '../storage-values';

/**
 * `notice_gdpr_prefs` = '<accepted bucket indexes>:' (0 = required). The number of buckets is per site, so only
 * "required only" is read as a refusal; 0..n with n ≥ 2 and no gap as acceptance; anything else as partial.
 * `notice_behavior` 'implied' means an opt-out regime (no consent asked).
 */
export const trustarc: CmpReader = {
  id: 'trustarc',
  read(storage) {
    const prefs = findItem(storage.cookies, 'notice_gdpr_prefs') ?? findItem(storage.localStorage, 'truste.eu.cookie.notice_gdpr_prefs');
    const behavior = decodeValue(findItem(storage.cookies, 'notice_behavior')?.value ?? '') ?? '';
    const tcString = storedTcString(storage, 47);
    if (!prefs)
      return findItem(storage.cookies, 'notice_behavior')
        ? stateOf('trustarc', 'none', behavior, { tcString, implicit: behavior.startsWith('implied') })
        : null;
    const text = decodeValue(prefs.value);
    const match = text === undefined ? null : /^(\d{1,2}(?:,\d{1,2}){0,20}):?/.exec(text.trim());
    if (!match?.[1]) return unreadable('trustarc', 'not a bucket list', prefs.value);
    const buckets = new Set(match[1].split(',').map(Number));
    const max = Math.max(...buckets);
    const purposes = toPurposes(Array.from({ length: max + 1 }, (_, i) => [String(i), buckets.has(i)] as const));
    const contiguous = Object.values(purposes).every(Boolean);
    const choice = max === 0 ? 'reject' : contiguous && max >= 2 ? 'accept' : 'partial';
    return stateOf('trustarc', choice, prefs.value, { purposes, tcString, implicit: behavior.startsWith('implied') });
  },
};
