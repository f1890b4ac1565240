import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../lib/bytes';
import { FIELD_KINDS, FIELD_LIMITS } from '../../lib/capture/fields';
import {
  BANNER_COMMANDS,
  PROBE_APIS,
  PROBE_LIMITS,
  type ProbeEvent,
  parseProbeBatch,
  parseProbeEvent,
  RECORDER_CONFIG_LIMITS,
} from '../../lib/capture/probe-protocol';
import { check, FUZZ_TIMEOUT, mutated, nastyText, QUICK_MS, withinTime } from './fuzz';

/**
 * Probe messages reach the background as JSON (the page's CustomEvent detail is a JSON string, and Chromium's runtime
 * messages are JSON), so the domain is whatever `JSON.parse` returns: `__proto__` as an own key and 1e400 as Infinity
 * included.
 */
const EXAMPLES: unknown[] = [
  { kind: 'payload', at: 12.5, api: 'fetch', method: 'post', url: 'https://collect.example/e', body: { base64: 'eyJhIjoxfQ==', size: 7, form: 'text' } },
  {
    kind: 'payload',
    at: 1,
    api: 'beacon',
    method: 'POST',
    url: 'https://x.example/b',
    body: { base64: '', size: 0, form: 'form-data', fields: { email: ['a@b.c'] } },
  },
  { kind: 'cookie', at: 3, raw: '_ga=GA1.1.1.1; Max-Age=63072000; path=/', script: 'https://www.googletagmanager.com/gtag/js' },
  { kind: 'storage', at: 4, area: 'localStorage', action: 'set', key: 'ajs_user_id', value: '"42"', valueSize: 4 },
  { kind: 'storage', at: 4, area: 'sessionStorage', action: 'clear' },
  { kind: 'indexedDB', at: 5, name: 'rrweb-events' },
  { kind: 'globals', at: 6, names: ['hj', 'rrweb', '__tcfapi'] },
  { kind: 'consent', at: 7, signal: 'gcm', command: 'update', params: { ad_storage: 'denied', analytics_storage: 'granted' } },
  { kind: 'consent', at: 7, signal: 'tcf', command: 'useractioncomplete', params: { tcString: 'CPx', cmpId: '10', purposes: '1,2' } },
  { kind: 'banner', at: 8, command: 'shown', params: { type: 'unknown', text: 'We use cookies', controls: 'accept,reject', trusted: 'true' } },
  { kind: 'fields', at: 9, fields: [{ kind: 'email', selector: 'form > input#email', element: 'input:email', label: 'Email', markers: ['.hj-suppress'] }] },
  { kind: 'recorder-config', at: 10, vendor: 'hotjar', via: 'hjSiteSettings', options: { 'recording.maskAllInputs': true, 'privacy.selectors': ['.x'] } },
  { kind: 'snapshot', at: 11, localStorage: [['k', 'v']], sessionStorage: [], indexedDB: ['db'], title: 'Shop' },
];

/** Frozen: a generator that wrote into an example would change every later input (and could reach a prototype). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(Object.freeze(value))) deepFreeze(v);
  return value;
}
deepFreeze(EXAMPLES);

const extreme = fc.constantFrom<unknown>(
  JSON.parse('1e400'),
  JSON.parse('-1e400'),
  -1,
  0,
  2 ** 53 + 2,
  1.5,
  '',
  '__proto__',
  null,
  [],
  {},
  true,
  JSON.parse('{"__proto__":{"polluted":1}}'),
);
/** Numbers JSON can carry that a size, a count or a time must not become. */
const numeric = fc.constantFrom(JSON.parse('1e400'), JSON.parse('-1e400'), -1, 2 ** 53 + 2, 0.5);
const jsonish: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 2 }), extreme, nastyText);

/** A text made long: the caps are what is under test. */
const longText = fc.tuple(nastyText, fc.integer({ min: 1, max: 12_000 })).map(([text, n]) => (text || 'x').repeat(Math.ceil(n / Math.max(1, text.length))));

/** A value of the same type as `original`, at its extremes (long texts, numbers JSON should not carry, many entries); sometimes one of another type. */
function perturbed(original: unknown): fc.Arbitrary<unknown> {
  const same =
    typeof original === 'number'
      ? numeric
      : typeof original === 'string'
        ? fc.oneof(
            fc.constant(original),
            nastyText.map((t) => original + t),
            nastyText,
            longText,
            fc.string({ unit: 'binary', maxLength: 20 }),
          )
        : Array.isArray(original)
          ? fc.array(fc.oneof(jsonish, longText, ...(original.length ? [fc.constantFrom(...original)] : [])), { maxLength: 600, size: 'medium' })
          : fc.dictionary(fc.oneof(nastyText, longText, fc.constantFrom('__proto__', 'constructor', 'toString')), fc.oneof(jsonish, longText), { maxKeys: 60 });
  return fc.oneof({ weight: 4, arbitrary: same }, { weight: 1, arbitrary: jsonish }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** Every path to a value in a JSON example, nested objects and arrays included: `['fields', 0, 'selector']`. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (!value || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value).filter(([k]) => k !== '__proto__');
  return [prefix, ...children.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), value);
}

