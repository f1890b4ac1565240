import { describe, expect, it } from 'vitest';
import { RULES } from '@/lib/findings/rules/index';
import { RULE_TIER, RULE_TIERS, tierOf } from '@/lib/report/rule-rank';

describe('RULE_TIER', () => {
  it('ranks every registered rule, and only those', () => {
    expect(Object.keys(RULE_TIER).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const tier of Object.values(RULE_TIER)) expect(RULE_TIERS).toContain(tier);
  });

  it('puts recording, then after refusal, then before consent, then cookies, then notes', () => {
    const order = [
      'replay-unmasked-input',
      'form-data-leak',
      'tracker-after-refusal',
      'tracker-before-consent',
      'no-consent-mechanism',
      'cookie-before-consent',
      'cookie-lifetime-over-13-months',
      'vendor-loaded-only',
    ] as const;
    const tiers = order.map((rule) => tierOf({ rule, severity: 'medium' }));
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    expect(tierOf({ rule: 'replay-before-consent', severity: 'critical' })).toBeLessThan(tierOf({ rule: 'tracker-after-refusal', severity: 'critical' }));
    expect(tierOf({ rule: 'tracker-after-refusal', severity: 'high' })).toBeLessThan(tierOf({ rule: 'tracker-before-consent', severity: 'high' }));
    expect(tierOf({ rule: 'tracker-before-consent', severity: 'medium' })).toBeLessThan(tierOf({ rule: 'cookie-before-consent', severity: 'high' }));
  });

  it('puts an info finding with the notes whatever its rule, and an unknown rule just before them', () => {
    expect(tierOf({ rule: 'tracker-before-consent', severity: 'info' })).toBe(tierOf({ rule: 'vendor-loaded-only', severity: 'info' }));
    expect(tierOf({ rule: 'some-future-rule', severity: 'high' })).toBeGreaterThan(tierOf({ rule: 'cookie-lifetime-over-13-months', severity: 'low' }));
    expect(tierOf({ rule: 'some-future-rule', severity: 'high' })).toBeLessThan(tierOf({ rule: 'vendor-loaded-only', severity: 'info' }));
  });
});
