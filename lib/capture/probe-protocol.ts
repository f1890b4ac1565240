import { fromBase64 } from '../bytes';
import { BODY_LIMIT } from './body';
import type { RecorderOptionValue } from '../model';
import { FIELD_KINDS, FIELD_LIMITS, type FieldInfo } from './fields';

/**
 * Messages from the MAIN-world probe, relayed by the isolated content script. Everything here comes from the page
 * and is untrusted: a page can forge any of it. `parseProbeEvent` validates and caps it; the records built from it
 * are always marked `source: 'probe'` (or `'snapshot'`), never `'network'`.
 */
/** Name of the CustomEvent the probe dispatches on `document`; its detail is a JSON string. */
export const PROBE_EVENT = 'consent-inspector-probe-1';

export const PROBE_LIMITS = {
  body: BODY_LIMIT,
  url: 8192,
  key: 1024,
  value: 4096,
  cookie: 8192,
  script: 2048,
  globals: 200,
  snapshotItems: 500,
  eventsPerBatch: 200,
} as const;

/**
 * Events of each kind one frame may send in one page life; the rest are counted as dropped. Caps are per kind so a
 * flood of one kind (say, forged globals) cannot blind the probe to payloads or cookie writes.
 */
export const PROBE_EVENT_CAPS: Readonly<Record<string, number>> = {
  payload: 10_000,
  cookie: 5_000,
  storage: 10_000,
  indexedDB: 500,
  globals: 200,
  snapshot: 100,
  consent: 500,
  fields: 20,
  banner: 20,
  'recorder-config': 50,
};

/** Bounds of a recorder-config event: option paths kept, and each value's size. */
export const RECORDER_CONFIG_LIMITS = { options: 40, path: 100, vendor: 64, via: 100, text: 300, list: 20 } as const;

export const PROBE_APIS = ['fetch', 'xhr', 'beacon', 'websocket'] as const;
const BODY_FORMS = ['text', 'blob', 'array-buffer', 'url-search-params', 'form-data', 'stream', 'unknown'] as const;
const STORAGE_AREAS = ['localStorage', 'sessionStorage'] as const;
export const CONSENT_SIGNALS = ['tcf', 'gcm'] as const;
const STORAGE_ACTIONS = ['set', 'remove', 'clear'] as const;
/** A consent banner the isolated world saw (`shown`) or a click on one of its controls (`clicked`). */
export const BANNER_COMMANDS = ['shown', 'clicked'] as const;
const BANNER_PARAMS = ['type', 'text', 'topics', 'controls', 'selector', 'lang', 'frame', 'role', 'label', 'trusted'] as const;

/** Runtime messages are JSON in Chromium, so bytes travel as base64 (`base64`) and are decoded here. */
export interface ProbeBody {
  bytes: Uint8Array;
  size: number;
  form: (typeof BODY_FORMS)[number];
  fields?: Record<string, string[]>;
}

export type ProbeEvent =
  | { kind: 'payload'; at: number; api: (typeof PROBE_APIS)[number]; method: string; url: string; body?: ProbeBody; script?: string }
  | { kind: 'cookie'; at: number; raw: string; script?: string }
  | {
      kind: 'storage';
      at: number;
      area: (typeof STORAGE_AREAS)[number];
      action: (typeof STORAGE_ACTIONS)[number];
      key: string;
      value?: string;
      valueSize?: number;
      script?: string;
    }
  | { kind: 'indexedDB'; at: number; name: string; script?: string }
  | { kind: 'globals'; at: number; names: string[] }
  | { kind: 'consent'; at: number; signal: (typeof CONSENT_SIGNALS)[number]; command: string; params: Record<string, string> }
  | { kind: 'fields'; at: number; fields: FieldInfo[] }
  | { kind: 'banner'; at: number; command: (typeof BANNER_COMMANDS)[number]; params: Record<string, string> }
  | { kind: 'recorder-config'; at: number; vendor: string; via: string; options: Record<string, RecorderOptionValue> }
  | { kind: 'snapshot'; at: number; localStorage: [string, string][]; sessionStorage: [string, string][]; indexedDB: string[]; title?: string };

/** What the isolated script sends to the background: one frame's events, stamped with its own clock. */
export interface ProbeBatch {
  type: 'probe-batch';
  events: unknown[];
  /** Events this frame dropped because their kind hit its cap. */
  dropped: number;
  /** `<relay>:<sequence>`, unique per batch: a batch sent again after a worker stop overwrites its own records. */
  id?: string;
}

