import type { Scan } from '../scan/scan';
import type { Finding } from '../finding';
import { type RuleId, RULES } from './rules/index';

const ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/**
 * Runs every rule, in registry order, then sorts by severity (stable, so registry order breaks ties). Each finding
 * carries its rule's registry id, so its `rule` is a `RuleId`.
 */
export function runRules(scan: Scan): Finding<RuleId>[] {
  return RULES.flatMap((rule) => rule.check(scan).map((finding) => ({ ...finding, rule: rule.id }))).sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
