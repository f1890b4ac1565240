import { describe, expect, it } from 'vitest';
import { rule, THIRTEEN_MONTHS } from '@/lib/findings/rules/cookie-lifetime-over-13-months';
import { cookie, scanOf } from '../../../fixtures/evidence';

describe('cookie-lifetime-over-13-months', () => {
  it('fires for an analytics cookie declared for two years, from the declaration, not the store', () => {
    const findings = rule.check(
      scanOf([cookie('_ga', 100, { declaredLifetime: 63_072_000 }), cookie('_ga', 110, { via: 'store', declaredLifetime: 34_560_000 })]),
    );
    expect(findings).toMatchObject([{ vendor: { id: 'google-analytics' }, severity: 'low', evidence: { details: { declaredLifetime: 63_072_000 } } }]);
    expect(findings[0]?.title).toContain('24.0 months');
  });

  it('is medium for exempt-capable tools, which lose the exemption', () => {
    expect(rule.check(scanOf([cookie('_pk_id.1.ab', 100, { declaredLifetime: 2 * THIRTEEN_MONTHS })]))).toMatchObject([
      { severity: 'medium', vendor: { id: 'matomo' } },
    ]);
  });

  it('does not fire at 13 months, for session cookies, or for non-analytics cookies', () => {
    const records = [
      cookie('_ga', 100, { declaredLifetime: THIRTEEN_MONTHS }),
      cookie('_gid', 100, { declaredLifetime: null }),
      cookie('_fbp', 100, { declaredLifetime: 63_072_000 }),
    ];
    expect(rule.check(scanOf(records))).toEqual([]);
  });
});