export function parseProbeBatch(raw: unknown): { events: ProbeEvent[]; dropped: number; rejected: number; id?: string } | undefined {
  if (!isObject(raw) || raw.type !== 'probe-batch' || !Array.isArray(raw.events)) return undefined;
  const events: ProbeEvent[] = [];
  let rejected = 0;
  for (const item of raw.events.slice(0, PROBE_LIMITS.eventsPerBatch)) {
    const event = parseProbeEvent(item);
    if (event) events.push(event);
    else rejected++;
  }
  rejected += Math.max(0, raw.events.length - PROBE_LIMITS.eventsPerBatch);
  const dropped = typeof raw.dropped === 'number' && Number.isFinite(raw.dropped) ? Math.max(0, Math.floor(raw.dropped)) : 0;
  const id = typeof raw.id === 'string' && /^[\w:-]{1,64}$/.test(raw.id) ? raw.id : undefined;
  return { events, dropped, rejected, ...(id && { id }) };
}

export function parseProbeEvent(raw: unknown): ProbeEvent | undefined {
  if (!isObject(raw)) return undefined;
  const at = typeof raw.at === 'number' && Number.isFinite(raw.at) ? raw.at : undefined;
  if (at === undefined) return undefined;
  const script = optionalString(raw.script, PROBE_LIMITS.script);
  switch (raw.kind) {
    case 'payload': {
      const api = oneOf(raw.api, PROBE_APIS);
      const url = string(raw.url, PROBE_LIMITS.url);
      if (!api || url === undefined) return undefined;
      // Upper case can lengthen a string (`ß` is `SS`): the cap applies after it.
      const method = (string(raw.method, 16) ?? 'GET').toUpperCase().slice(0, 16);
      const body = raw.body === undefined ? undefined : parseBody(raw.body);
      if (raw.body !== undefined && !body) return undefined;
      return { kind: 'payload', at, api, method, url, ...(body && { body }), ...(script && { script }) };
    }
    case 'cookie': {
      const cookie = string(raw.raw, PROBE_LIMITS.cookie);
      return cookie === undefined ? undefined : { kind: 'cookie', at, raw: cookie, ...(script && { script }) };
    }
    case 'storage': {
      const area = oneOf(raw.area, STORAGE_AREAS);
      const action = oneOf(raw.action, STORAGE_ACTIONS);
      const key = action === 'clear' ? '' : string(raw.key, PROBE_LIMITS.key);
      if (!area || !action || key === undefined) return undefined;
      const value = optionalString(raw.value, PROBE_LIMITS.value);
      const valueSize = isCount(raw.valueSize) ? Math.floor(raw.valueSize) : value?.length;
      return {
        kind: 'storage',
        at,
        area,
        action,
        key,
        ...(value !== undefined && { value }),
        ...(valueSize !== undefined && { valueSize }),
        ...(script && { script }),
      };
    }
    case 'indexedDB': {
      const name = string(raw.name, PROBE_LIMITS.key);
      return name === undefined ? undefined : { kind: 'indexedDB', at, name, ...(script && { script }) };
    }
    case 'globals': {
      if (!Array.isArray(raw.names)) return undefined;
      const names = raw.names.slice(0, PROBE_LIMITS.globals).flatMap((n) => (typeof n === 'string' && n.length <= 100 ? [n] : []));
      return { kind: 'globals', at, names };
    }
    case 'consent': {
      const signal = oneOf(raw.signal, CONSENT_SIGNALS);
      const command = string(raw.command, 40);
      if (!signal || command === undefined || !isObject(raw.params)) return undefined;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(raw.params).slice(0, 20)) {
        if (typeof value === 'string' && key !== '__proto__') params[key.slice(0, 64)] = value.slice(0, 4000);
      }
      return { kind: 'consent', at, signal, command, params };
    }
    case 'banner': {
      const command = oneOf(raw.command, BANNER_COMMANDS);
      if (!command || !isObject(raw.params)) return undefined;
      const params: Record<string, string> = {};
      for (const key of BANNER_PARAMS) {
        const value = readOwnString(raw.params, key);
        if (value !== undefined) params[key] = value.slice(0, 600);
      }
      return { kind: 'banner', at, command, params };
    }
    case 'fields': {
      if (!Array.isArray(raw.fields)) return undefined;
      const fields = raw.fields.slice(0, FIELD_LIMITS.fields).flatMap((f): FieldInfo[] => {
        if (!isObject(f)) return [];
        const kind = oneOf(f.kind, FIELD_KINDS);
        const selector = string(f.selector, FIELD_LIMITS.selector);
        const element = string(f.element, 40);
        if (!kind || !selector || !element) return [];
        const markers = Array.isArray(f.markers) ? f.markers.slice(0, 20).flatMap((m) => (typeof m === 'string' ? [m.slice(0, 200)] : [])) : [];
        return [{ kind, selector, element, label: string(f.label, FIELD_LIMITS.label) ?? '', markers }];
      });
      return { kind: 'fields', at, fields };
    }
    case 'recorder-config': {
      const vendor = string(raw.vendor, RECORDER_CONFIG_LIMITS.vendor);
      const via = string(raw.via, RECORDER_CONFIG_LIMITS.via);
      if (!vendor || !/^[a-z0-9-]+$/.test(vendor) || !via || !isObject(raw.options)) return undefined;
      return { kind: 'recorder-config', at, vendor, via, options: readOptions(raw.options) };
    }
    case 'snapshot': {
      return {
        kind: 'snapshot',
        at,
        localStorage: readPairs(raw.localStorage),
        sessionStorage: readPairs(raw.sessionStorage),
        ...(typeof raw.title === 'string' && { title: raw.title.slice(0, 500) }),
        indexedDB: Array.isArray(raw.indexedDB)
          ? raw.indexedDB.slice(0, PROBE_LIMITS.snapshotItems).flatMap((n) => (typeof n === 'string' ? [n.slice(0, PROBE_LIMITS.key)] : []))
          : [],
      };
    }
    default:
      return undefined;
  }
}

