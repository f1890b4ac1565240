import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsFromSignalRecords } from '../../lib/consent/consent-events';
import type { ConsentObservation } from '../../lib/consent/observations';
import { readSentConsentMode, readSentTcStrings } from '../../lib/consent/sent-consent';
import { readTcChoice, readTcString } from '../../lib/consent/tcf';
import type { EvidenceRecord } from '../../lib/model';
import { ALL_PURPOSES, makeTcString } from '../fixtures/tc-strings';
import { check, FUZZ_TIMEOUT, mutated, QUICK_MS, withinTime } from './fuzz';

/**
 * The TC strings and Consent Mode states a page hands over: what the probe recorded from its `__tcfapi` and `gtag`
 * (consent records, flattened to strings by the probe), and what its requests carried (`gdpr_consent=`, `gcs`, `gcd`).
 */
const TC = [
  makeTcString({ cmpId: 10, legitimateInterests: [2, 7] }),
  makeTcString({ cmpId: 28, purposes: ALL_PURPOSES, vendors: [1, 755] }),
  makeTcString({ purposes: [1, 7, 8] }),
];
const CHOICES = ['accept', 'reject', 'partial'];

const tcParams = fc.record(
  {
    tcString: fc.oneof(mutated(TC), fc.string()),
    cmpId: mutated(['10', '28', '300', '']),
    gdprApplies: fc.constantFrom('true', 'false', ''),
    purposes: mutated(['1,2,3', '', '1,7,8,9,10,11', '64,65,0']),
  },
  { requiredKeys: [] },
);
const gcmParams = fc.dictionary(
  fc.oneof(fc.constantFrom('ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization', 'wait_for_update', 'region'), fc.string({ maxLength: 10 })),
  fc.oneof(fc.constantFrom('granted', 'denied', '800'), fc.string({ maxLength: 10 })),
);
const signalRecord = fc.oneof(
  fc.record({ signal: fc.constant('tcf' as const), command: mutated(['tcloaded', 'cmpuishown', 'useractioncomplete'], 2), params: tcParams }),
  fc.record({ signal: fc.constant('gcm' as const), command: mutated(['default', 'update'], 2), params: gcmParams }),
);
const records = (items: { signal: 'tcf' | 'gcm'; command: string; params: Record<string, string> }[]) =>
  items.map((item, i) => ({ kind: 'consent', source: 'probe', id: `s${i}`, visitId: 'v', t: i * 10, ...item }) as unknown as EvidenceRecord);
const requests = (urls: string[]) =>
  urls.map(
    (url, i) =>
      ({
        kind: 'request',
        source: 'network',
        id: `r${i}`,
        visitId: 'v',
        t: i * 10,
        url,
        method: 'GET',
        redirects: [],
        setCookies: [],
      }) as unknown as EvidenceRecord,
  );

describe('consent signals the page gave, generated input', () => {
  it(
    'TCF events and gtag commands recorded by the probe: nothing throws, every choice is a known one over known purposes',
    () => {
      check(
        fc.property(fc.array(signalRecord, { maxLength: 12 }), (items) => {
          const events = withinTime(QUICK_MS * 4, () => eventsFromSignalRecords(records(items)));
          for (const event of events) {
            if (event.kind !== 'choice') continue;
            if (event.choice !== undefined) expect(CHOICES).toContain(event.choice);
            for (const [key, value] of Object.entries(event.purposes ?? {})) {
              expect(['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization']).toContain(key);
              expect(typeof value).toBe('boolean');
            }
          }
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a TCF event reads back the choice of the TC string it carries',
    () => {
      check(
        fc.property(fc.constantFrom(...TC), fc.constantFrom('tcloaded', 'useractioncomplete'), (tcString, command) => {
          const [, choice] = eventsFromSignalRecords(records([{ signal: 'tcf', command, params: { tcString, cmpId: '10', purposes: '' } }]));
          const tc = readTcString(tcString);
          expect(choice).toMatchObject({ kind: 'choice', choice: tc.ok && readTcChoice(tc) });
        }),
        20,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('consent sent on requests, generated input', () => {
  const hit = fc
    .tuple(
      fc.oneof(
        mutated(TC.map((tc) => `https://ib.adnxs.com/getuid?gdpr=1&gdpr_consent=${tc}&x=1`)),
        mutated(['https://www.google-analytics.com/g/collect?v=2&gcs=G100&gcd=13p3p3p3p5l1', 'https://sst.shop.example/g/collect?gcd=13r3r3r3r5l1&gcs=G111']),
        fc.webUrl({ withQueryParameters: true }),
      ),
      fc.nat(9),
    )
    .map(([url, n]) => (n === 0 ? `${url}&pad=${'A'.repeat(70_000)}` : url));

  it(
    'nothing throws, one observation per request at most, each a known choice',
    () => {
      check(
        fc.property(fc.array(hit, { maxLength: 8 }), (urls) => {
          const observations: ConsentObservation[] = [];
          withinTime(QUICK_MS * 4, () => {
            readSentTcStrings(requests(urls), observations, () => {});
            readSentConsentMode(requests(urls), observations);
          });
          expect(observations.length).toBeLessThanOrEqual(2 * urls.length);
          for (const o of observations) expect(CHOICES).toContain(o.choice);
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a TC string forwarded in gdpr_consent reads back as its own choice and purposes',
    () => {
      check(
        fc.property(fc.constantFrom(...TC), fc.constantFrom('gdpr_consent', 'gdpr_consent_string'), fc.boolean(), (tc, name, encode) => {
          const observations: ConsentObservation[] = [];
          readSentTcStrings(requests([`https://x.example/p?a=1&${name}=${encode ? encodeURIComponent(tc) : tc}`]), observations, () => {});
          const decoded = readTcString(tc);
          expect(observations).toEqual([expect.objectContaining({ kind: 'tc-string-sent', choice: decoded.ok && readTcChoice(decoded) })]);
        }),
        30,
      );
    },
    FUZZ_TIMEOUT,
  );
});
