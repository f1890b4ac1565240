import { TCModel, TCString } from '@iabtechlabtcf/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTcfEvent, readTcString, TC_STRING_MAX_LENGTH, TC_VENDOR_IDS_MAX, type TcStringFailure } from '../../lib/consent/tcf';
import { offlineGvl } from '../fixtures/tc-strings';
import { check, FUZZ_TIMEOUT, mutated, withinTime } from './fuzz';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FAILURES: readonly TcStringFailure[] = ['not-a-string', 'empty', 'too-long', 'invalid-characters', 'unsupported-version', 'too-complex', 'malformed'];
/** A decode of the longest string allowed stays far below this (the library's own worst case is seconds). */
const DECODE_BUDGET_MS = 500;

interface TcInput {
  cmpId: number;
  cmpVersion: number;
  purposes: number[];
  legitimateInterests: number[];
  specialFeatures: number[];
  vendors: number[];
  vendorInterests: number[];
  publisherConsents: number[];
  serviceSpecific: boolean;
}

const ids = (max: number, maxLength: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { maxLength }).map((a) => a.sort((x, y) => x - y));
/** Vendor ids as CMPs write them: a few scattered ids, or long runs (which the encoder writes as ranges). */
const vendorIds = fc.oneof(
  ids(3_000, 40),
  fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 1_500 })).map(([first, n]) => Array.from({ length: n }, (_, i) => first + i)),
);
const tcInput: fc.Arbitrary<TcInput> = fc.record({
  cmpId: fc.integer({ min: 2, max: 4095 }),
  cmpVersion: fc.integer({ min: 1, max: 4095 }),
  purposes: ids(11, 11),
  legitimateInterests: ids(11, 11),
  specialFeatures: ids(2, 2),
  vendors: vendorIds,
  vendorInterests: ids(1_000, 20),
  publisherConsents: ids(11, 11),
  serviceSpecific: fc.boolean(),
});

/** A real TC string, encoded by the IAB library from the input. */
function encode(input: TcInput): string {
  const model = new TCModel(offlineGvl([...new Set([1, ...input.vendors, ...input.vendorInterests])]));
  model.cmpId = input.cmpId;
  model.cmpVersion = input.cmpVersion;
  model.publisherCountryCode = 'DE';
  model.isServiceSpecific = input.serviceSpecific;
  model.purposeConsents.set(input.purposes);
  model.purposeLegitimateInterests.set(input.legitimateInterests);
  model.specialFeatureOptins.set(input.specialFeatures);
  model.vendorConsents.set(input.vendors);
  model.vendorLegitimateInterests.set(input.vendorInterests);
  model.publisherConsents.set(input.publisherConsents);
  return TCString.encode(model);
}

const SEEDS = [
  encode({
    cmpId: 10,
    cmpVersion: 3,
    purposes: [],
    legitimateInterests: [2, 7],
    specialFeatures: [],
    vendors: [],
    vendorInterests: [],
    publisherConsents: [],
    serviceSpecific: true,
  }),
  encode({
    cmpId: 28,
    cmpVersion: 3,
    purposes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    legitimateInterests: [],
    specialFeatures: [1],
    vendors: Array.from({ length: 600 }, (_, i) => i + 100),
    vendorInterests: [1, 755],
    publisherConsents: [1],
    serviceSpecific: true,
  }),
  encode({
    cmpId: 300,
    cmpVersion: 1,
    purposes: [1, 7],
    legitimateInterests: [],
    specialFeatures: [],
    vendors: [1, 755],
    vendorInterests: [],
    publisherConsents: [],
    serviceSpecific: false,
  }),
];