/** An example with values anywhere in it replaced, mostly by values of their own type at their extremes, or removed. */
const damagedEvent: fc.Arbitrary<unknown> = fc.constantFrom(...EXAMPLES).chain((example) => {
  const paths = pathsOf(example).filter((p) => p.length > 0 && p[0] !== 'kind');
  const change = fc.constantFrom(...paths).chain((path) => fc.tuple(fc.constant(path), perturbed(valueAt(example, path))));
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const copy = structuredClone(example) as Record<string, unknown>;
    for (const [path, v] of changes) {
      const parent = valueAt(copy, path.slice(0, -1));
      const key = path[path.length - 1] ?? '';
      if (!parent || typeof parent !== 'object') continue;
      // A copy: values drawn from the example must not share (and let later changes write into) the example.
      if (v === undefined) delete (parent as Record<string | number, unknown>)[key];
      else (parent as Record<string | number, unknown>)[key] = structuredClone(v);
    }
    return copy;
  });
});
/** The example's JSON text, damaged, when it still parses. */
const damagedJson = mutated(EXAMPLES.map((e) => JSON.stringify(e))).map((text) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
});
const anyEvent = fc.oneof({ weight: 4, arbitrary: damagedEvent }, { weight: 1, arbitrary: damagedJson }, { weight: 1, arbitrary: jsonish });

function expectBounded(event: ProbeEvent): void {
  expect(Number.isFinite(event.at)).toBe(true);
  const max = (s: string | undefined, n: number) => expect((s ?? '').length).toBeLessThanOrEqual(n);
  switch (event.kind) {
    case 'payload':
      max(event.url, PROBE_LIMITS.url);
      max(event.method, 16);
      max(event.script, PROBE_LIMITS.script);
      expect(PROBE_APIS).toContain(event.api);
      if (event.body) {
        expect(event.body.bytes.byteLength).toBeLessThanOrEqual(PROBE_LIMITS.body);
        expect(Number.isInteger(event.body.size) && event.body.size >= event.body.bytes.byteLength).toBe(true);
        const fields = Object.entries(event.body.fields ?? {});
        expect(fields.length).toBeLessThanOrEqual(500);
        for (const [k, vs] of fields) {
          max(k, PROBE_LIMITS.key);
          expect(vs.length).toBeLessThanOrEqual(50);
          for (const v of vs) max(v, PROBE_LIMITS.value);
        }
      }
      break;
    case 'cookie':
      max(event.raw, PROBE_LIMITS.cookie);
      break;
    case 'storage':
      max(event.key, PROBE_LIMITS.key);
      max(event.value, PROBE_LIMITS.value);
      if (event.valueSize !== undefined) expect(Number.isInteger(event.valueSize) && event.valueSize >= 0).toBe(true);
      break;
    case 'indexedDB':
      max(event.name, PROBE_LIMITS.key);
      break;
    case 'globals':
      expect(event.names.length).toBeLessThanOrEqual(PROBE_LIMITS.globals);
      for (const n of event.names) max(n, 100);
      break;
    case 'consent':
      max(event.command, 40);
      expect(Object.keys(event.params).length).toBeLessThanOrEqual(20);
      for (const [k, v] of Object.entries(event.params)) max(k, 64), max(v, 4000);
      break;
    case 'banner':
      expect(BANNER_COMMANDS).toContain(event.command);
      for (const v of Object.values(event.params)) max(v, 600);
      break;
    case 'fields':
      expect(event.fields.length).toBeLessThanOrEqual(FIELD_LIMITS.fields);
      for (const f of event.fields) {
        expect(FIELD_KINDS).toContain(f.kind);
        max(f.selector, FIELD_LIMITS.selector), max(f.label, FIELD_LIMITS.label), max(f.element, 40);
        expect(f.markers.length).toBeLessThanOrEqual(20);
      }
      break;
    case 'recorder-config':
      max(event.vendor, RECORDER_CONFIG_LIMITS.vendor), max(event.via, RECORDER_CONFIG_LIMITS.via);
      expect(Object.keys(event.options).length).toBeLessThanOrEqual(RECORDER_CONFIG_LIMITS.options);
      for (const [path, v] of Object.entries(event.options)) {
        max(path, RECORDER_CONFIG_LIMITS.path);
        if (typeof v === 'string') max(v, RECORDER_CONFIG_LIMITS.text);
        if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        if (Array.isArray(v)) expect(v.length).toBeLessThanOrEqual(RECORDER_CONFIG_LIMITS.list);
      }
      break;
    case 'snapshot':
      for (const pairs of [event.localStorage, event.sessionStorage]) {
        expect(pairs.length).toBeLessThanOrEqual(PROBE_LIMITS.snapshotItems);
        for (const [k, v] of pairs) max(k, PROBE_LIMITS.key), max(v, PROBE_LIMITS.value);
      }
      expect(event.indexedDB.length).toBeLessThanOrEqual(PROBE_LIMITS.snapshotItems);
      max(event.title, 500);
      break;
  }
}

