import type { CmpReader, CmpReading } from '../cmp-reader';
import type { NamedValue } from '../storage-values';
import { stateOf, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, findItems, toPurposes } from '../storage-values';

const META = new Set(['consentid', 'consent', 'action', 'rev', 'lastRenewedDate']);

/** `cookieyes-consent` = 'consentid:…,consent:yes,action:yes,necessary:yes,analytics:no,…'; `action:yes` once answered. */
export const cookieyes: CmpReader = {
  id: 'cookieyes',
  read({ cookies }) {
    const item = findItem(cookies, 'cookieyes-consent');
    if (!item) return readLegacy(cookies);
    const text = decodeValue(item.value);
    if (text === undefined) return unreadable('cookieyes', 'too-long', item.value);
    const pairs = new Map<string, string>();
    for (const part of text.split(',')) {
      const at = part.indexOf(':');
      if (at > 0) pairs.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    const entries = [...pairs].filter(([k, v]) => !META.has(k) && (v === 'yes' || v === 'no')).map(([k, v]) => [k, v === 'yes'] as const);
    if (!entries.length) return unreadable('cookieyes', 'no categories', item.value);
    const purposes = toPurposes(entries);
    return stateOf('cookieyes', pairs.get('action') === 'yes' ? choiceOf(purposes, ['necessary']) : 'none', item.value, { purposes });
  },
};

/** The legacy 'GDPR Cookie Consent' (cookie-law-info) plugin: `cookielawinfo-checkbox-<category>` = yes | no. */
function readLegacy(cookies: readonly NamedValue[]): CmpReading | null {
  const boxes = findItems(cookies, /^cookielawinfo-checkbox-/);
  const viewed = findItem(cookies, 'viewed_cookie_policy');
  if (!boxes.length && !viewed) return null;
  const purposes = toPurposes(boxes.map((b) => [b.name.slice('cookielawinfo-checkbox-'.length), b.value === 'yes'] as const));
  const raw = [...boxes, ...(viewed ? [viewed] : [])].map((i) => `${i.name}=${i.value}`).join('; ');
  if (!viewed) return stateOf('cookieyes', 'none', raw, { purposes });
  if (Object.keys(purposes).length) return stateOf('cookieyes', choiceOf(purposes, ['necessary']), raw, { purposes });
  // 'yes' is written on accepting and on merely closing the notice, so only 'no' is a clear answer.
  return stateOf('cookieyes', viewed.value === 'no' ? 'reject' : 'accept', raw, { implicit: viewed.value !== 'no' });
}
