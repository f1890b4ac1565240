/**
 * Short strings of one payload that no decoder took. Strings inside JSON repeat (keys such as "textContent" pass
 * for base64 thousands of times a payload), so each is tried once. Strings read from UTF-8 bytes are also
 * remembered by their bytes, so that a repeat is recognised before a string is built for it.
 */
export interface Fruitless {
  texts: Set<string>;
  /** Hash of the raw bytes → the raw bytes with that hash. */
  raw: Map<number, Uint8Array[]>;
  rawCount: number;
}

export function createFruitless(): Fruitless {
  return { texts: new Set(), raw: new Map(), rawCount: 0 };
}

export function isFruitlessText(memory: Fruitless, text: string): boolean {
  return text.length <= MAX_REMEMBERED_LENGTH && memory.texts.has(text);
}

export function rememberFruitlessText(memory: Fruitless, text: string): void {
  if (text.length <= MAX_REMEMBERED_LENGTH && memory.texts.size < MAX_REMEMBERED) memory.texts.add(text);
}

export function isFruitlessRaw(memory: Fruitless, bytes: Uint8Array, start: number, end: number): boolean {
  if (memory.rawCount === 0 || end - start > MAX_REMEMBERED_LENGTH) return false;
  const known = memory.raw.get(hash(bytes, start, end));
  if (known === undefined) return false;
  // A loop, not `some`: this runs for most strings of a payload, and a closure a call is garbage.
  for (const raw of known) if (isSame(raw, bytes, start, end)) return true;
  return false;
}

export function rememberFruitlessRaw(memory: Fruitless, bytes: Uint8Array, start: number, end: number): void {
  if (end - start > MAX_REMEMBERED_LENGTH || memory.rawCount >= MAX_REMEMBERED) return;
  const key = hash(bytes, start, end);
  const raw = bytes.subarray(start, end);
  const known = memory.raw.get(key);
  if (known) known.push(raw);
  else memory.raw.set(key, [raw]);
  memory.rawCount++;
}

/** The longest string remembered: longer ones rarely repeat. */
export const MAX_REMEMBERED_LENGTH = 256;
const MAX_REMEMBERED = 4096;

/** FNV-1a, cut to 30 bits so that V8 keeps the key a small integer (a full 32-bit one is a heap number). */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  return h & 0x3fffffff;
}

function isSame(raw: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (raw.length !== end - start) return false;
  for (let i = 0; i < raw.length; i++) if (raw[i] !== bytes[start + i]) return false;
  return true;
}
