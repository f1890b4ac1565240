import { rule as consentStoredDespiteRefusal } from './consent-stored-despite-refusal';
import { rule as cookieBeforeConsent } from './cookie-before-consent';
import { rule as cookieLifetimeOver13Months } from './cookie-lifetime-over-13-months';
import { rule as formDataLeak } from './form-data-leak';
import { rule as noConsentMechanism } from './no-consent-mechanism';
import { rule as piiInUrl } from './pii-in-url';
import { rule as replayAfterRefusal } from './replay-after-refusal';
import { rule as replayBeforeConsent } from './replay-before-consent';
import { rule as replayOnSensitivePage } from './replay-on-sensitive-page';
import { rule as replayUnmaskAttribute } from './replay-unmask-attribute';
import { rule as replayUnmaskedInput } from './replay-unmasked-input';
import { rule as trackerAfterRefusal } from './tracker-after-refusal';
import { rule as trackerBeforeConsent } from './tracker-before-consent';
import { rule as vendorLoadedOnly } from './vendor-loaded-only';

/**
 * Every rule, in report order. Adding a rule: one file here, one line in this array, one test. The rule ids users
 * script against are this array's: `RuleId` is derived from it, and the report's JSON schema and the README are
 * checked against it (tests/meta/rules.test.ts).
 */
export const RULES = [
  replayBeforeConsent,
  replayAfterRefusal,
  replayUnmaskedInput,
  replayUnmaskAttribute,
  replayOnSensitivePage,
  trackerBeforeConsent,
  trackerAfterRefusal,
  cookieBeforeConsent,
  cookieLifetimeOver13Months,
  noConsentMechanism,
  consentStoredDespiteRefusal,
  formDataLeak,
  piiInUrl,
  vendorLoadedOnly,
] as const;

export type RuleId = (typeof RULES)[number]['id'];
