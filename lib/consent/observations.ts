import type { TcConsent } from './tcf';
import type { ConsentChoice } from './timeline';

/** Where a consent state was read: a TC string from `__tcfapi` or sent in a request, Consent Mode in the page or on a Google hit (`gcs`/`gcd`), or CMP storage. */
export type ObservationKind = 'tc-string' | 'tc-string-sent' | 'consent-mode' | 'consent-mode-sent' | 'cmp-storage';

/** What the page stored or sent as the consent state at one time, tied to the record that shows it. */
export interface ConsentObservation {
  t: number;
  kind: ObservationKind;
  /** Evidence record id. */
  record: string;
  choice: ConsentChoice;
  cmp?: string;
  purposes?: Record<string, boolean>;
}

/** A decoded IAB TC string, once per distinct string, where it was first seen. */
export interface TcSummary {
  t: number;
  where: 'tcf-api' | 'storage' | 'request';
  record: string;
  cmpId: number;
  cmp?: string;
  choice: ConsentChoice;
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  specialFeatureOptins: number[];
  vendorConsentCount: number;
  vendorLegitimateInterestCount: number;
  /** Epoch ms (rounded to the day by CMPs). */
  lastUpdated: number;
}

/** Keeps a decoded TC string for the report, once per distinct string. */
export type NoteTc = (text: string, tc: TcConsent, where: TcSummary['where'], t: number, record: string) => void;

/** TCF purposes 1–11 → consented, from the ids a TC string or TCData consents to. */
export function tcPurposes(ids: readonly number[]): Record<string, boolean> {
  const granted = new Set(ids);
  return Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((p) => [String(p), granted.has(p)]));
}