/** Bit-level damage to a real string: flipped bits, a field overwritten (counts, max ids), bits cut or added. */
const bitMutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('flip' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('set' as const), at: fc.nat(), width: fc.constantFrom(1, 6, 12, 16), value: fc.nat() }),
        fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('grow' as const), bits: fc.array(fc.boolean(), { maxLength: 600 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([seed, ops]) => {
    const [core = '', ...rest] = seed.split('.');
    let bits = [...core].map((c) => B64.indexOf(c).toString(2).padStart(6, '0')).join('');
    for (const op of ops) {
      const at = 'at' in op ? op.at % (bits.length + 1) : 0;
      if (op.op === 'flip') bits = bits.slice(0, at) + (bits[at] === '1' ? '0' : '1') + bits.slice(at + 1);
      else if (op.op === 'set') {
        const value = (op.value % 2 ** op.width).toString(2).padStart(op.width, '0');
        bits = bits.slice(0, at) + value + bits.slice(at + op.width);
      } else if (op.op === 'cut') bits = bits.slice(0, at);
      else bits += op.bits.map((b) => (b ? '1' : '0')).join('');
    }
    let text = '';
    for (let i = 0; i < bits.length; i += 6) text += B64[Number.parseInt(bits.slice(i, i + 6).padEnd(6, '0'), 2)];
    return [text, ...rest].join('.');
  });

const anyTcString = fc.oneof(
  bitMutated,
  mutated(SEEDS),
  fc.string({ maxLength: 200 }),
  fc.stringMatching(/^C[A-Za-z0-9_-]{0,300}(\.[A-Za-z0-9_-]{0,40}){0,3}$/),
);

describe('TC strings, generated input', () => {
  it(
    'never throws, answers ok or a known reason, within the time budget and the stated caps',
    () => {
      check(
        fc.property(fc.oneof({ weight: 9, arbitrary: anyTcString }, { weight: 1, arbitrary: fc.anything() }), (input) => {
          const tc = withinTime(DECODE_BUDGET_MS, () => readTcString(input as string));
          if (!tc.ok) {
            expect(FAILURES).toContain(tc.reason);
            return;
          }
          expect(typeof input === 'string' && input.trim().length <= TC_STRING_MAX_LENGTH).toBe(true);
          expect(Number.isFinite(tc.created) && Number.isFinite(tc.lastUpdated)).toBe(true);
          expect(tc.vendorConsents.length).toBeLessThanOrEqual(TC_VENDOR_IDS_MAX);
          expect(tc.vendorLegitimateInterests.length).toBeLessThanOrEqual(TC_VENDOR_IDS_MAX);
          expect(tc.vendorConsentCount).toBeGreaterThanOrEqual(tc.vendorConsents.length);
          for (const list of [tc.purposeConsents, tc.purposeLegitimateInterests, tc.publisherConsents, tc.publisherLegitimateInterests])
            expect(list.every((id, i) => Number.isInteger(id) && id >= 1 && id <= 24 && (i === 0 || id > (list[i - 1] ?? 0)))).toBe(true);
          expect(tc.specialFeatureOptins.every((id) => id >= 1 && id <= 12)).toBe(true);
          expect(tc.vendorConsents.every((id, i) => id >= 1 && id <= 65_535 && (i === 0 || id > (tc.vendorConsents[i - 1] ?? 0)))).toBe(true);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'answers within the time budget for strings built to make the decoder expand ranges',
    () => {
      const core = [...(SEEDS[0]?.split('.')[0] ?? '')].map((c) => B64.indexOf(c).toString(2).padStart(6, '0')).join('');
      const bits = (n: number, width: number) => (n % 2 ** width).toString(2).padStart(width, '0');
      const ranges = fc.array(fc.tuple(fc.integer({ min: 1, max: 65_535 }), fc.integer({ min: 1, max: 65_535 })), { maxLength: 1_800, size: 'max' });
      check(
        fc.property(ranges, fc.boolean(), fc.nat({ max: 4095 }), (entries, restrictions, restrictionCount) => {
          let vendors = `${bits(65_535, 16)}1${bits(entries.length, 12)}`;
          for (const [first, last] of entries) vendors += `1${bits(first, 16)}${bits(last, 16)}`;
          const tail = restrictions ? `${bits(restrictionCount, 12)}${vendors.slice(17).repeat(2)}` : bits(0, 12);
          let all = `${core.slice(0, 213)}${vendors}${bits(0, 16)}0${tail}`;
          all = all.padEnd(Math.ceil(all.length / 6) * 6, '0');
          let text = '';
          for (let i = 0; i < all.length; i += 6) text += B64[Number.parseInt(all.slice(i, i + 6), 2)];
          const tc = withinTime(DECODE_BUDGET_MS, () => readTcString(text.slice(0, TC_STRING_MAX_LENGTH)));
          if (tc.ok) expect(tc.vendorConsents.length).toBeLessThanOrEqual(TC_VENDOR_IDS_MAX);
        }),
        20,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'decodes what the IAB library encoded to the same purposes, vendors and ids',
    () => {
      check(
        fc.property(tcInput, (input) => {
          const encoded = encode(input);
          const tc = readTcString(encoded);
          expect(tc.ok).toBe(true);
          if (!tc.ok) return;
          expect(tc).toMatchObject({
            cmpId: input.cmpId,
            cmpVersion: input.cmpVersion,
            isServiceSpecific: input.serviceSpecific,
            publisherCountryCode: 'DE',
            purposeConsents: input.purposes,
            specialFeatureOptins: input.specialFeatures,
            vendorConsents: input.vendors.slice(0, TC_VENDOR_IDS_MAX),
            vendorConsentCount: input.vendors.length,
          });
          // The encoder drops what the policy makes meaningless (legitimate interests of vendors whose GVL entry declares
          // none; publisher purposes outside a service-specific string): for those the library's own decoder is the oracle.
          const library = TCString.decode(encoded);
          const sorted = (vector: { values(): IterableIterator<number> }) => [...vector.values()].sort((a, b) => a - b);
          expect(tc.vendorLegitimateInterests).toEqual(sorted(library.vendorLegitimateInterests));
          expect(tc.purposeLegitimateInterests).toEqual(sorted(library.purposeLegitimateInterests));
          expect(input.legitimateInterests).toEqual(expect.arrayContaining(tc.purposeLegitimateInterests));
          expect(tc.publisherConsents).toEqual(sorted(library.publisherConsents));
          if (input.serviceSpecific) expect(tc.publisherConsents).toEqual(input.publisherConsents);
        }),
        60,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('TCF event payloads, generated input', () => {
  const tcData = fc.record(
    {
      eventStatus: fc.oneof(fc.constantFrom('tcloaded', 'cmpuishown', 'useractioncomplete'), fc.string()),
      cmpId: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.double()),
      cmpVersion: fc.anything(),
      listenerId: fc.oneof(fc.nat(), fc.constant('7')),
      gdprApplies: fc.oneof(fc.boolean(), fc.constant('true')),
      cmpStatus: fc.string({ maxLength: 30 }),
      tcString: fc.oneof(fc.constantFrom(...SEEDS), fc.string({ maxLength: 12_000 })),
      purpose: fc.record(
        {
          consents: fc.dictionary(fc.oneof(fc.nat({ max: 80 }).map(String), fc.string()), fc.oneof(fc.boolean(), fc.anything())),
          legitimateInterests: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );

  it(
    'never throws and keeps ids, strings and counts within their caps',
    () => {
      check(
        fc.property(fc.oneof(tcData, fc.anything()), (data) => {
          const parsed = parseTcfEvent(data);
          if (!parsed.ok) return;
          const { event } = parsed;
          for (const list of [event.purposeConsents, event.purposeLegitimateInterests]) {
            expect(list.length).toBeLessThanOrEqual(64);
            expect(list.every((id) => Number.isInteger(id) && id >= 1 && id <= 64)).toBe(true);
          }
          expect((event.tcString ?? '').length).toBeLessThanOrEqual(TC_STRING_MAX_LENGTH);
          expect((event.cmpStatus ?? '').length).toBeLessThanOrEqual(20);
          for (const n of [event.cmpId, event.cmpVersion, event.listenerId]) if (n !== undefined) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'reads back the purposes a TCData object marks true',
    () => {
      check(
        fc.property(
          fc.dictionary(fc.integer({ min: 1, max: 64 }).map(String), fc.boolean()),
          fc.constantFrom('tcloaded', 'useractioncomplete'),
          (consents, eventStatus) => {
            const parsed = parseTcfEvent({ eventStatus, purpose: { consents } });
            const granted = Object.entries(consents)
              .filter(([, v]) => v)
              .map(([k]) => Number(k))
              .sort((a, b) => a - b);
            expect(parsed.ok && parsed.event.purposeConsents).toEqual(granted);
          },
        ),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );
});
