import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/tracker-after-refusal';
import { consentViewOf } from '@/lib/consent/detect-consent';
import { CMP_ACCEPTED_AT_1000, CMP_REFUSED_AT_1000, request, scanOf } from '../helpers';

describe('tracker-after-refusal', () => {
  it('fires for traffic after a refusal, critical for advertising', () => {
    const findings = rule.check(scanOf([request('https://www.facebook.com/tr', 500), request('https://www.facebook.com/tr?ev=2', 1500)], { consent: CMP_REFUSED_AT_1000 }));
    expect(findings).toMatchObject([{ severity: 'critical', phase: 'after-refusal', vendor: { id: 'meta-pixel' }, evidence: { times: [1500], relativeToChoice: [500] } }]);
  });

  it('fires after a revocation (an acceptance withdrawn), with that phase', () => {
    const revoked = consentViewOf([
      { t: 100, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'accept' },
      { t: 2000, source: 'scenario', kind: 'revoked', cmp: 'onetrust' },
    ]);
    const findings = rule.check(scanOf([request('https://www.facebook.com/tr', 1500), request('https://www.facebook.com/tr?ev=2', 2500)], { consent: revoked }));
    expect(findings).toMatchObject([{ phase: 'after-revocation', evidence: { times: [2500] } }]);
  });

  it('does not fire after an acceptance, or before the refusal', () => {
    expect(rule.check(scanOf([request('https://www.facebook.com/tr', 1500)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([request('https://www.facebook.com/tr', 500)], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
  });
});
