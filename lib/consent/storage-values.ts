/**
 * Small readers for the untrusted strings CMPs leave in cookies and localStorage. None of them throws, and none of them
 * lets a page-chosen key reach an object prototype.
 */

export interface NamedValue {
  name: string;
  value: string;
}

/** Longest value a reader parses (localStorage entries such as `uc_settings` run to tens of KB). */
export const VALUE_MAX = 128 * 1024;
/** Length of the `raw` excerpt kept in a reading. */
export const RAW_MAX = 2_000;
/** Most purposes or services kept from one value. */
export const PURPOSES_MAX = 200;
const KEY_MAX = 120;
const ITEMS_MAX = 5_000;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An own data property, never a getter or an inherited value; undefined otherwise. */
export function readOwn(obj: object, key: string): unknown {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(obj, key);
    return descriptor && 'value' in descriptor ? descriptor.value : undefined;
  } catch {
    // A Proxy's trap can throw; the page owns the object.
    return undefined;
  }
}

/** The first item named `name` (or matching it), skipping entries that are not `{name: string, value: string}`. */
export function findItem(items: readonly NamedValue[], name: string | RegExp): NamedValue | undefined {
  return findItems(items, name)[0];
}

export function findItems(items: readonly NamedValue[], name: string | RegExp): NamedValue[] {
  const found: NamedValue[] = [];
  if (!Array.isArray(items)) return found;
  for (const item of items.slice(0, ITEMS_MAX)) {
    if (!item || typeof item !== 'object' || typeof item.name !== 'string' || typeof item.value !== 'string') continue;
    if (typeof name === 'string' ? item.name === name : name.test(item.name)) found.push(item);
  }
  return found;
}

export function capRaw(value: string): string {
  return value.length > RAW_MAX ? value.slice(0, RAW_MAX) : value;
}

/**
 * A cookie or storage value with its percent-encoding undone (twice at most: some CMPs encode an encoded value).
 * Undefined when the value is longer than {@link VALUE_MAX}. Malformed escapes leave the text as it is.
 */
export function decodeValue(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > VALUE_MAX) return undefined;
  let text = value.trim();
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(text); i++) {
    try {
      text = decodeURIComponent(text);
    } catch {
      break;
    }
  }
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"') && !text.slice(1, -1).includes('"')) text = text.slice(1, -1);
  return text;
}

export function parseJson(text: string): unknown {
  if (text.length > VALUE_MAX) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON object (not an array, not null), or undefined. */
export function parseJsonObject(text: string): object | undefined {
  const value = parseJson(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** UTF-8 text of a base64 or base64url string, or undefined. */
export function decodeBase64Text(text: string): string | undefined {
  const clean = text.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!clean || clean.length > VALUE_MAX || !/^[A-Za-z0-9+/]+$/.test(clean)) return undefined;
  try {
    const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The `key:value` pairs of a JavaScript object literal such as Cookiebot's `{stamp:'…',necessary:true,ver:1}`:
 * unquoted or quoted keys, single- or double-quoted strings, booleans and numbers. Undefined when it is not one.
 */
export function parseObjectLiteral(text: string): Map<string, string | number | boolean> | undefined {
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}') || body.length > VALUE_MAX) return undefined;
  const pairs = new Map<string, string | number | boolean>();
  const pair = /["']?([A-Za-z_$][\w$]*)["']?\s*:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|true|false|-?\d+(?:\.\d+)?)\s*(?:,|\}$)/gy;
  pair.lastIndex = 1;
  while (pair.lastIndex < body.length) {
    while (body[pair.lastIndex] === ' ') pair.lastIndex++;
    if (pair.lastIndex >= body.length - 1) break;
    const match = pair.exec(body);
    if (!match) return undefined;
    const [, key = '', value = ''] = match;
    if (UNSAFE_KEYS.has(key) || pairs.size >= PURPOSES_MAX) continue;
    if (value === 'true' || value === 'false') pairs.set(key, value === 'true');
    else if (value.startsWith("'") || value.startsWith('"')) pairs.set(key, value.slice(1, -1));
    else pairs.set(key, Number(value));
  }
  return pairs;
}

/** A purpose map built from untrusted keys: unsafe keys dropped, keys capped in length and number. */
export function toPurposes(entries: Iterable<readonly [string, unknown]>): Record<string, boolean> {
  const purposes: Record<string, boolean> = {};
  let count = 0;
  for (const [key, value] of entries) {
    if (count >= PURPOSES_MAX) break;
    if (typeof key !== 'string' || !key || key.length > KEY_MAX || UNSAFE_KEYS.has(key) || typeof value !== 'boolean') continue;
    if (!Object.hasOwn(purposes, key)) count++;
    Object.defineProperty(purposes, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return purposes;
}

/**
 * The choice a purpose map expresses, leaving out the purposes every visitor gets (`necessary`).
 * Nothing optional granted is a refusal; everything granted is an acceptance.
 */
export function choiceOf(purposes: Record<string, boolean>, necessary: readonly string[] | ((key: string) => boolean) = []): 'accept' | 'reject' | 'partial' {
  const isNecessary = typeof necessary === 'function' ? necessary : (key: string) => necessary.includes(key);
  const optional = Object.entries(purposes).filter(([key]) => !isNecessary(key));
  const granted = optional.filter(([, value]) => value).length;
  if (granted === 0) return 'reject';
  return granted === optional.length ? 'accept' : 'partial';
}

/**
 * Whether a category name of the site's choosing says "necessary" in one of the languages CMP configurations use
 * (`necessary`, `nécessaires`, `necesarias`, `notwendig`, `essenziali`, `technical` …). CMPs that let the site name its
 * categories (vanilla-cookieconsent, Klaro) do not store which one is read-only.
 */
export function isNecessaryName(name: string): boolean {
  return /^(strictly[-_ ]?)?(necess|nécess|neces|notwendig|erforderlich|essen|esenc|requi|techni|técni|tecni|obligatoir|noodzakelijk|niezb|mandatory)/i.test(
    name.trim(),
  );
}

/** Strings of an untrusted array, capped. */
export function stringsOf(value: unknown, max = PURPOSES_MAX): string[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, max).filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= KEY_MAX);
}

/** Epoch milliseconds from a number (seconds or ms) or a date string; undefined when implausible. */
export function readTime(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string' && value.length <= 64) {
    ms = /^\d{9,13}$/.test(value) ? readTime(Number(value)) : Date.parse(value);
  }
  return ms !== undefined && Number.isFinite(ms) && ms > 946_684_800_000 && ms < 4_102_444_800_000 ? ms : undefined;
}
