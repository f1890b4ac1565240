import type { Body } from '../model';

/** Bodies are kept up to this many bytes; the rest is counted and marked truncated. */
export const BODY_LIMIT = 256 * 1024;
const MAX_FORM_FIELDS = 500;
const MAX_FIELD_LENGTH = 4096;

export interface WebRequestBodyDetails {
  error?: string;
  formData?: Record<string, unknown>;
  raw?: { bytes?: ArrayBuffer; file?: string }[];
}

/** Normalises webRequest's `requestBody` into a `Body`, copying at most `limit` bytes. */
export function captureWebRequestBody(details: WebRequestBodyDetails | undefined | null, limit = BODY_LIMIT): Body | undefined {
  if (!details) return undefined;
  if (details.formData && typeof details.formData === 'object') {
    const fields = readFormFields(details.formData);
    const text = new URLSearchParams(Object.entries(fields).flatMap(([k, vs]) => vs.map((v) => [k, v]))).toString();
    const body = bytesBody(new TextEncoder().encode(text), 'form-data', limit);
    body.fields = fields;
    return body;
  }
  if (Array.isArray(details.raw)) {
    const parts = details.raw.flatMap((part) => (part?.bytes instanceof ArrayBuffer ? [new Uint8Array(part.bytes)] : []));
    const size = parts.reduce((sum, p) => sum + p.byteLength, 0);
    const kept = new Uint8Array(Math.min(size, limit));
    let offset = 0;
    for (const part of parts) {
      if (offset >= kept.length) break;
      const slice = part.subarray(0, kept.length - offset);
      kept.set(slice, offset);
      offset += slice.length;
    }
    return { bytes: kept, size, truncated: size > limit, form: 'raw' };
  }
  return undefined;
}

export function bytesBody(bytes: Uint8Array, form: Body['form'], limit = BODY_LIMIT, size = bytes.byteLength): Body {
  const kept = bytes.byteLength > limit ? bytes.slice(0, limit) : bytes;
  return { bytes: kept, size, truncated: size > kept.byteLength, form };
}

function readFormFields(formData: Record<string, unknown>): Record<string, string[]> {
  const fields: Record<string, string[]> = Object.create(null);
  let count = 0;
  for (const [key, values] of Object.entries(formData)) {
    if (count++ >= MAX_FORM_FIELDS) break;
    const list = Array.isArray(values) ? values : [values];
    fields[key.slice(0, MAX_FIELD_LENGTH)] = list.map((v) => String(v).slice(0, MAX_FIELD_LENGTH));
  }
  return fields;
}