describe('probe messages, generated input', () => {
  it(
    'never throws, never pollutes a prototype, and every accepted event stays within its kind caps',
    () => {
      check(
        fc.property(anyEvent, (raw) => {
          const event = withinTime(QUICK_MS, () => parseProbeEvent(raw));
          if (event) expectBounded(event);
          expect(Object.keys(Object.prototype)).toEqual([]);
        }),
        800,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a batch keeps at most its cap of events, counts the rest as rejected, and reads a sane drop count and id',
    () => {
      const batch = fc.record(
        {
          type: fc.oneof(fc.constant('probe-batch'), jsonish),
          events: fc.oneof(
            fc.array(anyEvent, { maxLength: 30 }),
            fc.integer({ min: 0, max: 600 }).map((n) => Array.from({ length: n }, (_, i) => EXAMPLES[i % EXAMPLES.length])),
          ),
          dropped: jsonish,
          id: fc.oneof(fc.stringMatching(/^[\w:-]{1,64}$/), jsonish),
        },
        { requiredKeys: [] },
      );
      check(
        fc.property(fc.oneof(batch, jsonish), (raw) => {
          const parsed = parseProbeBatch(raw);
          if (!parsed) return;
          const events = (raw as { events: unknown[] }).events;
          expect(parsed.events.length).toBeLessThanOrEqual(PROBE_LIMITS.eventsPerBatch);
          expect(parsed.events.length + parsed.rejected).toBe(events.length);
          expect(Number.isInteger(parsed.dropped) && parsed.dropped >= 0).toBe(true);
          if (parsed.id !== undefined) expect(parsed.id).toMatch(/^[\w:-]{1,64}$/);
          parsed.events.forEach(expectBounded);
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'reads back what the probe sends, after the JSON trip',
    () => {
      const text = (max: number) => fc.string({ maxLength: Math.min(max, 40) });
      const at = fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e9 });
      const sent = fc.oneof(
        fc
          .record({
            at,
            api: fc.constantFrom(...PROBE_APIS),
            method: fc.constantFrom('GET', 'POST', 'PUT'),
            url: fc.webUrl(),
            bytes: fc.uint8Array({ maxLength: 300 }),
            extra: fc.nat(1000),
          })
          .map(({ bytes, extra, ...rest }) => ({
            event: { kind: 'payload', ...rest, body: { base64: toBase64(bytes), size: bytes.length + extra, form: 'blob' } },
            expected: { kind: 'payload', ...rest, body: { bytes, size: bytes.length + extra, form: 'blob' } },
          })),
        fc.record({ kind: fc.constant('cookie'), at, raw: text(PROBE_LIMITS.cookie).filter(Boolean), script: fc.webUrl() }),
        fc.record({
          kind: fc.constant('storage'),
          at,
          area: fc.constantFrom('localStorage', 'sessionStorage'),
          action: fc.constantFrom('set', 'remove'),
          key: text(PROBE_LIMITS.key),
          value: text(PROBE_LIMITS.value).filter(Boolean),
          valueSize: fc.nat(),
        }),
        fc.record({ kind: fc.constant('globals'), at, names: fc.array(text(100), { maxLength: 10 }) }),
        fc.record({
          kind: fc.constant('consent'),
          at,
          signal: fc.constantFrom('tcf', 'gcm'),
          command: text(40),
          params: fc.dictionary(
            fc.stringMatching(/^[a-z_]{1,20}$/).filter((k) => k !== '__proto__'),
            text(100),
            { maxKeys: 10 },
          ),
        }),
        fc.record({
          kind: fc.constant('snapshot'),
          at,
          localStorage: fc.array(fc.tuple(text(PROBE_LIMITS.key), text(PROBE_LIMITS.value)), { maxLength: 5 }),
          sessionStorage: fc.array(fc.tuple(text(PROBE_LIMITS.key), text(PROBE_LIMITS.value)), { maxLength: 5 }),
          indexedDB: fc.array(text(PROBE_LIMITS.key), { maxLength: 5 }),
          title: text(500),
        }),
      );
      check(
        fc.property(sent, (s) => {
          const { event, expected } = 'expected' in s ? s : { event: s, expected: s };
          const parsed = parseProbeEvent(JSON.parse(JSON.stringify(event)));
          expect(parsed).toEqual(expected);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});
