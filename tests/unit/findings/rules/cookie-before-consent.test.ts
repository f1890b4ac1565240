import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/cookie-before-consent';
import { CMP_ACCEPTED_AT_1000, CMP_NO_CHOICE, cookie, request, scanOf } from '../../../fixtures/evidence';

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

  it("takes a generic cookie name (visitor_id) for its vendor only when the vendor's host or script is in the visit", () => {
    expect(rule.check(scanOf([cookie('visitor_id', 100)], { consent: CMP_NO_CHOICE }))).toEqual([]);
    const withPardot = scanOf([request('https://pi.pardot.com/pd.js', 50), cookie('visitor_id', 100)], { consent: CMP_NO_CHOICE });
    expect(rule.check(withPardot)).toMatchObject([{ vendor: { id: 'pardot' }, evidence: { details: { cookie: 'visitor_id', attribution: 'corroborated' } } }]);
  });
});
