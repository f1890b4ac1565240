import { describe, expect, it } from 'vitest';
import { grantsAnyConsent, parseTcfEvent, readTcChoice, readTcString, TC_STRING_MAX_LENGTH } from '../../../lib/consent/tcf';
import { ALL_PURPOSES, makeTcString } from '../../fixtures/tc-strings';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const bits = (n: number, width: number) => n.toString(2).padStart(width, '0');
const toBits = (s: string) => [...s].map((c) => bits(B64.indexOf(c), 6)).join('');
function fromBits(b: string): string {
  const padded = b.padEnd(Math.ceil(b.length / 6) * 6, '0');
  let out = '';
  for (let i = 0; i < padded.length; i += 6) out += B64[parseInt(padded.slice(i, i + 6), 2)];
  return out;
}

describe('readTcString', () => {
  it('decodes a real accept-all string', () => {
    const s = makeTcString({ cmpId: 28, purposes: ALL_PURPOSES, legitimateInterests: [2, 7], vendors: [1, 755], specialFeatures: [1] });
    const tc = readTcString(s);
    expect(tc.ok).toBe(true);
    if (!tc.ok) return;
    expect(tc).toMatchObject({
      cmpId: 28,
      cmpVersion: 3,
      version: 2,
      publisherCountryCode: 'FR',
      isServiceSpecific: true,
      purposeConsents: ALL_PURPOSES,
      purposeLegitimateInterests: [2, 7],
      vendorConsents: [1, 755],
      vendorConsentCount: 2,
      specialFeatureOptins: [1],
    });
    expect(tc.created).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(readTcChoice(tc)).toBe('accept');
  });

  it('reads a reject-all string as a refusal, and purpose 1 alone too', () => {
    const none = readTcString(makeTcString({ legitimateInterests: [2, 7, 9] }));
    const storageOnly = readTcString(makeTcString({ purposes: [1] }));
    expect(none.ok && readTcChoice(none)).toBe('reject');
    expect(storageOnly.ok && readTcChoice(storageOnly)).toBe('reject');
    expect(none.ok && grantsAnyConsent(none)).toBe(false);
  });

  it('reads some purposes as partial', () => {
    const tc = readTcString(makeTcString({ purposes: [1, 7, 8] }));
    expect(tc.ok && readTcChoice(tc)).toBe('partial');
  });

  it('accepts a string that only lacks purpose 11 (pre-2.2)', () => {
    expect(readTcChoice({ purposeConsents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })).toBe('accept');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['not a tc string!', 'invalid-characters'],
    ['CPx.', 'invalid-characters'],
    ['AAAA', 'unsupported-version'],
    ['CAAA', 'malformed'],
    ['BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA', 'unsupported-version'],
    ['C'.repeat(TC_STRING_MAX_LENGTH + 1), 'too-long'],
  ])('refuses %j as %s', (input, reason) => {
    expect(readTcString(input)).toEqual({ ok: false, reason });
  });

  it('refuses a truncated real string without throwing', () => {
    const s = makeTcString({ purposes: [1, 2] });
    expect(readTcString(s.slice(0, 20))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a non-string at run time', () => {
    expect(readTcString(42 as unknown as string)).toEqual({ ok: false, reason: 'not-a-string' });
  });

  it('refuses a crafted string whose ranges would make the decoder spin', () => {
    const core = toBits(makeTcString().split('.')[0] ?? '');
    const ranges = 1_800;
    let vendors = `${bits(65_535, 16)}1${bits(ranges, 12)}`;
    for (let i = 0; i < ranges; i++) vendors += `1${bits(1, 16)}${bits(65_535, 16)}`;
    const evil = fromBits(`${core.slice(0, 213) + vendors + bits(0, 16)}0${bits(0, 12)}`);
    expect(evil.length).toBeLessThan(TC_STRING_MAX_LENGTH);
    const started = performance.now();
    expect(readTcString(evil)).toEqual({ ok: false, reason: 'too-complex' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('decodes a legitimately range-encoded vendor list', () => {
    const vendors = Array.from({ length: 600 }, (_, i) => i + 100);
    const tc = readTcString(makeTcString({ purposes: [1], vendors }));
    expect(tc.ok && tc.vendorConsentCount).toBe(600);
  });
});

describe('parseTcfEvent', () => {
  it('reads a useractioncomplete payload', () => {
    const parsed = parseTcfEvent({
      eventStatus: 'useractioncomplete',
      cmpId: 7,
      cmpVersion: 2,
      gdprApplies: true,
      tcString: 'CPabc',
      listenerId: 1,
      purpose: { consents: { '1': true, '2': false, '3': true, '99': true, x: true }, legitimateInterests: { '2': true } },
    });
    expect(parsed).toEqual({
      ok: true,
      event: {
        eventStatus: 'useractioncomplete',
        cmpId: 7,
        cmpVersion: 2,
        gdprApplies: true,
        tcString: 'CPabc',
        listenerId: 1,
        purposeConsents: [1, 3],
        purposeLegitimateInterests: [2],
        hasPurposeConsents: true,
      },
    });
  });

  it('refuses garbage and unknown statuses', () => {
    expect(parseTcfEvent(null)).toEqual({ ok: false, reason: 'not-an-object' });
    expect(parseTcfEvent([1])).toEqual({ ok: false, reason: 'not-an-object' });
    expect(parseTcfEvent({ eventStatus: 'loaded' })).toEqual({ ok: false, reason: 'unknown-event-status' });
  });

  it('ignores inherited and getter properties', () => {
    const proto = { eventStatus: 'tcloaded' };
    expect(parseTcfEvent(Object.create(proto))).toEqual({ ok: false, reason: 'unknown-event-status' });
    const tricky = {
      eventStatus: 'cmpuishown',
      get tcString(): string {
        throw new Error('boom');
      },
    };
    const parsed = parseTcfEvent(tricky);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.event.tcString).toBeUndefined();
    const polluted = parseTcfEvent(JSON.parse('{"eventStatus":"cmpuishown","purpose":{"consents":{"__proto__":{"1":true}}}}'));
    expect(polluted.ok && polluted.event.purposeConsents).toEqual([]);
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();
  });

  // Found by tests/fuzz/consent-mode.fuzz.test.ts: the keys of a page's Proxy threw out of the parser.
  it('reads no purposes from a consents object whose traps throw', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const parsed = parseTcfEvent({ eventStatus: 'tcloaded', purpose: { consents: trap, legitimateInterests: trap } });
    expect(parsed.ok && parsed.event.purposeConsents).toEqual([]);
  });
});
