import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Shared set-up of the property-based tests (fast-check). The unit run checks each property on a few hundred inputs;
 * `npm run fuzz` multiplies them (FUZZ_SCALE). The seed is one per run (vitest.config.ts sets FUZZ_SEED) and is printed:
 * `FUZZ_SEED=<seed> npx vitest run tests/fuzz` replays the run, and with the `path` a failure prints,
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/fuzz/<file>` replays its counterexample. FUZZ_RUNS sets the
 * runs of every property.
 */
const env = process.env;
const seed = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const scale = Math.max(1, Number(env.FUZZ_SCALE) || 1);
const runs = Number(env.FUZZ_RUNS) || undefined;
const path = env.FUZZ_PATH || undefined;

console.log(`fuzz seed ${seed}${scale > 1 ? `, scale ${scale}` : ''} (replay: FUZZ_SEED=${seed})`);

/** Test timeout for a property: the short run fits the default, a scaled run gets minutes. */
export const FUZZ_TIMEOUT = 20_000 * scale;

/** Checks a property with the run's seed; `base` runs in the unit run, `base × FUZZ_SCALE` in `npm run fuzz`. */
export function check<T>(property: fc.IProperty<T>, base: number): void {
  fc.assert(property, parameters(base));
}

/** `check` for a property whose predicate is async. */
export async function checkAsync<T>(property: fc.IAsyncProperty<T>, base: number): Promise<void> {
  await fc.assert(property, parameters(base));
}

function parameters(base: number): fc.Parameters<unknown> {
  // Past the time limit the property stops generating, and a failure found is reported as shrunk so far.
  const limits = { interruptAfterTimeLimit: FUZZ_TIMEOUT * 0.75 };
  return { seed, numRuns: runs ?? base * scale, ...limits, ...(path && { path, endOnFailure: true }) };
}

/**
 * Time bound of one parser call on input of a few KB. It takes microseconds; the bound catches a quadratic walk or a
 * hang, with room for a machine shared by several test runs.
 */
export const QUICK_MS = 250;

/**
 * The result of `fn`, checked to take less than `budget` ms. A slow parser is slow on every call, while a machine that
 * paused the process (a GC, other test runs) is not: an over-budget call is timed twice more and the fastest counts.
 */
export function withinTime<T>(budget: number, fn: () => T): T {
  let start = performance.now();
  const value = fn();
  let best = performance.now() - start;
  for (let i = 0; i < 2 && best >= budget; i++) {
    start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  expect(best, 'the fastest of up to three calls, in ms').toBeLessThan(budget);
  return value;
}

/**
 * Characters that break parsers: delimiters of every format under test, escapes, quotes, controls, a lone surrogate,
 * non-BMP and right-to-left text, and the names that reach object prototypes.
 */
const NASTY = [
  ';',
  '=',
  ',',
  ':',
  '&',
  '?',
  '#',
  '/',
  '\\',
  '%',
  '%2',
  '%25',
  '%00',
  '%C3%28',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '@',
  '!',
  '~',
  '.',
  '-',
  '_',
  '+',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\ufffd',
  'é',
  'İ',
  'ß',
  '😀',
  '\u202e',
  'null',
  'true',
  'false',
  '-1',
  '0',
  '1e400',
  '9007199254740993',
  'NaN',
  '__proto__',
  'constructor',
  'prototype',
  'xn--',
  '[::1]',
  '<script>',
];

/** A short string made mostly of {@link NASTY} pieces, with some plain characters. */
export const nastyText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY) }, { weight: 2, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) }), { maxLength: 8 })
  .map((parts) => parts.join(''));

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'swap-case'; at: number; length: number }
  | { op: 'encode'; at: number; length: number }
  | { op: 'decode' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: nastyText }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: nastyText }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }), times: fc.integer({ min: 2, max: 300 }) }),
  fc.record({ op: fc.constant('swap-case' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ op: fc.constant('encode' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('decode' as const) }),
);

/** Near-valid input: one of `seeds` (real examples) with a few mutations applied; sometimes the seed unchanged. */
export function mutated(seeds: readonly string[], maxMutations = 4): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: maxMutations })).map(([base, mutations]) => mutations.reduce(applyMutation, base));
}

function applyMutation(text: string, m: Mutation): string {
  const at = 'at' in m ? m.at % (text.length + 1) : 0;
  switch (m.op) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case 'truncate':
      return text.slice(0, at);
    case 'repeat':
      return text.slice(0, at) + text.slice(at, at + m.length).repeat(m.times) + text.slice(at + m.length);
    case 'swap-case': {
      const part = text.slice(at, at + m.length);
      const swapped = [...part].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
      return text.slice(0, at) + swapped + text.slice(at + m.length);
    }
    case 'encode':
      return text.slice(0, at) + safeEncode(text.slice(at, at + m.length)) + text.slice(at + m.length);
    case 'decode':
      try {
        return decodeURIComponent(text);
      } catch {
        return text;
      }
  }
}

function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be encoded; the mutation leaves it.
    return text;
  }
}

/** Every string in a plain value (objects, arrays, maps of records), for length bounds. */
export function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 20) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out, depth + 1);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array))
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out, depth + 1);
    }
  return out;
}

/** A stand-in for a hostile page object, made real by {@link materialize} inside a property (fast-check inspects values). */
export class Hostile {
  constructor(readonly kind: 'throwing-getter' | 'throwing-proxy' | 'throwing-array' | 'symbol' | 'throwing-valueOf' | 'null-prototype') {}
}

/** Page objects at their worst: getters and Proxy traps that throw, symbols, objects whose conversion to a primitive throws. */
export const hostileValue: fc.Arbitrary<Hostile> = fc
  .constantFrom('throwing-getter', 'throwing-proxy', 'throwing-array', 'symbol', 'throwing-valueOf', 'null-prototype')
  .map((kind) => new Hostile(kind));

/** A value of any shape, hostile ones included, nested in objects and arrays. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.anything({ maxDepth: 2 }),
    hostileValue,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** The value with every {@link Hostile} stand-in replaced by the real thing. */
export function materialize(value: unknown, depth = 0): unknown {
  if (value instanceof Hostile) return hostileObject(value.kind);
  if (depth > 10 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => materialize(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialize(v, depth + 1)]));
}

function hostileObject(kind: Hostile['kind']): unknown {
  const boom = () => {
    throw new Error(`hostile ${kind}`);
  };
  switch (kind) {
    case 'throwing-getter':
      return Object.defineProperties({}, { eventStatus: { get: boom, enumerable: true }, consents: { get: boom, enumerable: true } });
    case 'throwing-proxy':
      return new Proxy({}, { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom, getPrototypeOf: boom });
    case 'throwing-array':
      return new Proxy([], { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom });
    case 'symbol':
      return Symbol('hostile');
    case 'throwing-valueOf':
      return { valueOf: boom, toString: boom };
    case 'null-prototype':
      return Object.assign(Object.create(null), { 0: 'consent', 1: 'update', eventStatus: 'tcloaded' });
  }
}
