import type { filterCompactRules } from '@duckduckgo/autoconsent';
import { onceUntilFailure } from '../once';

export type CompactRules = Parameters<typeof filterCompactRules>[0];

export interface AutoconsentRules {
  compact: CompactRules;
  /** The full rules (with the opt-in steps), used in a tab where an audit runs. */
  full: unknown[];
}

/**
 * autoconsent's rules, shipped as extension files (copied from the package at build, see wxt.config.ts): read once,
 * on first use, and read again after a failure.
 */
export function loadAutoconsentRules(readJson: (file: string) => Promise<unknown>): () => Promise<AutoconsentRules> {
  return onceUntilFailure(async (): Promise<AutoconsentRules> => {
    const [compact, full] = await Promise.all([readJson('/autoconsent/compact-rules.json'), readJson('/autoconsent/rules.json')]);
    const list = (full as { autoconsent?: unknown } | null)?.autoconsent;
    return { compact: compact as CompactRules, full: Array.isArray(list) ? list : [] };
  });
}
