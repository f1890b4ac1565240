import { PROBE_EVENT, PROBE_LIMITS } from './probe-protocol';
import { readConfigGlobals, watchRecorderConfig } from './recorder-config-watch';

/**
 * The MAIN-world probe: runs at document_start in every frame, before the page's scripts, and reports what the page
 * hands to fetch, XHR, sendBeacon and WebSocket, its document.cookie and Web Storage writes, the IndexedDB databases
 * it opens and which well-known globals it defines.
 *
 * It observes only: every hook calls the original with the original arguments and returns its result, and a failure
 * inside the probe never reaches the page. Events go to the isolated content script as a JSON string in a
 * CustomEvent on `document` (strings cross worlds; the page's `message` listeners never see them).
 */
export function installProbe(win: Window & typeof globalThis, globals: readonly string[]): void {
  const doc = win.document;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const CustomEventCtor = win.CustomEvent;
  const stringify = win.JSON.stringify;
  const encoder = new win.TextEncoder();

  function emit(event: Record<string, unknown>): void {
    try {
      dispatch.call(doc, new CustomEventCtor(PROBE_EVENT, { detail: stringify(event) }));
    } catch {
      // A page may have broken JSON or the DOM; the probe then stays silent rather than break the page.
    }
  }

  function guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }

  function callerScript(): string | undefined {
    const stack = guard(() => new Error().stack) ?? '';
    for (const line of stack.split('\n')) {
      const match = /((?:https?|file):\/\/[^\s)]+?)(?::\d+){1,2}\)?\s*$/.exec(line);
      if (match?.[1]) return match[1].slice(0, PROBE_LIMITS.script);
    }
    return undefined;
  }

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

  function emitPayload(api: string, method: string, url: string, body: unknown, script: string | undefined): void {
    const read = guard(() => readBody(body));
    const send = (serialised: Record<string, unknown> | undefined) =>
      emit({ kind: 'payload', api, method, url: String(url).slice(0, PROBE_LIMITS.url), ...(serialised && { body: serialised }), ...(script && { script }) });
    if (read instanceof win.Promise || read instanceof Promise) void read.then(send, () => send(undefined));
    else send(read);
  }

  function wrap<T extends object, K extends keyof T>(target: T, key: K, make: (original: T[K]) => T[K]): void {
    guard(() => {
      const original = target[key];
      if (typeof original !== 'function') return;
      const wrapped = make(original);
      Object.defineProperty(target, key, { value: wrapped, writable: true, configurable: true, enumerable: false });
    });
  }

  wrap(
    win,
    'fetch',
    (original) =>
      function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
        guard(() => {
          const script = callerScript();
          if (input instanceof win.Request) {
            const method = init?.method ?? input.method;
            if (init?.body !== undefined) emitPayload('fetch', method, input.url, init.body, script);
            else if (method !== 'GET' && method !== 'HEAD')
              void input
                .clone()
                .arrayBuffer()
                .then(
                  (b) => emitPayload('fetch', method, input.url, b, script),
                  () => undefined,
                );
            else emitPayload('fetch', method, input.url, undefined, script);
          } else {
            emitPayload('fetch', init?.method ?? 'GET', String(input), init?.body, script);
          }
        });
        // biome-ignore lint/complexity/noArguments: the page's own call arity is passed on unchanged (fetch(url) vs fetch(url, undefined)).
        return Reflect.apply(original as (...args: unknown[]) => unknown, this, [input, init].slice(0, arguments.length));
      } as typeof win.fetch,
  );

  const xhrRequests = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  wrap(
    win.XMLHttpRequest.prototype,
    'open',
    (original) =>
      function open(this: XMLHttpRequest, ...args: unknown[]) {
        guard(() => xhrRequests.set(this, { method: String(args[0]), url: String(args[1]) }));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as XMLHttpRequest['open'],
  );
  wrap(
    win.XMLHttpRequest.prototype,
    'send',
    (original) =>
      function send(this: XMLHttpRequest, ...args: unknown[]) {
        guard(() => {
          const request = xhrRequests.get(this);
          if (request) emitPayload('xhr', request.method, request.url, args[0], callerScript());
        });
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as XMLHttpRequest['send'],
  );

  if (typeof win.navigator.sendBeacon === 'function') {
    wrap(
      win.Navigator.prototype,
      'sendBeacon',
      (original) =>
        function sendBeacon(this: Navigator, ...args: unknown[]) {
          guard(() => emitPayload('beacon', 'POST', String(args[0]), args[1], callerScript()));
          return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
        } as Navigator['sendBeacon'],
    );
  }

  wrap(
    win.WebSocket.prototype,
    'send',
    (original) =>
      function send(this: WebSocket, ...args: unknown[]) {
        guard(() => emitPayload('websocket', 'SEND', this.url, args[0], callerScript()));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as WebSocket['send'],
  );

  guard(() => {
    const descriptor = Object.getOwnPropertyDescriptor(win.Document.prototype, 'cookie');
    const setter = descriptor?.set;
    if (!descriptor || !setter) return;
    Object.defineProperty(win.Document.prototype, 'cookie', {
      ...descriptor,
      set(this: Document, value: string) {
        guard(() => emit({ kind: 'cookie', raw: String(value).slice(0, PROBE_LIMITS.cookie), script: callerScript() }));
        setter.call(this, value);
      },
    });
  });

  function areaOf(storage: Storage): string | undefined {
    if (guard(() => storage === win.localStorage)) return 'localStorage';
    if (guard(() => storage === win.sessionStorage)) return 'sessionStorage';
    return undefined;
  }
  wrap(
    win.Storage.prototype,
    'setItem',
    (original) =>
      function setItem(this: Storage, ...args: unknown[]) {
        guard(() => {
          const value = String(args[1]);
          emit({
            kind: 'storage',
            area: areaOf(this),
            action: 'set',
            key: String(args[0]),
            value: value.slice(0, PROBE_LIMITS.value),
            valueSize: value.length,
            script: callerScript(),
          });
        });
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as Storage['setItem'],
  );
  wrap(
    win.Storage.prototype,
    'removeItem',
    (original) =>
      function removeItem(this: Storage, ...args: unknown[]) {
        guard(() => emit({ kind: 'storage', area: areaOf(this), action: 'remove', key: String(args[0]), script: callerScript() }));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as Storage['removeItem'],
  );
  wrap(
    win.Storage.prototype,
    'clear',
    (original) =>
      function clear(this: Storage, ...args: unknown[]) {
        guard(() => emit({ kind: 'storage', area: areaOf(this), action: 'clear', key: '', script: callerScript() }));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as Storage['clear'],
  );

  if (win.IDBFactory) {
    wrap(
      win.IDBFactory.prototype,
      'open',
      (original) =>
        function open(this: IDBFactory, ...args: unknown[]) {
          guard(() => emit({ kind: 'indexedDB', name: String(args[0]).slice(0, PROBE_LIMITS.key), script: callerScript() }));
          return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
        } as IDBFactory['open'],
    );
  }

  watchConsentSignals(win, emit, guard);
  watchRecorderConfig(win, emit, guard);
  const configsRead = new Set<string>();

  const reported = new Set<string>();
  /**
   * rrweb-family recorders (PostHog, Sentry, Amplitude, Mixpanel, Highlight, self-hosted rrweb) leave
   * `__rrweb_original__` on the functions they patch (Element.prototype.attachShadow for shadow DOM,
   * customElements.define, canvas methods), whatever host served them.
   */
  function rrwebFingerprint(): boolean {
    const marked = (fn: unknown) => typeof fn === 'function' && '__rrweb_original__' in fn;
    return (
      guard(() => marked(win.Element.prototype.attachShadow) || marked(win.customElements?.define) || marked(win.HTMLCanvasElement.prototype.getContext)) ===
      true
    );
  }
  function reportGlobals(): void {
    if (!reported.has(RRWEB_FINGERPRINT) && rrwebFingerprint()) {
      reported.add(RRWEB_FINGERPRINT);
      emit({ kind: 'globals', names: [RRWEB_FINGERPRINT] });
    }
    // `in` alone would report `dataLayer` everywhere: the probe itself defines an accessor for it.
    const found = globals.filter(
      (name) => !reported.has(name) && guard(() => name in win && (win as unknown as Record<string, unknown>)[name] !== undefined) === true,
    );
    if (!found.length) return;
    for (const name of found) reported.add(name);
    emit({ kind: 'globals', names: found });
  }
  const report = () => {
    reportGlobals();
    readConfigGlobals(win, emit, guard, configsRead);
  };
  win.addEventListener('DOMContentLoaded', report);
  win.addEventListener('load', () => {
    report();
    win.setTimeout(report, 2000);
    win.setTimeout(report, 8000);
  });
}

/** The name under which the probe reports the rrweb fingerprint, as if it were a global. */
export const RRWEB_FINGERPRINT = '__rrweb_original__';

const GCM_KEYS = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
  'wait_for_update',
  'region',
];

/**
 * Consent signals the page itself gives: IAB TCF events from `__tcfapi` (top frame), and Google Consent Mode
 * commands pushed to `dataLayer` (`gtag('consent', 'default' | 'update', {...})`).
 */
function watchConsentSignals(win: Window & typeof globalThis, emit: (event: Record<string, unknown>) => void, guard: <T>(fn: () => T) => T | undefined): void {
  const readGcm = (entry: unknown) => {
    const args = entry as { 0?: unknown; 1?: unknown; 2?: unknown; length?: unknown } | null;
    if (!args || typeof args !== 'object' || args[0] !== 'consent' || (args[1] !== 'default' && args[1] !== 'update')) return;
    const params: Record<string, string> = {};
    const raw = args[2];
    if (raw && typeof raw === 'object') {
      for (const key of GCM_KEYS) {
        const value = (raw as Record<string, unknown>)[key];
        if (typeof value === 'string' || typeof value === 'number') params[key] = String(value).slice(0, 100);
      }
    }
    emit({ kind: 'consent', signal: 'gcm', command: args[1], params });
  };
  const wrapPush = (layer: unknown) => {
    if (!Array.isArray(layer) || (layer as { __ciWrapped?: boolean }).__ciWrapped) return;
    for (const entry of layer) guard(() => readGcm(entry));
    const push = layer.push;
    Object.defineProperty(layer, '__ciWrapped', { value: true });
    Object.defineProperty(layer, 'push', {
      configurable: true,
      writable: true,
      value(this: unknown[], ...items: unknown[]) {
        for (const item of items) guard(() => readGcm(item));
        return push.apply(this, items);
      },
    });
  };
  // gtag pushes to window.dataLayer, which the page creates with `window.dataLayer = window.dataLayer || []`.
  guard(() => {
    let layer: unknown = (win as unknown as { dataLayer?: unknown }).dataLayer;
    wrapPush(layer);
    Object.defineProperty(win, 'dataLayer', {
      configurable: true,
      enumerable: true,
      get: () => layer,
      set: (value: unknown) => {
        layer = value;
        guard(() => wrapPush(value));
      },
    });
  });

  if (win !== win.top) return;
  let listening = false;
  const listenTcf = () => {
    const api = (win as unknown as { __tcfapi?: unknown }).__tcfapi;
    if (listening || typeof api !== 'function') return;
    listening = true;
    guard(() =>
      api('addEventListener', 2, (data: unknown, success: unknown) => {
        if (!success || !data || typeof data !== 'object') return;
        const tc = data as { eventStatus?: unknown; tcString?: unknown; cmpId?: unknown; gdprApplies?: unknown; purpose?: { consents?: unknown } };
        const consents = tc.purpose?.consents;
        emit({
          kind: 'consent',
          signal: 'tcf',
          command: String(tc.eventStatus ?? ''),
          params: {
            tcString: typeof tc.tcString === 'string' ? tc.tcString.slice(0, 4000) : '',
            cmpId: String(tc.cmpId ?? ''),
            gdprApplies: String(tc.gdprApplies ?? ''),
            purposes:
              consents && typeof consents === 'object'
                ? Object.keys(consents)
                    .filter((k) => (consents as Record<string, unknown>)[k] === true)
                    .join(',')
                : '',
          },
        });
      }),
    );
  };
  win.addEventListener('DOMContentLoaded', listenTcf);
  win.addEventListener('load', () => {
    listenTcf();
    win.setTimeout(listenTcf, 1500);
  });
}
