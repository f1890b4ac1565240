import type { Finding } from '../model';
import { RULES } from './rules/index';
import type { Scan } from '../analysis/scan';

const ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** Runs every rule, in registry order, then sorts by severity (stable, so registry order breaks ties). */
export function runRules(scan: Scan): Finding[] {
  return RULES.flatMap((rule) => rule.check(scan)).sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
