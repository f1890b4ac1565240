import { RECORDER_CONFIG_LIMITS } from './probe-protocol';

/**
 * What the MAIN-world probe reads of a session recorder's configuration, where the page hands it over: the options of
 * an init call on the SDK's global, or a settings global the page sets before the SDK loads. Bundled SDKs that expose
 * no global are not visible here (their configuration is then "not visible").
 */
export interface ConfigCall {
  /** Method of the global whose call carries options; `''` when the global itself is called with a command. */
  method: string;
  /** For a command-style global (`smartlook('record', {...})`): the argument that selects this call… */
  command?: string;
  /** …and its index (default 0; Yandex Metrica's `ym(<counter>, 'init', {...})` has it at 1). */
  commandAt?: number;
  /** Index of the options argument. */
  arg: number;
  /** Option paths kept, relative to the options object; `a.*` keeps every plain value directly under `a`. */
  keep: readonly string[];
}

export interface ConfigWatch {
  global: string;
  /** Vendor id in data/vendors. */
  vendor: string;
  calls: readonly ConfigCall[];
}

const SENTRY_REPLAY = ['maskAllInputs', 'maskAllText', 'blockAllMedia', 'mask', 'unmask', 'block', 'unblock', 'ignore', 'maskFn'];
const AMPLITUDE_SR = [
  'sampleRate',
  'optOut',
  'privacyConfig.defaultMaskLevel',
  'privacyConfig.maskSelector',
  'privacyConfig.unmaskSelector',
  'privacyConfig.blockSelector',
];

/**
 * The globals watched, with option names from each SDK's own types: posthog-js 1.449.2 (@posthog/types
 * posthog-config.ts), mixpanel-browser 2.83.0 (src/recorder/masking.js), @datadog/browser-rum 7.16.2, @sentry/browser
 * 11.12.0 (replayIntegration), logrocket 12.4.0 (IOptions.dom), @amplitude/session-replay-browser 1.50.0,
 * highlight.run 10.7.5, clarity-js 0.8.70 (core/config.ts) and the Smartlook web SDK
 * (https://web.developer.smartlook.com/docs/sensitive-data-protection).
 */
export const CONFIG_WATCHES: readonly ConfigWatch[] = [
  {
    global: 'posthog',
    vendor: 'posthog',
    calls: [
      {
        method: 'init',
        arg: 1,
        keep: [
          'disable_session_recording',
          'session_recording.maskAllInputs',
          'session_recording.maskInputOptions.*',
          'session_recording.maskTextSelector',
          'session_recording.maskTextClass',
          'session_recording.maskInputFn',
          'session_recording.maskTextFn',
          'session_recording.blockSelector',
          'session_recording.blockClass',
          'session_recording.ignoreClass',
        ],
      },
    ],
  },
  {
    global: 'mixpanel',
    vendor: 'mixpanel-session-replay',
    calls: [
      {
        method: 'init',
        arg: 1,
        keep: [
          'record_sessions_percent',
          'record_mask_all_inputs',
          'record_mask_input_selector',
          'record_unmask_input_selector',
          'record_mask_all_text',
          'record_mask_text_selector',
          'record_unmask_text_selector',
          'record_mask_text_class',
          'record_block_selector',
          'record_block_class',
        ],
      },
    ],
  },
  {
    global: 'Sentry',
    vendor: 'sentry-replay',
    calls: [
      { method: 'init', arg: 0, keep: ['replaysSessionSampleRate', 'replaysOnErrorSampleRate'] },
      { method: 'replayIntegration', arg: 0, keep: SENTRY_REPLAY },
    ],
  },
  {
    global: 'LogRocket',
    vendor: 'logrocket',
    calls: [
      {
        method: 'init',
        arg: 1,
        keep: ['dom.isEnabled', 'dom.inputSanitizer', 'dom.textSanitizer', 'dom.redactSelectors', 'dom.hideSelectors', 'dom.privateAttributeBlocklist'],
      },
    ],
  },
  {
    global: 'smartlook',
    vendor: 'smartlook',
    calls: [
      { method: '', command: 'init', arg: 2, keep: ['region', 'cookies'] },
      { method: '', command: 'record', arg: 1, keep: ['forms', 'numbers', 'emails', 'ips'] },
    ],
  },
  {
    global: 'sessionReplay',
    vendor: 'amplitude-session-replay',
    calls: [
      { method: 'init', arg: 1, keep: AMPLITUDE_SR },
      { method: 'plugin', arg: 0, keep: AMPLITUDE_SR },
    ],
  },
  { global: 'H', vendor: 'highlight', calls: [{ method: 'init', arg: 1, keep: ['privacySetting', 'disableSessionRecording', 'manualStart'] }] },
  // https://yandex.com/support/metrica/en/code/counter-initialize.html: webvisor: true turns WebVisor on.
  { global: 'ym', vendor: 'yandex-metrica-webvisor', calls: [{ method: '', command: 'init', commandAt: 1, arg: 2, keep: ['webvisor'] }] },
  { global: 'clarity', vendor: 'microsoft-clarity', calls: [{ method: '', command: 'start', arg: 1, keep: ['content', 'mask', 'unmask', 'track'] }] },
];

