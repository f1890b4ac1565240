import type { Report } from './types';

/**
 * The SHA-256 of the report's JSON body. `over` says what was hashed: `JSON.stringify` (no spaces) of the report
 * without its `integrity` field, in the order the fields appear. So anyone can check a file:
 * parse it, delete `integrity`, `JSON.stringify` it, and hash the UTF-8 bytes.
 */
export interface Integrity {
  algorithm: 'SHA-256';
  over: 'json-without-integrity';
  /** Lowercase hex. */
  sha256: string;
}

export type SignedReport = Report & { integrity: Integrity };

/** SHA-256 of the bytes; `crypto.subtle.digest` in the extension and in Node. */
export type Digest = (bytes: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

export const subtleSha256: Digest = (bytes) => crypto.subtle.digest('SHA-256', bytes);

export async function withIntegrity(report: Report, digest: Digest = subtleSha256): Promise<SignedReport> {
  const { integrity: _ignored, ...body } = report as Report & { integrity?: unknown };
  return { ...body, integrity: { algorithm: 'SHA-256', over: 'json-without-integrity', sha256: await sha256Hex(JSON.stringify(body), digest) } };
}

/** Whether parsed JSON carries an integrity field that matches its body. */
export async function hasValidIntegrity(parsed: unknown, digest: Digest = subtleSha256): Promise<boolean> {
  if (typeof parsed !== 'object' || parsed === null || !('integrity' in parsed)) return false;
  const { integrity, ...body } = parsed as { integrity: unknown };
  if (typeof integrity !== 'object' || integrity === null) return false;
  const claimed = (integrity as { sha256?: unknown }).sha256;
  return typeof claimed === 'string' && claimed === (await sha256Hex(JSON.stringify(body), digest));
}

async function sha256Hex(text: string, digest: Digest): Promise<string> {
  const hash = new Uint8Array(await digest(new TextEncoder().encode(text)));
  return [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
}
