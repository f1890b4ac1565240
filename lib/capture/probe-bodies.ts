import { PROBE_LIMITS } from './probe-protocol';

/** A body as the probe reports it: its bytes as a latin1 string (structured-clone safe), its size and form. */
export type ProbeBody = Record<string, unknown>;

/**
 * Serialises what a page handed to fetch, XHR, sendBeacon or WebSocket without consuming it. Blobs and Files are read
 * asynchronously; everything else at once. Bounded by the probe's body limit.
 */
export function createBodyReader(win: Window & typeof globalThis): (body: unknown) => Promise<ProbeBody | undefined> | ProbeBody | undefined {
  const encoder = new win.TextEncoder();
  function latin1(bytes: Uint8Array): string {
    let out = '';
    for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return out;
  }

  function bytesBody(bytes: Uint8Array, form: string, size = bytes.byteLength) {
    const kept = bytes.byteLength > PROBE_LIMITS.body ? bytes.subarray(0, PROBE_LIMITS.body) : bytes;
    return { latin1: latin1(kept), size, form };
  }

  /** Serialises a body without consuming it. Blobs are read asynchronously; everything else at once. */
  function readBody(body: unknown): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined {
    if (body === undefined || body === null) return undefined;
    if (typeof body === 'string') return bytesBody(encoder.encode(body.slice(0, PROBE_LIMITS.body)), 'text', body.length);
    if (body instanceof win.URLSearchParams) return bytesBody(encoder.encode(body.toString()), 'url-search-params');
    if (body instanceof win.ArrayBuffer) return bytesBody(new Uint8Array(body.slice(0, PROBE_LIMITS.body)), 'array-buffer', body.byteLength);
    if (win.ArrayBuffer.isView(body)) {
      const view = new Uint8Array(body.buffer, body.byteOffset, Math.min(body.byteLength, PROBE_LIMITS.body));
      return bytesBody(view.slice(), 'array-buffer', body.byteLength);
    }
    if (body instanceof win.FormData) {
      const fields: Record<string, string[]> = {};
      const pairs: string[] = [];
      for (const [key, value] of body.entries()) {
        const text = typeof value === 'string' ? value : `[file ${value.name} ${value.size} bytes]`;
        const values = fields[key] ?? [];
        values.push(text);
        fields[key] = values;
        pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
      }
      const summary = { ...bytesBody(encoder.encode(pairs.join('&')), 'form-data'), fields };
      // Files and Blobs in a FormData (Datadog's replay segment) hold the payload: read them into a multipart body.
      const entries = [...body.entries()];
      return entries.some(([, value]) => typeof value !== 'string') ? readMultipart(entries, fields).catch(() => summary) : summary;
    }
    if (body instanceof win.Blob) {
      const size = body.size;
      return body
        .slice(0, PROBE_LIMITS.body)
        .arrayBuffer()
        .then((buffer) => bytesBody(new Uint8Array(buffer), 'blob', size))
        .catch(() => undefined);
    }
    if (body instanceof win.ReadableStream) return { latin1: '', size: 0, form: 'stream' };
    return undefined;
  }

  /** A FormData as the multipart body the browser would send (the boundary is made up), cut at the body limit. */
  async function readMultipart(entries: [string, FormDataEntryValue][], fields: Record<string, string[]>): Promise<Record<string, unknown>> {
    const boundary = '----ConsentInspectorProbe';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const push = (bytes: Uint8Array) => {
      if (size >= PROBE_LIMITS.body) return;
      const kept = bytes.byteLength > PROBE_LIMITS.body - size ? bytes.subarray(0, PROBE_LIMITS.body - size) : bytes;
      chunks.push(kept);
      size += kept.byteLength;
    };
    let total = 0;
    for (const [key, value] of entries) {
      const file = typeof value === 'string' ? '' : `; filename="${value.name.replace(/["\r\n]/g, '')}"`;
      push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${key.replace(/["\r\n]/g, '')}"${file}\r\n\r\n`));
      const bytes =
        typeof value === 'string' ? encoder.encode(value) : new Uint8Array(await value.slice(0, Math.max(0, PROBE_LIMITS.body - size)).arrayBuffer());
      total += typeof value === 'string' ? bytes.byteLength : value.size;
      push(bytes);
      push(encoder.encode('\r\n'));
    }
    push(encoder.encode(`--${boundary}--\r\n`));
    const out = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return { ...bytesBody(out, 'form-data', Math.max(total, size)), fields };
  }

  return readBody;
}
