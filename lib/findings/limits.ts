/**
 * Limits the rules check against, in a module of their own so the popup can show them without bundling the rules
 * (and through them the classifier and the public-suffix list).
 */

/** 13 months, in seconds (13 × 30.44 days), the CNIL's maximum for audience-measurement cookies. */
export const THIRTEEN_MONTHS = Math.round(13 * 30.44 * 86_400);
