import { createHash } from 'node:crypto';
import { gzipSync, strToU8 } from 'fflate';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { buildMatchers, type Canary, type CanaryHit, findCanaries, makeCanaries } from '../../../lib/replay/canary';
import { decodePayload, decodeText, decodeUrl } from '../../../lib/replay/decode';
import { posthogBatch, randomBytes, rrwebSession, rrwebSnapshotOnly, seeded, utf8 } from '../../fixtures/payloads';

const FIELDS = [
  { id: 'email', kind: 'email' },
  { id: 'password', kind: 'password' },
  { id: 'name', kind: 'text' },
  { id: 'phone', kind: 'numeric' },
] as const;

function summary(hits: CanaryHit[]): string[] {
  return hits.map((h) => `${h.fieldId}:${h.matchKind}${h.encoding ? `/${h.encoding}` : ''}@${h.chain.join('>')}`);
}

function canary(canaries: Canary[], id: string): string {
  const found = canaries.find((c) => c.fieldId === id);
  if (!found) throw new Error(`no canary for ${id}`);
  return found.value;
}

describe('makeCanaries', () => {
  it('makes letters-only lower-case tokens, an example.com email and digits for numeric fields', () => {
    const canaries = makeCanaries(FIELDS, seeded(1));
    expect(canary(canaries, 'email')).toMatch(/^cnry[a-z]{8}@example\.com$/);
    expect(canary(canaries, 'password')).toMatch(/^cnry[a-z]{8}$/);
    expect(canary(canaries, 'name')).toMatch(/^cnry[a-z]{8}$/);
    expect(canary(canaries, 'phone')).toMatch(/^[1-9][0-9]{11}$/);
  });

  it('gives every field its own first six characters, and new values on every run', () => {
    const fields = Array.from({ length: 150 }, (_, i) => ({ id: `f${i}`, kind: 'text' as const }));
    const canaries = makeCanaries(fields, seeded(2));
    expect(new Set(canaries.map((c) => c.value.slice(0, 6))).size).toBe(150);
    expect(makeCanaries(FIELDS, seeded(3)).map((c) => c.value)).not.toEqual(makeCanaries(FIELDS, seeded(4)).map((c) => c.value));
  });
});

describe('findCanaries', async () => {
  const canaries = makeCanaries(FIELDS, seeded(42));
  const matchers = await buildMatchers(canaries);
  const email = canary(canaries, 'email');
  const password = canary(canaries, 'password');

  it('finds the exact value, with the chain that led to it', () => {
    const body = gzipSync(strToU8(JSON.stringify(posthogBatch(rrwebSnapshotOnly(email)))));
    expect(summary(findCanaries(decodePayload(body), matchers))).toEqual(['email:exact@gzip>json>string>latin1>gzip>json']);
  });

  it('reports the typed value once per layer, preferring exact over the mid-typing prefixes', () => {
    const hits = findCanaries(decodeText(JSON.stringify(rrwebSession(password))), matchers);
    expect(summary(hits)).toEqual(['password:exact@json']);
    expect(hits[0]?.occurrences).toBe(password.length - 6 + 1);
  });

  it('finds values captured mid-typing, but only as whole tokens', () => {
    const partial = password.slice(0, -2);
    expect(summary(findCanaries(decodeText(JSON.stringify({ text: partial })), matchers))).toEqual(['password:prefix@json']);
    expect(summary(findCanaries(decodeText(`{"v":"${email.slice(0, -3)}"}`), matchers))).toEqual(['email:prefix@json']);
    expect(findCanaries(decodeText(`x${password.slice(0, 7)}QQ`), matchers)).toEqual([]);
    expect(findCanaries(decodeText(`"${password.slice(0, 5)}"`), matchers)).toEqual([]);
  });

  it('finds upper-case and capitalised variants as case matches', () => {
    const capitalised = password.charAt(0).toUpperCase() + password.slice(1);
    expect(summary(findCanaries(decodeText(`a ${password.toUpperCase()} b`), matchers))).toEqual(['password:case@']);
    expect(summary(findCanaries(decodeText(`a ${capitalised} b`), matchers))).toEqual(['password:case@']);
  });

  it('finds MD5, SHA-1, SHA-256 and SHA-512 digests in hex and base64 of the normalised email', () => {
    const normalised = `  ${email.toUpperCase()} `.trim().toLowerCase();
    const digest = (algorithm: string): Buffer => createHash(algorithm).update(normalised).digest();
    const url = [
      `https://t.example/tr?em=${digest('sha256').toString('hex')}`,
      `md=${digest('md5').toString('hex').toUpperCase()}`,
      `s1=${encodeURIComponent(digest('sha1').toString('base64'))}`,
      `s5=${digest('sha512').toString('base64url')}`,
    ].join('&');
    expect(summary(findCanaries(decodeUrl(url), matchers)).sort()).toEqual([
      'email:md5/hex@url-query',
      'email:sha1/base64@url-query',
      'email:sha256/hex@url-query',
      'email:sha512/base64@url-query',
    ]);
  });

  it('finds an email compressed with LZString in a URL parameter', () => {
    const url = `https://t.example/p?d=${compressToEncodedURIComponent(JSON.stringify({ email }))}`;
    expect(summary(findCanaries(decodeUrl(url), matchers))).toEqual(['email:exact@url-query>lzstring-uri>json']);
  });

  it('finds nothing in random text, random base64 or other canaries', async () => {
    const random = seeded(9);
    const letters = Array.from({ length: 1_000_000 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    const base64 = Buffer.from(randomBytes(750_000, random)).toString('base64');
    const other = makeCanaries(FIELDS, seeded(43)).map((c) => c.value);
    expect(findCanaries(decodeText(letters), matchers)).toEqual([]);
    expect(findCanaries(decodeText(base64), matchers)).toEqual([]);
    expect(findCanaries(decodeText(JSON.stringify(other)), matchers)).toEqual([]);
  });

  it('drops an outer layer hit that an inner layer explains, keeps separate places', () => {
    const inner = JSON.stringify({ text: password });
    const body = JSON.stringify({ events: [inner], plain: email });
    expect(summary(findCanaries(decodePayload(utf8(body)), matchers)).sort()).toEqual(['email:exact@json', 'password:exact@json>string>json']);
  });
});
