import type { Message } from './i18n/message';
import type { Phase, Severity } from './model';

export interface VendorRef {
  id: string;
  name: string;
}

/**
 * A rule's verdict with its evidence. `Rule` is the rule id: `RuleId` (lib/findings/rules/index.ts, derived from the
 * rule registry) wherever findings are made or exported; this noun stays below the rules that make it.
 */
export interface Finding<Rule extends string = string> {
  rule: Rule;
  severity: Severity;
  title: string;
  vendor?: VendorRef;
  phase: Phase;
  evidence: {
    records: string[];
    urls: string[];
    /** Milliseconds since the visit started. */
    times: number[];
    /** Milliseconds relative to the consent choice (negative = before), when a choice was made. */
    relativeToChoice?: number[];
    /** The first record's time in words, relative to the choice ("1.2 s before the choice"), when a choice was made. */
    when?: string;
    details?: Record<string, unknown>;
  };
  /** `id` is stable (`ref.<id>` in the catalogues); title and link are in the report's language. */
  references: { id?: string; title: string; url?: string }[];
  fix: string;
  /** Set when the evidence does not allow a verdict; the reason says why. */
  inconclusive?: string;
  /** `low` when the consent timeline is inconclusive (then `inconclusive` says why), else `high`. */
  confidence?: 'high' | 'low';
  /**
   * The texts above as catalogue keys and parameters (lib/i18n): `title`, `fix`, `evidence.when` and `inconclusive`
   * are these rendered in the report's language.
   */
  messages?: FindingMessages;
}

export interface FindingMessages {
  title: Message;
  fix: Message;
  when?: Message;
  inconclusive?: Message[];
}