/**
 * SDKs whose configuration is read back through their own public getter after load, not by wrapping init: a wrapper
 * is the frame that calls init, and Datadog refuses to start when that frame is an extension's
 * (@datadog/browser-core 7.16.2 extension/extensionUtils.ts). `getInitConfiguration()` is Datadog's documented API.
 */
export const CONFIG_GETTERS: readonly { global: string; vendor: string; method: string; keep: readonly string[] }[] = [
  {
    global: 'DD_RUM',
    vendor: 'datadog-rum',
    method: 'getInitConfiguration',
    keep: ['defaultPrivacyLevel', 'sessionReplaySampleRate', 'replaySampleRate', 'sessionSampleRate', 'startSessionReplayRecordingManually'],
  },
];

/**
 * Settings the page sets on a global before the SDK loads, read (never wrapped) after the page's scripts ran: New
 * Relic's `NREUM.init` (https://docs.newrelic.com/docs/browser/new-relic-browser/configuration/browser-agent-init-configuration/)
 * and FullStory's `_fs_capture_on_startup` (https://developer.fullstory.com/browser/fullcapture/capture-data/).
 */
export const CONFIG_GLOBALS: readonly { global: string; vendor: string; keep: readonly string[] }[] = [
  { global: 'NREUM', vendor: 'newrelic-session-replay', keep: ['init.session_replay.*'] },
  { global: '_fs_capture_on_startup', vendor: 'fullstory', keep: [''] },
];

type Emit = (event: Record<string, unknown>) => void;
type Guard = <T>(fn: () => T) => T | undefined;

/**
 * Watches the globals above: an accessor on the window sees the page set each one, and the methods that take options
 * are replaced by a Proxy that reads the arguments, then calls the original with the original arguments and `this`
 * and returns its result. A frozen object or a global defined by `let`/`const` is simply not visible.
 */
export function watchRecorderConfig(win: object, emit: Emit, guard: Guard, watches: readonly ConfigWatch[] = CONFIG_WATCHES): void {
  // Taken now, before the page's scripts run: a page that later replaces Proxy or Reflect does not reach the probe.
  const intrinsics: Intrinsics = {
    defineProperty: Object.defineProperty,
    describe: Object.getOwnPropertyDescriptor,
    ProxyCtor: Proxy,
    apply: Reflect.apply,
  };
  for (const watch of watches) guard(() => watchGlobal(win, watch, emit, guard, intrinsics));
}

interface Intrinsics {
  defineProperty: typeof Object.defineProperty;
  describe: typeof Object.getOwnPropertyDescriptor;
  ProxyCtor: typeof Proxy;
  apply: typeof Reflect.apply;
}

/** Reads the settings globals and getters (call after the page's scripts ran; reports each distinct reading once). */
export function readConfigGlobals(win: object, emit: Emit, guard: Guard, seen: Set<string>, globals = CONFIG_GLOBALS, getters = CONFIG_GETTERS): void {
  for (const { global, vendor, method, keep } of getters) {
    guard(() => {
      const target = (win as Record<string, unknown>)[global] as Record<string, unknown> | undefined;
      const getter = target?.[method];
      if (typeof getter !== 'function') return;
      const options = pick(getter.call(target), keep);
      const via = `${global}.${method}()`;
      const key = `${via}|${JSON.stringify(options)}`;
      if (!options || seen.has(key)) return;
      seen.add(key);
      emit({ kind: 'recorder-config', vendor, via, options });
    });
  }
  for (const { global, vendor, keep } of globals) {
    guard(() => {
      const value = (win as Record<string, unknown>)[global];
      if (value === undefined) return;
      const options = keep.length === 1 && keep[0] === '' ? pickValue(global, value) : pick(value, keep);
      const key = `${global}|${JSON.stringify(options)}`;
      if (!options || seen.has(key)) return;
      seen.add(key);
      emit({ kind: 'recorder-config', vendor, via: global, options });
    });
  }
}

