import type { CmpReader, CmpReading } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import {
  choiceOf,
  decodeValue,
  findItem,
  isNecessaryName,
  type NamedValue,
  parseJsonObject,
  readOwn,
  readTime,
  stringsOf,
  toPurposes,
} from '../storage-values';

const ID = 'vanilla-cookieconsent';

/**
 * `cc_cookie` (name set by `cookie.name` in v3, `cookie_name` in v2; localStorage with `cookie.useLocalStorage`).
 * v3: JSON `{categories: [accepted], services: {<every category>: [accepted services]}, consentId, consentTimestamp, …}`;
 * `services` lists every category, so its keys tell which were refused.
 * v2: JSON `{categories: [accepted], level: [accepted], consent_uuid, consent_date, last_consent_update, rfc_cookie, …}`,
 * URL-encoded with `use_rfc_cookie`. v2 lists only the accepted categories: a refusal reads as one (nothing optional
 * accepted), but an acceptance cannot be told from a partial choice, so it stays `partial` (checked with 2.9.2).
 */
export const vanillaCookieconsent: CmpReader = {
  id: ID,
  read(storage) {
    const item = findItem(storage.cookies, 'cc_cookie') ?? findItem(storage.localStorage, 'cc_cookie');
    return item ? readValue(item) : null;
  },
  readRenamed(item) {
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    const hasId = state && (readOwn(state, 'consentId') !== undefined || readOwn(state, 'consent_uuid') !== undefined);
    return hasId && Array.isArray(readOwn(state, 'categories')) ? readValue(item) : null;
  },
};

function readValue(item: NamedValue): CmpReading {
  const state = parseJsonObject(decodeValue(item.value) ?? '');
  if (!state) return unreadable(ID, 'not JSON', item.value);
  const categories = readOwn(state, 'categories') ?? readOwn(state, 'level');
  if (!Array.isArray(categories)) return unreadable(ID, 'no categories', item.value);
  const accepted = stringsOf(categories);
  const services = readOwn(state, 'services');
  const all = services && typeof services === 'object' ? Object.keys(services) : [];
  const purposes = toPurposes([...all.map((c) => [c, accepted.includes(c)] as const), ...accepted.map((c) => [c, true] as const)]);
  const choice = all.length ? choiceOf(purposes, isNecessaryName) : accepted.every(isNecessaryName) ? 'reject' : 'partial';
  const decidedAt = readTime(readOwn(state, 'lastConsentTimestamp') ?? readOwn(state, 'consentTimestamp') ?? readOwn(state, 'last_consent_update'));
  return stateOf(ID, choice, item.value, { purposes, decidedAt });
}
