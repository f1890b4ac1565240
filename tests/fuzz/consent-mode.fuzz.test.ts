import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONSENT_TYPES,
  type ConsentValue,
  GCD_TYPES,
  parseConsentCommand,
  parseGtagArguments,
  readConsentModeFromUrl,
  readGcd,
  readGcs,
  type SignalState,
} from '../../lib/consent/consent-mode';
import { parseTcfEvent } from '../../lib/consent/tcf';
import { anyValue, check, FUZZ_TIMEOUT, hostileValue, materialize, mutated, QUICK_MS, withinTime } from './fuzz';

/** Google hits as tags send them (gtag.js, Consent Mode v2, server-side tagging). */
const HITS = [
  'https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&gtm=45je4b20v&_p=1&gcs=G100&gcd=13p3p3p3p5l1&npa=1&dma=1&dma_cps=-&cid=1.2&ul=fr&dl=https%3A%2F%2Fshop.example%2F&en=page_view',
  'https://www.google.com/ccm/collect?frm=0&en=page_view&gcs=G111&gcd=13t3t3t3t5l1&gcu=1&dma=0&tag_exp=1',
  'https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/?random=1&cv=11&fst=1&gcd=13r3r3r3r5l1&dma=0&npa=0',
  'https://sst.shop.example/g/collect?v=2&gcs=G1--&gcd=13l3l3l3l1',
  'https://www.googletagmanager.com/gtag/js?id=G-ABC123',
];

/** The `gcd` letters (https://www.simoahava.com/analytics/consent-mode-v2-google-tags/), written out again as the oracle. */
const LETTERS: Record<string, SignalState> = {
  l: { effective: 'not-set' },
  p: { default: 'denied', effective: 'denied' },
  q: { default: 'denied', update: 'denied', effective: 'denied' },
  m: { update: 'denied', effective: 'denied' },
  u: { default: 'granted', update: 'denied', effective: 'denied' },
  t: { default: 'granted', effective: 'granted' },
  r: { default: 'denied', update: 'granted', effective: 'granted' },
  n: { update: 'granted', effective: 'granted' },
  v: { default: 'granted', update: 'granted', effective: 'granted' },
};
const EFFECTIVE = ['granted', 'denied', 'not-set', 'unknown'];

describe('Consent Mode parameters on requests, generated input', () => {
  it(
    'never throws, keeps the raw parameters capped and every signal a known state',
    () => {
      const url = fc.oneof(mutated(HITS, 6), fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 200 }));
      check(
        fc.property(url, (u) => {
          const wire = withinTime(QUICK_MS, () => readConsentModeFromUrl(u));
          if (!wire) return;
          expect((wire.gcs ?? '').length).toBeLessThanOrEqual(16);
          expect((wire.gcd ?? '').length).toBeLessThanOrEqual(64);
          expect((wire.dma ?? '').length).toBeLessThanOrEqual(8);
          expect(Object.keys(wire.signals).sort()).toEqual([...GCD_TYPES].sort());
          for (const state of Object.values(wire.signals)) expect(EFFECTIVE).toContain(state.effective);
        }),
        400,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'never throws on any gcs or gcd value',
    () => {
      check(
        fc.property(fc.oneof(fc.string({ maxLength: 40 }), mutated(['G100', 'G1--', 'G111', '13p3p3p3p5l1', '11t1t1t1t5'])), (value) => {
          readGcs(value);
          readGcd(value);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'reads back the states a hit encodes in gcs and gcd, wherever they sit in the query',
    () => {
      const letter = fc.oneof(fc.constantFrom(...Object.keys(LETTERS)), fc.constantFrom('e', 'z', 'a'));
      const gcsChar = fc.constantFrom('0', '1', '-');
      const noise = fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,6}$/), fc.string({ maxLength: 10 })), { maxLength: 6 });
      check(
        fc.property(fc.array(letter, { minLength: 4, maxLength: 4 }), fc.option(fc.tuple(gcsChar, gcsChar)), noise, fc.nat(), (letters, gcs, other, at) => {
          const params = new URLSearchParams(other.filter(([k]) => !['gcs', 'gcd', 'gcu', 'npa', 'dma'].includes(k)));
          const entries = [...params.entries()];
          const gcd = `13${letters.join('3')}5l1`;
          entries.splice(at % (entries.length + 1), 0, ['gcd', gcd], ...(gcs ? [['gcs', `G1${gcs.join('')}`] as [string, string]] : []));
          const url = `https://www.google-analytics.com/g/collect?${new URLSearchParams(entries)}`;
          const fromGcs = (c: string | undefined): ConsentValue | 'not-set' => (c === '1' ? 'granted' : c === '0' ? 'denied' : 'not-set');
          const expected = Object.fromEntries(
            GCD_TYPES.map((type, i) => {
              const known = LETTERS[letters[i] ?? ''];
              if (known) return [type, known];
              const wire = gcs && i < 2 ? fromGcs(gcs[i]) : undefined;
              return [type, wire ? { effective: wire } : { effective: 'unknown' }];
            }),
          );
          expect(readConsentModeFromUrl(url)?.signals).toEqual(expected);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('gtag consent commands, generated input', () => {
  it(
    'never throws on any argument list, and keeps only known types, granted or denied, and capped regions',
    () => {
      const args = fc.oneof(
        anyValue,
        fc.tuple(fc.constant('consent'), fc.constantFrom('default', 'update', 'revoke'), anyValue),
        fc.tuple(
          fc.constant('consent'),
          fc.constantFrom('default', 'update'),
          fc.dictionary(fc.constantFrom(...CONSENT_TYPES, 'region', 'wait_for_update', '__proto__'), anyValue),
        ),
      );
      check(
        fc.property(args, (a) => {
          const command = parseGtagArguments(materialize(a));
          if (!command) return;
          for (const [type, value] of Object.entries(command.values)) {
            expect(CONSENT_TYPES).toContain(type);
            expect(['granted', 'denied']).toContain(value);
          }
          expect((command.region ?? []).length).toBeLessThanOrEqual(300);
          if (command.waitForUpdate !== undefined) expect(command.waitForUpdate >= 0 && command.waitForUpdate <= 600_000).toBe(true);
        }),
        400,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'reads back the values, regions and wait of a command',
    () => {
      const values = fc.dictionary(fc.constantFrom(...CONSENT_TYPES), fc.constantFrom('granted' as const, 'denied' as const));
      const region = fc.array(fc.stringMatching(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/), { minLength: 1, maxLength: 20 });
      check(
        fc.property(
          fc.constantFrom('default' as const, 'update' as const),
          values,
          fc.option(region),
          fc.option(fc.integer({ min: 0, max: 600_000 })),
          (command, v, r, wait) => {
            const params = { ...v, ...(r && { region: r }), ...(wait !== null && { wait_for_update: wait }), unknown_type: 'granted' };
            expect(parseConsentCommand(command, params)).toEqual({
              command,
              values: v,
              ...(r && command === 'default' && { region: r }),
              ...(wait !== null && { waitForUpdate: wait }),
            });
          },
        ),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'TCF event payloads: never throws on hostile page objects either',
    () => {
      check(
        fc.property(fc.oneof(anyValue, fc.record({ eventStatus: fc.constant('tcloaded'), purpose: fc.record({ consents: hostileValue }) })), (data) => {
          parseTcfEvent(materialize(data));
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});