function watchGlobal(win: object, watch: ConfigWatch, emit: Emit, guard: Guard, { defineProperty, describe, ProxyCtor, apply }: Intrinsics): void {
  const descriptor = describe(win, watch.global);
  if (descriptor && (!descriptor.configurable || !('value' in descriptor))) return;
  const proxies = new WeakMap<object, unknown>();
  let value: unknown = descriptor?.value;
  const instrument = (v: unknown): unknown => {
    if (typeof v !== 'function' && (typeof v !== 'object' || v === null)) return v;
    for (const call of watch.calls) {
      if (call.method !== '') guard(() => wrapMethod(v as Record<string, unknown>, call));
    }
    const commands = watch.calls.filter((c) => c.method === '');
    if (!commands.length || typeof v !== 'function' || proxies.has(v)) return proxies.get(v) ?? v;
    const proxy = new ProxyCtor(v, {
      apply(target, thisArg, args: unknown[]) {
        guard(() => {
          const call = commands.find((c) => c.command === args[c.commandAt ?? 0]);
          if (call) report(call, `${watch.global}(${String(call.command)})`, args);
        });
        return apply(target, thisArg, args);
      },
    });
    proxies.set(v, proxy);
    proxies.set(proxy, proxy);
    return proxy;
  };
  const report = (call: ConfigCall, via: string, args: readonly unknown[]) => {
    const options = pick(args[call.arg], call.keep);
    emit({ kind: 'recorder-config', vendor: watch.vendor, via, options: options ?? {} });
  };
  const wrapped = new WeakSet<object>();
  const wrapMethod = (target: Record<string, unknown>, call: ConfigCall) => {
    const original = target[call.method];
    if (typeof original !== 'function' || wrapped.has(original)) return;
    const own = describe(target, call.method);
    if (own && (!own.configurable || !('value' in own))) return;
    const proxy = new ProxyCtor(original, {
      apply(fn, thisArg, args: unknown[]) {
        guard(() => report(call, `${watch.global}.${call.method}`, args));
        return apply(fn, thisArg, args);
      },
    });
    wrapped.add(proxy);
    defineProperty(target, call.method, { value: proxy, writable: true, configurable: true, enumerable: own?.enumerable ?? false });
  };
  value = instrument(value);
  defineProperty(win, watch.global, {
    configurable: true,
    enumerable: descriptor?.enumerable ?? true,
    get() {
      // Snippets assign the global first and its methods after: instrument on every read until they exist.
      const current = guard(() => instrument(value));
      if (current !== undefined) value = current;
      return value;
    },
    set(next: unknown) {
      value = next;
      const current = guard(() => instrument(next));
      if (current !== undefined) value = current;
    },
  });
}

/** The kept option paths of an options object, as plain bounded values; undefined when it is not an object. */
export function pick(options: unknown, keep: readonly string[]): Record<string, unknown> | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const path of keep) {
    try {
      count = keepPath(options, path, out, count);
    } catch {
      // A page getter that throws: that option stays unread, the others are kept.
    }
  }
  return out;
}

function keepPath(options: object, path: string, out: Record<string, unknown>, count: number): number {
  const wildcard = path.endsWith('.*');
  const parts = (wildcard ? path.slice(0, -2) : path).split('.');
  let node: unknown = options;
  for (const part of parts) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  const entries: [string, unknown][] =
    wildcard && typeof node === 'object' && node !== null && !Array.isArray(node)
      ? Object.keys(node)
          .slice(0, RECORDER_CONFIG_LIMITS.list)
          .map((k) => [`${parts.join('.')}.${k}`, (node as Record<string, unknown>)[k]])
      : wildcard
        ? []
        : [[path, node]];
  let kept = count;
  for (const [key, raw] of entries) {
    const value = plain(raw);
    if (value === undefined || kept >= RECORDER_CONFIG_LIMITS.options) continue;
    out[key] = value;
    kept++;
  }
  return kept;
}

function pickValue(name: string, value: unknown): Record<string, unknown> | undefined {
  const v = plain(value);
  return v === undefined ? undefined : { [name]: v };
}

/** A value as the record keeps it: callbacks become `[function]`, regular expressions their source. */
function plain(value: unknown): unknown {
  const { text, list } = RECORDER_CONFIG_LIMITS;
  if (typeof value === 'string') return value.slice(0, text);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'function') return '[function]';
  if (value instanceof RegExp) return String(value).slice(0, text);
  if (Array.isArray(value))
    return value
      .slice(0, list)
      .flatMap((item) => (typeof item === 'string' ? [item.slice(0, text)] : item instanceof RegExp ? [String(item).slice(0, text)] : []));
  return undefined;
}

/**
 * The CSS selectors a recorder configuration names (mask, unmask, block selectors; class names become `.class`), so
 * the field scan can say which fields they cover. Which of them masks or unmasks is the replay reader's business.
 */
export function configSelectors(options: unknown): string[] {
  if (typeof options !== 'object' || options === null) return [];
  const out: string[] = [];
  for (const [path, value] of Object.entries(options)) {
    const name = path.slice(path.lastIndexOf('.') + 1);
    const isClass = /Class$|_class$/.test(name);
    if (!isClass && !/[Ss]elector|^(?:mask|unmask|block|unblock|ignore)$|Selectors$/.test(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      // Field markers are kept up to 200 characters: a longer selector could never be found among them.
      if (typeof item !== 'string' || !item.trim() || item.startsWith('/') || item.length > 200) continue;
      out.push(isClass ? `.${item.trim()}` : item.trim());
    }
  }
  return out.slice(0, RECORDER_CONFIG_LIMITS.list);
}
