import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/cookie-before-consent';
import { CMP_ACCEPTED_AT_1000, CMP_NO_CHOICE, CMP_REFUSED_AT_1000, cookie, request, scanOf } from '../../../fixtures/evidence';

describe('cookie-before-consent', () => {
  it('fires once per cookie name and domain, whatever channels reported it', () => {
    const findings = rule.check(scanOf([cookie('_fbp', 100), cookie('_fbp', 120, { via: 'store', source: 'network' })], { consent: CMP_NO_CHOICE }));
    expect(findings).toMatchObject([
      { vendor: { id: 'meta-pixel' }, phase: 'before-choice', evidence: { details: { cookie: '_fbp', via: ['script', 'store'] } } },
    ]);
  });

  it('ignores cookies after acceptance, removals, unknown cookies and consent cookies', () => {
    const records = [cookie('_fbp', 1500), cookie('_fbp', 10, { action: 'removed' }), cookie('session_id', 10), cookie('OptanonConsent', 10)];
    expect(rule.check(scanOf(records, { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
  });

  it('reports an identifier that stood until the refusal removed it, however short, and not one written and cleared at once', () => {
    // Firefox under load, precision suite: Mixpanel's cookie was written 600 ms before the refusal, which cleared it.
    const name = 'mp_0123456789abcdef0123456789abcdef_mixpanel';
    const loader = request('https://cdn.mxpnl.com/libs/mixpanel-with-recorder.min.js', 50, { type: 'script' });
    const untilRefusal = [loader, cookie(name, 400), cookie(name, 1100, { action: 'removed' })];
    expect(rule.check(scanOf(untilRefusal, { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { vendor: { id: 'mixpanel-session-replay' }, phase: 'before-choice' },
    ]);
    // The same write and removal with no answer in between keep nothing (an opted-out SDK clearing its persistence).
    expect(rule.check(scanOf([loader, cookie(name, 400), cookie(name, 410, { action: 'removed' })], { consent: CMP_NO_CHOICE }))).toEqual([]);
  });

  it("takes a generic cookie name (visitor_id) for its vendor only when the vendor's host or script is in the visit", () => {
    expect(rule.check(scanOf([cookie('visitor_id', 100)], { consent: CMP_NO_CHOICE }))).toEqual([]);
    const withPardot = scanOf([request('https://pi.pardot.com/pd.js', 50), cookie('visitor_id', 100)], { consent: CMP_NO_CHOICE });
    expect(rule.check(withPardot)).toMatchObject([{ vendor: { id: 'pardot' }, evidence: { details: { cookie: 'visitor_id', attribution: 'corroborated' } } }]);
  });
});
