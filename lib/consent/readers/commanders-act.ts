import type { CmpReader } from '../cmp-state';
import { stateOf, storedTcString, unreadable } from '../reading';
import { decodeValue, findItem, readTime, toPurposes } from '../storage-values';

/**
 * `TC_PRIVACY` = `<status>@<privacy version>[|<tcf version>]@<banner id>@<site id>@<consent categories>@<blocked
 * categories>@<updated>,<created>,<expiry>[@<vendor string>]`
 * (https://community.commandersact.com/trustcommander/knowledge-base/consent-cookie); older banners wrote the version,
 * banner and site ids in one field (`<status>@<version|banner|site>@<opt-in>@<opt-out>@<times>@`), and some separate
 * with '!'. Both are read by position from the times field: the two fields before it are the opted-in and refused
 * category ids. Category ids are per site.
 */
export const commandersAct: CmpReader = {
  id: 'commanders-act',
  read(storage) {
    const item = findItem(storage.cookies, 'TC_PRIVACY');
    if (!item) return null;
    const text = decodeValue(item.value);
    if (text === undefined) return unreadable('commanders-act', 'too-long', item.value);
    const fields = text.split(text.includes('@') ? '@' : '!');
    const times = fields.findIndex((f, i) => i >= 3 && /^\d{10,13}(,\d{10,13}){1,2}$/.test(f));
    if (times < 3) return unreadable('commanders-act', 'no times field after the category fields', item.value);
    const ids = (field: string | undefined) =>
      (field ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => /^\d{1,6}$/.test(s));
    const optIn = ids(fields[times - 2]);
    const optOut = ids(fields[times - 1]);
    const purposes = toPurposes([...optIn.map((id) => [id, true] as const), ...optOut.map((id) => [id, false] as const)]);
    const choice = !optIn.length && !optOut.length ? 'none' : !optIn.length ? 'reject' : !optOut.length ? 'accept' : 'partial';
    const updated = (fields[times] ?? '').split(',')[0];
    return stateOf('commanders-act', choice, item.value, { purposes, tcString: storedTcString(storage, 90), decidedAt: readTime(updated) });
  },
};