function parseBody(raw: unknown): ProbeBody | undefined {
  if (!isObject(raw) || typeof raw.base64 !== 'string') return undefined;
  const decoded = fromBase64(raw.base64.slice(0, Math.ceil(PROBE_LIMITS.body / 3) * 4));
  if (!decoded) return undefined;
  const bytes = decoded.subarray(0, PROBE_LIMITS.body);
  const form = oneOf(raw.form, BODY_FORMS) ?? 'unknown';
  const size = isCount(raw.size) && raw.size >= bytes.byteLength ? Math.floor(raw.size) : bytes.byteLength;
  const body: ProbeBody = { bytes, size, form };
  if (isObject(raw.fields)) {
    const fields: Record<string, string[]> = Object.create(null);
    for (const [k, v] of Object.entries(raw.fields).slice(0, 500)) {
      // Strings only, as the probe sends: String() of a forged `{"toString": 1}` throws, and would drop the whole batch.
      if (Array.isArray(v))
        fields[k.slice(0, PROBE_LIMITS.key)] = v.slice(0, 50).flatMap((x) => (typeof x === 'string' ? [x.slice(0, PROBE_LIMITS.value)] : []));
    }
    body.fields = fields;
  }
  return body;
}

/** Option paths and plain values only: strings, finite numbers, booleans, null, and lists of strings, all capped. */
function readOptions(raw: Record<string, unknown>): Record<string, RecorderOptionValue> {
  const options: Record<string, RecorderOptionValue> = Object.create(null);
  for (const [path, value] of Object.entries(raw).slice(0, RECORDER_CONFIG_LIMITS.options)) {
    if (!/^[\w$]+(?:\.[\w$]+)*$/.test(path) || path.length > RECORDER_CONFIG_LIMITS.path || /(?:^|\.)(?:__proto__|constructor|prototype)(?:\.|$)/.test(path))
      continue;
    if (typeof value === 'string') options[path] = value.slice(0, RECORDER_CONFIG_LIMITS.text);
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) options[path] = value;
    else if (Array.isArray(value))
      options[path] = value.slice(0, RECORDER_CONFIG_LIMITS.list).flatMap((v) => (typeof v === 'string' ? [v.slice(0, RECORDER_CONFIG_LIMITS.text)] : []));
  }
  return options;
}

function readPairs(raw: unknown): [string, string][] {
  if (!Array.isArray(raw)) return [];
  return raw
    .slice(0, PROBE_LIMITS.snapshotItems)
    .flatMap((pair) =>
      Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string'
        ? [[pair[0].slice(0, PROBE_LIMITS.key), pair[1].slice(0, PROBE_LIMITS.value)] as [string, string]]
        : [],
    );
}

function readOwnString(obj: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A size or count: JSON's 1e400 parses to Infinity, which no page can have sent. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function string(value: unknown, max: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function optionalString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value ? value.slice(0, max) : undefined;
}

function oneOf<T extends string>(value: unknown, options: readonly T[]): T | undefined {
  return options.find((option) => option === value);
}
