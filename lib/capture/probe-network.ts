import { PAGE_WORKER_GLOBAL } from '../model';
import { createBodyReader } from './probe-bodies';
import type { ProbeContext } from './probe-context';
import { PROBE_LIMITS } from './probe-protocol';

/** Hooks what a page hands to fetch, XMLHttpRequest, navigator.sendBeacon and WebSocket.send, and reports it. */
export function hookNetwork({ win, emit, guard, wrap, callerScript }: ProbeContext): void {
  const readBody = createBodyReader(win);

  function emitPayload(api: string, method: string, url: string, body: unknown, script: string | undefined): void {
    const read = guard(() => readBody(body));
    const send = (serialised: Record<string, unknown> | undefined) =>
      emit({ kind: 'payload', api, method, url: String(url).slice(0, PROBE_LIMITS.url), ...(serialised && { body: serialised }), ...(script && { script }) });
    if (read instanceof win.Promise || read instanceof Promise) void read.then(send, () => send(undefined));
    else send(read);
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

  noteFirstWorker({ win, emit, guard });

  wrap(
    win.WebSocket.prototype,
    'send',
    (original) =>
      function send(this: WebSocket, ...args: unknown[]) {
        guard(() => emitPayload('websocket', 'SEND', this.url, args[0], callerScript()));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as WebSocket['send'],
  );
}

/**
 * Reports the page's first `new Worker(...)` (once per document). A worker's uploads do not pass through the hooks
 * above, and Firefox names no document for them: the time the page first made one tells its requests from those of a
 * worker of the page the tab just left. The constructor stays the page's own behind a Proxy: same prototype, same
 * `instanceof`, subclasses still construct.
 */
function noteFirstWorker({ win, emit, guard }: Pick<ProbeContext, 'win' | 'emit' | 'guard'>): void {
  guard(() => {
    const original = win.Worker;
    if (typeof original !== 'function') return;
    let noted = false;
    const hooked = new Proxy(original, {
      construct(target, args, newTarget) {
        if (!noted) {
          noted = true;
          emit({ kind: 'globals', names: [PAGE_WORKER_GLOBAL] });
        }
        return Reflect.construct(target, args, newTarget);
      },
    });
    Object.defineProperty(win, 'Worker', { value: hooked, writable: true, configurable: true, enumerable: false });
  });
}
