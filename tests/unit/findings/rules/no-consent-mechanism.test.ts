import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/no-consent-mechanism';
import { CMP_NO_CHOICE, request, scanOf } from '../helpers';

describe('no-consent-mechanism', () => {
  it('fires when trackers that need consent are present and no CMP was seen', () => {
    const findings = rule.check(scanOf([request('https://www.facebook.com/tr', 100), request('https://static.hotjar.com/c/hotjar-1.js', 50)]));
    expect(findings).toMatchObject([{ phase: 'no-cmp', severity: 'high', evidence: { details: { vendors: ['hotjar', 'meta-pixel'] } } }]);
  });

  it('counts a CMP seen in the evidence', () => {
    expect(rule.check(scanOf([request('https://cdn.cookielaw.org/scripttemplates/otSDKStub.js', 10), request('https://www.facebook.com/tr', 100)]))).toEqual(
      [],
    );
    expect(rule.check(scanOf([request('https://www.facebook.com/tr', 100)], { consent: CMP_NO_CHOICE }))).toEqual([]);
  });

  it('does not fire on a page with only essential vendors', () => {
    expect(rule.check(scanOf([request('https://fonts.gstatic.com/s/x.woff2', 100)]))).toEqual([]);
  });
});
