/** Cheap reads of JSON text, without building the value. */

export function looksLikeJson(text: string): boolean {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  let end = text.length - 1;
  while (end > start && isSpace(text.charCodeAt(end))) end--;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end);
  return end > start && ((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d) || (first === 0x22 && last === 0x22));
}

/**
 * Calls `onString` with each string literal of at least `minLength` characters that could hold an encoded
 * payload, unescaped.
 * Scans quotes instead of parsing: in JSON every unescaped `"` opens or closes a string, and no object
 * has to be built. Short strings, and strings with a space that do not start like JSON or binary, are
 * skipped without being copied: base64, LZString and URL encodings have no spaces.
 */
export function forEachJsonString(text: string, minLength: number, onString: (s: string) => void): void {
  let open = text.indexOf('"');
  let nextSpace = -2;
  while (open !== -1) {
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) return;
    if (close - open - 1 >= minLength) {
      if (nextSpace !== -1 && nextSpace < open) nextSpace = text.indexOf(' ', open);
      const first = text.charCodeAt(open + 1);
      const isSpecial = first === 0x7b || first === 0x5b || first === 0x5c || first === 0x78 || first >= 0x80;
      if (nextSpace !== -1 && nextSpace < close && !isSpecial) {
        open = text.indexOf('"', close + 1);
        continue;
      }
      const raw = text.slice(open + 1, close);
      const value = raw.indexOf('\\') === -1 ? raw : unescapeJson(raw);
      if (value !== undefined) onString(value);
    }
    open = text.indexOf('"', close + 1);
  }
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

function unescapeJson(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(`"${raw}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
