/**
 * Google Consent Mode's consent types (https://developers.google.com/tag-platform/security/concepts/consent-mode),
 * spelled once for the page probe and the consent analysis. The MAIN-world probe bundles this file, so it imports
 * nothing.
 */

/** The four types Google's tags read, in the order Google encodes them in a hit's `gcd`. */
export const GOOGLE_CONSENT_TYPES = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'] as const;

export const CONSENT_TYPES = [...GOOGLE_CONSENT_TYPES, 'functionality_storage', 'personalization_storage', 'security_storage'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];
