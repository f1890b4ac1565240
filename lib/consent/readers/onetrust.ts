import type { CmpReader } from '../cmp-reader';
import { stateOf, storedTcString, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, readTime, toPurposes } from '../storage-values';

/** Strictly necessary in OneTrust's default group ids (tenants may rename groups; names come from GetDomainData). */
const NECESSARY = ['C0001'];

export const onetrust: CmpReader = {
  id: 'onetrust',
  read({ cookies }) {
    const consent = findItem(cookies, 'OptanonConsent');
    const closed = findItem(cookies, 'OptanonAlertBoxClosed');
    if (!consent && !closed) return null;
    if (!consent) return unreadable('onetrust', 'OptanonAlertBoxClosed without OptanonConsent', closed?.value ?? '');
    if (consent.value.length > 128 * 1024) return unreadable('onetrust', 'too-long', consent.value);
    // The cookie is a query string; some sites store it percent-encoded once more.
    const text = consent.value.includes('=') ? consent.value : (decodeValue(consent.value) ?? '');
    const params = new URLSearchParams(text);
    const interactions = Number(params.get('interactionCount') ?? '0');
    const decided = !!closed || (Number.isFinite(interactions) && interactions > 0);
    const groups = params.get('groups');
    const tcString = storedTcString({ cookies, localStorage: [] }, 28);
    const decidedAt = closed ? readTime(decodeValue(closed.value) ?? '') : undefined;
    if (!groups)
      return decided ? unreadable('onetrust', 'no groups in OptanonConsent', consent.value) : stateOf('onetrust', 'none', consent.value, { tcString });
    const entries: [string, boolean][] = [];
    for (const group of groups.split(',').filter(Boolean)) {
      const match = /^([\w-]{1,40}):([01])$/.exec(group.trim());
      if (!match?.[1] || !match[2]) return unreadable('onetrust', `malformed group "${group.slice(0, 40)}"`, consent.value);
      entries.push([match[1], match[2] === '1']);
    }
    const purposes = toPurposes(entries);
    return stateOf('onetrust', decided ? choiceOf(purposes, NECESSARY) : 'none', consent.value, { purposes, tcString, decidedAt });
  },
};
