import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/tracker-before-consent';
import { CMP_ACCEPTED_AT_1000, CMP_NO_CHOICE, cookie, request, scanOf } from '../helpers';

describe('tracker-before-consent', () => {
  it('fires for an advertising vendor before the choice, with times relative to it', () => {
    const [finding] = rule.check(
      scanOf([request('https://www.facebook.com/tr?id=1', 200, { type: 'image' })], { consent: { ...CMP_NO_CHOICE, choiceAt: 5000, choice: 'accept' } }),
    );
    expect(finding).toMatchObject({ rule: 'tracker-before-consent', severity: 'high', vendor: { id: 'meta-pixel' }, phase: 'before-choice' });
    expect(finding?.evidence).toMatchObject({ times: [200], relativeToChoice: [-4800], urls: ['https://www.facebook.com/tr?id=1'] });
    expect(finding?.references.length).toBeGreaterThan(0);
  });

  it('says no-cmp when there is no consent manager, and counts cookies too', () => {
    const findings = rule.check(scanOf([cookie('_ga', 100, { declaredLifetime: 63_072_000 })]));
    expect(findings).toMatchObject([{ vendor: { id: 'google-analytics' }, phase: 'no-cmp', severity: 'medium' }]);
  });

  it('does not fire for activity after an acceptance', () => {
    expect(rule.check(scanOf([request('https://www.facebook.com/tr', 1500)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
  });

  it('gives only an info finding, with the exemption conditions, for exempt-capable analytics', () => {
    const [finding] = rule.check(scanOf([cookie('_pk_id.1.abcd', 100)]));
    expect(finding).toMatchObject({ severity: 'info', vendor: { id: 'matomo' } });
    expect(finding?.fix).toContain('13 months');
    expect(finding?.fix).toContain('first-party');
    expect(finding?.fix).toContain('opt-out');
    expect(finding?.evidence.details?.exemptionConditions).toHaveLength(5);
    expect(finding?.evidence.when).toBe('100 ms into the visit; no choice was made');
  });

  it('leaves session recorders and essential vendors to other rules', () => {
    expect(
      rule.check(
        scanOf([
          request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' }),
          request('https://fonts.gstatic.com/s/x.woff2', 100, { type: 'font' }),
        ]),
      ),
    ).toEqual([]);
  });
});
