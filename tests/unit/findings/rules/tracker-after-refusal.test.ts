import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/tracker-after-refusal';
import { consentViewOf } from '@/lib/consent/detect-consent';
import { CMP_ACCEPTED_AT_1000, CMP_REFUSED_AT_1000, cookie, request, scanOf } from '../../../fixtures/evidence';

/** Meta's pixel: an image with parameters, which carries data. */
const pixel = (t: number) => request(`https://www.facebook.com/tr?id=1&ev=PageView&t=${t}`, t, { type: 'image' });

describe('tracker-after-refusal', () => {
  it('fires for traffic after a refusal, critical for advertising', () => {
    const findings = rule.check(scanOf([pixel(500), pixel(1500)], { consent: CMP_REFUSED_AT_1000 }));
    expect(findings).toMatchObject([
      { severity: 'critical', phase: 'after-refusal', vendor: { id: 'meta-pixel' }, evidence: { times: [1500], relativeToChoice: [500] } },
    ]);
  });

  it("a recorder's flush at the refusal is no proof of tracking either; its other data after the refusal is", () => {
    const loader = request('https://static.hotjar.com/c/hotjar-1.js', 100);
    const flush = request('https://in.hotjar.com/x', 1040, { method: 'POST', type: 'xmlhttprequest' });
    // Hotjar (session replay): the flush alone is the replay rule's unverified finding, and nothing here.
    expect(rule.check(scanOf([loader, flush], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
    const other = request('https://api.hotjar.io/v1/sites/1/visit-data', 3000, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([loader, flush, other], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { vendor: { id: 'hotjar' }, severity: 'critical', evidence: { records: [other.id], times: [3000] } },
    ]);
    // A recording after the window proves recording: the replay rule's, so nothing here.
    const recording = request('https://in.hotjar.com/x', 3000, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([loader, flush, recording], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
    // An analytics SDK with a replay module: its recording flush is no tracking; an analytics event after it is.
    const sdk = request('https://eu-assets.i.posthog.com/static/array.js', 100);
    const phFlush = request('https://eu.i.posthog.com/s/?ver=1', 1030, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([sdk, phFlush], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
    const event = request('https://eu.i.posthog.com/e/?ver=1', 2500, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([sdk, phFlush, event], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { vendor: { id: 'posthog' }, evidence: { records: [event.id] } },
    ]);
  });

  it('fires after a revocation (an acceptance withdrawn), with that phase', () => {
    const revoked = consentViewOf([
      { t: 100, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'accept' },
      { t: 2000, source: 'scenario', kind: 'revoked', cmp: 'onetrust' },
    ]);
    const findings = rule.check(scanOf([pixel(1500), pixel(2500)], { consent: revoked }));
    expect(findings).toMatchObject([{ phase: 'after-revocation', evidence: { times: [2500] } }]);
  });

  it('after a partial choice, fires for a vendor whose purpose was refused, not for one whose purpose was granted', () => {
    const partial = consentViewOf([
      { t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'cookiebot' },
      {
        t: 1000,
        source: 'cmp-storage',
        kind: 'choice',
        cmp: 'cookiebot',
        choice: 'partial',
        purposes: { necessary: true, statistics: true, marketing: false },
      },
    ]);
    const records = [pixel(1500), request('https://www.google-analytics.com/g/collect?v=2', 1600, { type: 'ping' })];
    const findings = rule.check(scanOf(records, { consent: partial }));
    expect(findings).toMatchObject([
      { vendor: { id: 'meta-pixel' }, phase: 'after-accept', evidence: { times: [1500], details: { refusedPurpose: 'marketing' } } },
    ]);
    expect(findings[0]?.title).toContain('refused marketing (partial consent)');
    // Before the partial choice, nothing here (that is tracker-before-consent's part).
    expect(rule.check(scanOf([pixel(500)], { consent: partial }))).toEqual([]);
  });

  it('does not fire after an acceptance, or before the refusal', () => {
    expect(rule.check(scanOf([pixel(1500)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([pixel(500)], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
  });

  it('does not fire for a script that loaded after the refusal and then sent and stored nothing (loading is not processing)', () => {
    const loaded = request('https://connect.facebook.net/en_US/fbevents.js', 1500);
    expect(rule.check(scanOf([loaded], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
  });

  it('rests on data received: a cookie written after the refusal with nothing sent is not this accusation', () => {
    expect(rule.check(scanOf([cookie('_fbp', 1500)], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([cookie('_fbp', 1500), pixel(1600)], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { evidence: { details: { stored: 1, sent: 1 } } },
    ]);
  });
});
