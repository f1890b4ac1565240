import { constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

// The test's own reading of what a collector received, independent of the extension's decoder (Node's zlib, not
// fflate; brute force, not format detection): every gzip or zlib stream found at any offset of a body, of a
// multipart part or of a latin1 "binary string" inside JSON is inflated, recursively, and the texts are returned.
// A canary is "received" when it appears in one of them.

const FLUSH = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 64 * 1024 * 1024 };
const ZLIB_SECOND = new Set([0x01, 0x5e, 0x9c, 0xda]);

export function receivedTexts(body: Buffer, depth = 0): string[] {
  const out = [body.toString('latin1'), body.toString('utf8')];
  if (depth > 4) return out;
  const inflated: Buffer[] = [];
  let tries = 0;
  for (let i = 0; i + 2 < body.length && tries < 200; i++) {
    const b0 = body[i];
    const b1 = body[i + 1] ?? 0;
    if (b0 === 0x1f && b1 === 0x8b && body[i + 2] === 8) {
      tries++;
      tryInflate(() => gunzipSync(body.subarray(i), FLUSH), inflated);
    } else if (b0 === 0x78 && ZLIB_SECOND.has(b1)) {
      tries++;
      tryInflate(() => inflateSync(body.subarray(i), FLUSH), inflated);
    }
  }
  for (const part of multipartParts(body)) tryInflate(() => inflateRawSync(part, FLUSH), inflated);
  for (const text of binaryStringsInJson(body.toString('utf8'))) inflated.push(Buffer.from(text, 'latin1'));
  for (const bytes of inflated) out.push(...receivedTexts(bytes, depth + 1));
  return out;
}

function tryInflate(run: () => Buffer, into: Buffer[]): void {
  try {
    const out = run();
    if (out.length) into.push(out);
  } catch {
    // Not a stream after all.
  }
}

function multipartParts(body: Buffer): Buffer[] {
  const text = body.toString('latin1');
  const boundary = /^--([^\r\n]+)\r\n/.exec(text)?.[1];
  if (!boundary) return [];
  return text
    .split(`--${boundary}`)
    .map((part) => part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, ''))
    .filter((part) => part.length > 0)
    .map((part) => Buffer.from(part, 'latin1'));
}

/** Strings in JSON (whole body or one document per line) that begin like gzip or zlib data. */
function binaryStringsInJson(text: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const c0 = value.charCodeAt(0);
      if ((c0 === 0x1f && value.charCodeAt(1) === 0x8b) || (c0 === 0x78 && ZLIB_SECOND.has(value.charCodeAt(1)))) found.push(value);
      // A gzip stream in base64 (highlight.run's PushSessionEvents `data`): "H4sI" is its magic number and method.
      else if (value.startsWith('H4sI') && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) found.push(Buffer.from(value, 'base64').toString('latin1'));
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const doc of [text, ...text.split('\n')]) {
    try {
      walk(JSON.parse(doc));
    } catch {
      // Not JSON.
    }
  }
  return found;
}

/** Whether any text the collector received holds `value` (its first 10 letters: a value captured mid-typing counts). */
export function collectorSaw(texts: readonly string[], value: string): boolean {
  const probe = value.slice(0, 10);
  return texts.some((t) => t.includes(probe));
}
