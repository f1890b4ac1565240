import type { CmpReader } from '../cmp-state';
import { stateOf, storedTcString, unreadable } from '../reading';
import { decodeValue, findItem, readTime, toPurposes } from '../storage-values';

/**
 * `TC_PRIVACY` = '<flag>@<version|site|privacy id>@<opt-in ids>@<opt-out ids>@<created,updated,expiry ms>@' (newer
 * versions separate with '!'). Category ids are per site.
 */
export const commandersAct: CmpReader = {
  id: 'commanders-act',
  read(storage) {
    const item = findItem(storage.cookies, 'TC_PRIVACY');
    if (!item) return null;
    const text = decodeValue(item.value);
    if (text === undefined) return unreadable('commanders-act', 'too-long', item.value);
    const fields = text.split(text.includes('@') ? '@' : '!');
    if (fields.length < 4) return unreadable('commanders-act', 'fewer than 4 fields', item.value);
    const ids = (field: string | undefined) =>
      (field ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => /^\d{1,6}$/.test(s));
    const optIn = ids(fields[2]);
    const optOut = ids(fields[3]);
    const purposes = toPurposes([...optIn.map((id) => [id, true] as const), ...optOut.map((id) => [id, false] as const)]);
    const choice = !optIn.length && !optOut.length ? 'none' : !optIn.length ? 'reject' : !optOut.length ? 'accept' : 'partial';
    const updated = (fields[4] ?? '').split(',')[1];
    return stateOf('commanders-act', choice, item.value, { purposes, tcString: storedTcString(storage, 90), decidedAt: readTime(updated) });
  },
};
