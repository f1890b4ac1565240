import type { RuleId } from '../findings/rules/index';
import type { Finding } from '../finding';

/**
 * What a regulator acts on first: recording and typed data leaving the page, then trackers after a refusal, then
 * before consent, then cookies and their lifetimes, then notes. One place for the report order of every rule.
 */
export const RULE_TIERS = ['recording', 'after-refusal', 'before-consent', 'cookies', 'info'] as const;
export type RuleTier = (typeof RULE_TIERS)[number];

export const RULE_TIER: Record<RuleId, RuleTier> = {
  'replay-before-consent': 'recording',
  'replay-after-refusal': 'recording',
  'replay-unmasked-input': 'recording',
  'replay-unmask-attribute': 'recording',
  'replay-on-sensitive-page': 'recording',
  'form-data-leak': 'recording',
  'pii-in-url': 'recording',
  'tracker-after-refusal': 'after-refusal',
  'consent-stored-despite-refusal': 'after-refusal',
  'tracker-before-consent': 'before-consent',
  'no-consent-mechanism': 'before-consent',
  'cookie-before-consent': 'cookies',
  'cookie-lifetime-over-13-months': 'cookies',
  'vendor-loaded-only': 'info',
};

/**
 * The finding's place in the report order (lower first). An `info` finding is a note whatever its rule (a tracker
 * that may be exempt), so it goes with the notes; an id the table does not know (a newer report) goes just before them.
 */
export function tierOf(finding: Pick<Finding, 'rule' | 'severity'>): number {
  if (finding.severity === 'info') return RULE_TIERS.indexOf('info');
  const tier: RuleTier | undefined = (RULE_TIER as Record<string, RuleTier | undefined>)[finding.rule];
  return tier ? RULE_TIERS.indexOf(tier) : RULE_TIERS.indexOf('info') - 0.5;
}
