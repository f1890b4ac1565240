import type { CmpStorage } from './cmp-reader';
import { choiceOf, decodeValue, type NamedValue, parseJson, readOwn } from './storage-values';

/**
 * A generic reading of the value a consent manager nobody wrote a reader for stores when the visitor clicks its
 * banner: the common shapes (`deny` / `allow` words, booleans and 0/1 under a key that says what they mean, JSON with
 * purpose flags or a list of accepted categories). It says nothing rather than guess: a value it cannot read, or a
 * key that does not say what a `1` means (`cookie_notice_seen=1`), gives undefined. Never throws.
 */

export type GenericChoice = 'accept' | 'reject' | 'partial';

/** A cookie or localStorage value that appeared or changed between two readings of the site's storage. */
export interface ChangedValue extends NamedValue {
  where: 'cookie' | 'localStorage';
}

const REJECT_WORDS =
  /^(deny|denied|reject|rejected|refuse|refused|refusé|refusée|refus|decline|declined|opt-?out|necessary|essential|necessary-only|only-necessary|abgelehnt|rechazado|rechazada|rechazadas|rifiutato|rifiutati|geweigerd|afgewezen)$/;
const ACCEPT_WORDS =
  /^(allow|allowed|allowall|allow-all|accept|accepted|acceptall|accept-all|accepté|acceptée|granted|agreed|opt-?in|akzeptiert|aceptado|aceptada|aceptadas|accettato|accettati|geaccepteerd)$/;
const TRUE = /^(true|1|yes|on|y)$/;
const FALSE = /^(false|0|no|off|n)$/;

/** Keys under which a word value is a consent state. */
const CONSENT_KEY =
  /consen[st]|cookie|gdpr|rgpd|dsgvo|privacy|cmp|tracking|opt.?in|opt.?out|choi|banner|bandeau|accept|agree|allow|deny|reject|refus|einwillig|zustimm|acept|accett|toestemming|akzept|rechaz|rifiut|ablehn|weiger|status|pref/;
/** Keys whose true means "refused", and keys whose true means "agreed". */
const REJECT_KEY = /reject|deny|denied|refus|declin|opt.?out|dnt|rechaz|rifiut|ablehn|weiger|verweiger/;
const ACCEPT_KEY = /consen[st]|accept|agree|allow|opt.?in|granted|einwillig|zustimm|acept|accett|toestemming|akzept|autoris/;
/** Keys about the banner itself, not the choice: a `1` there says the banner was seen or closed. */
const BOOKKEEPING_KEY = /seen|shown|closed|dismiss|hidden|displayed|visible|version|date|time|expir|stamp|count|uuid|(^|[_-])id$|(^|[_-])ts$|updated|created/;
/** Purposes every visitor gets: left out when reading a choice. */
const NECESSARY_KEY = /necess|essential|essenz|required|strictly|technic|techniq|notwendig|erforderlich|noodzakelijk|functional|fonctionnel|funktional/;
/** Optional purposes, whatever the language. */
const PURPOSE_KEY =
  /analytic|statisti|measure|mesure|audience|performance|marketing|advertis|^ads?$|^ad[_-]|publicit|^pub$|werbung|targeting|personali[sz]|social|tracking|video|youtube|preference|préférence|personnalis|estad|analíti|pubblicit|profila|analytisch|advertent|third.?party|tiers/;
/** Keys that hold the list of purposes or categories the visitor accepted. */
const LIST_KEY = /categor|accepted|allowed|granted|consents|purposes|enabled|services|vendors|levels?$|groups/;

const DEPTH_MAX = 3;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ENTRIES_MAX = 100;

/** What one stored value says about the choice, read generically, or undefined. */
export function readGenericChoice(name: string, value: string): GenericChoice | undefined {
  const text = decodeValue(value);
  if (text === undefined || !text) return undefined;
  const key = name.toLowerCase().slice(0, 200);
  if (text.startsWith('{') || text.startsWith('[')) {
    const json = parseJson(text);
    return json === undefined ? undefined : readJson(key, json, 0);
  }
  return readScalar(key, text.toLowerCase());
}

/** Values that appeared or changed from `before` to `after`, cookies then localStorage. */
export function changedValues(before: CmpStorage, after: CmpStorage): ChangedValue[] {
  const diff = (where: ChangedValue['where'], old: readonly NamedValue[], now: readonly NamedValue[]) => {
    const previous = new Map(old.map((item) => [item.name, item.value]));
    return now.filter((item) => previous.get(item.name) !== item.value).map((item): ChangedValue => ({ where, name: item.name, value: item.value }));
  };
  return [...diff('cookie', before.cookies, after.cookies), ...diff('localStorage', before.localStorage, after.localStorage)];
}

function readScalar(key: string, text: string): GenericChoice | undefined {
  if (!CONSENT_KEY.test(key) && !REJECT_KEY.test(key) && !ACCEPT_KEY.test(key)) return undefined;
  if (REJECT_WORDS.test(text)) return 'reject';
  if (ACCEPT_WORDS.test(text)) return 'accept';
  if (!TRUE.test(text) && !FALSE.test(text)) return undefined;
  if (BOOKKEEPING_KEY.test(key)) return undefined;
  const truthy = TRUE.test(text);
  if (REJECT_KEY.test(key)) return truthy ? 'reject' : undefined;
  if (ACCEPT_KEY.test(key)) return truthy ? 'accept' : 'reject';
  return undefined;
}

/**
 * A JSON value: its flags for optional purposes (all off = reject, all on = accept), a list of accepted categories
 * (necessary only or empty = reject, any optional one = accept: a partial list reads as accept), and word or boolean
 * fields read as scalars under their key. Readings that disagree give undefined.
 */
function readJson(key: string, value: unknown, depth: number): GenericChoice | undefined {
  if (depth > DEPTH_MAX) return undefined;
  if (typeof value === 'string') return readScalar(key, value.toLowerCase().slice(0, 100));
  if (typeof value === 'boolean' || typeof value === 'number') return readScalar(key, String(value));
  if (Array.isArray(value)) {
    if (!LIST_KEY.test(key)) return undefined;
    const names = value.slice(0, ENTRIES_MAX).filter((v): v is string => typeof v === 'string');
    if (names.length !== Math.min(value.length, ENTRIES_MAX)) return undefined;
    return names.some((n) => !NECESSARY_KEY.test(n.toLowerCase())) ? 'accept' : 'reject';
  }
  if (!value || typeof value !== 'object') return undefined;
  const flags: Record<string, boolean> = {};
  const readings: GenericChoice[] = [];
  for (const name of Object.keys(value).slice(0, ENTRIES_MAX)) {
    if (UNSAFE_KEYS.has(name)) continue;
    const child = readOwn(value, name);
    const childKey = name.toLowerCase().slice(0, 120);
    if (typeof child === 'boolean' && PURPOSE_KEY.test(childKey) && !NECESSARY_KEY.test(childKey)) {
      flags[childKey] = child;
      continue;
    }
    if (NECESSARY_KEY.test(childKey) || BOOKKEEPING_KEY.test(childKey)) continue;
    const reading = readJson(childKey, child, depth + 1);
    if (reading) readings.push(reading);
  }
  if (Object.keys(flags).length) readings.push(choiceOf(flags));
  const distinct = [...new Set(readings)];
  return distinct.length === 1 ? distinct[0] : undefined;
}
