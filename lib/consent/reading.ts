import type { CmpChoice, CmpReading, CmpState, CmpStateError, CmpStorage } from './cmp-reader';
import { capRaw, choiceOf, decodeValue, findItem, type NamedValue, PURPOSES_MAX, parseJsonObject, readOwn, readTime, toPurposes } from './storage-values';
import { readTcChoice, readTcString, TCF_PURPOSES } from './tcf';

/** A reading of a value that is present but unreadable. */
export function unreadable(cmp: string, error: string, raw: string): CmpStateError {
  return { cmp, choice: 'unknown', error, raw: capRaw(typeof raw === 'string' ? raw : '') };
}

/** A reading, with the optional fields left out when empty (readings are stored as plain data). */
export function stateOf(
  cmp: string,
  choice: CmpChoice,
  raw: string,
  extra: { purposes?: Record<string, boolean>; tcString?: string; implicit?: boolean; decidedAt?: number } = {},
): CmpState {
  const state: CmpState = { cmp, choice, raw: capRaw(raw) };
  if (extra.purposes && Object.keys(extra.purposes).length) state.purposes = extra.purposes;
  if (extra.tcString) state.tcString = extra.tcString;
  if (extra.implicit) state.implicit = true;
  if (extra.decidedAt !== undefined) state.decidedAt = extra.decidedAt;
  return state;
}

/** Names under which CMPs keep the TC string, in cookies or localStorage. */
export const TC_STRING_KEYS = ['euconsent-v2', 'eupubconsent-v2'] as const;

/**
 * The stored TC string that decodes, if any, optionally only when its CMP id is `cmpId` (several TCF CMPs share the
 * `euconsent-v2` name, and only the id in the string says whose it is).
 */
export function storedTcString(storage: CmpStorage, cmpId?: number): string | undefined {
  for (const key of TC_STRING_KEYS) {
    for (const item of [findItem(storage.cookies, key), findItem(storage.localStorage, key)]) {
      const text = item && decodeValue(item.value);
      if (!text) continue;
      const tc = readTcString(text);
      if (tc.ok && (cmpId === undefined || tc.cmpId === cmpId)) return text;
    }
  }
  return undefined;
}

/** The reading of a CMP that keeps its state only in the IAB TC string (`euconsent-v2`), told apart by its CMP id. */
export function readTcfCmp(cmp: string, storage: CmpStorage, cmpId: number): CmpState | null {
  const tcString = storedTcString(storage, cmpId);
  return tcString ? tcfState(cmp, tcString) : null;
}

/** A reading from a TC string already known to decode. */
export function tcfState(cmp: string, tcString: string): CmpState | null {
  const tc = readTcString(tcString);
  if (!tc.ok) return null;
  const granted = new Set(tc.purposeConsents);
  const purposes = Object.fromEntries(TCF_PURPOSES.map((p) => [String(p), granted.has(p)]));
  // The string's own date is 36 bits of deciseconds: a damaged or forged one can say 1970 or 2115, which no CMP wrote.
  return stateOf(cmp, readTcChoice(tc), tcString, { purposes, tcString, decidedAt: readTime(tc.lastUpdated) });
}

/** A CMP value that is a JSON object of purpose → boolean (Klaro and its fork Orejime), under its default name. */
export function booleanMapReading(cmp: string, storage: CmpStorage, name: string): CmpReading | null {
  const item = findItem(storage.cookies, name) ?? findItem(storage.localStorage, name);
  return item ? readBooleanMap(cmp, item) : null;
}

/** The same value under a name the site chose: only a non-empty JSON object whose every value is a boolean. */
export function renamedBooleanMap(cmp: string, item: NamedValue): CmpReading | null {
  const text = decodeValue(item.value);
  const map = text === undefined ? undefined : parseJsonObject(text);
  if (!map) return null;
  const keys = Object.keys(map);
  return keys.length && keys.length <= PURPOSES_MAX && keys.every((k) => typeof readOwn(map, k) === 'boolean') ? readBooleanMap(cmp, item) : null;
}

function readBooleanMap(cmp: string, item: NamedValue): CmpReading {
  const text = decodeValue(item.value);
  const map = text === undefined ? undefined : parseJsonObject(text);
  if (!map) return unreadable(cmp, text === undefined ? 'too-long' : 'not JSON', item.value);
  const purposes = toPurposes(Object.keys(map).map((k) => [k, readOwn(map, k)] as const));
  if (!Object.keys(purposes).length && Object.keys(map).length) return unreadable(cmp, 'no boolean purposes', item.value);
  return stateOf(cmp, choiceOf(purposes), item.value, { purposes });
}
