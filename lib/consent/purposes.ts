import type { Category } from '../classify/categories';
import type { ConsentType } from '../consent-mode-types';

/** The purposes a refusal can be told apart by, whatever the CMP calls them. */
export type PurposeClass = 'analytics' | 'marketing' | 'social';

/**
 * The purpose class of one CMP purpose key: IAB TCF purpose ids (2–4 and 7 advertising, 8–9 measurement), Consent
 * Mode types, OneTrust's default group ids, and otherwise the words CMPs use for categories (Cookiebot `statistics`,
 * `marketing`; Klaro and cookieconsent site-chosen names). Undefined when the key says nothing recognisable.
 */
export function purposeClassOf(key: string): PurposeClass | undefined {
  const k = key.trim();
  if (/^\d{1,2}$/.test(k)) return TCF[Number(k)];
  if (Object.hasOwn(CONSENT_MODE, k)) return CONSENT_MODE[k as ConsentType];
  if (k === 'C0002') return 'analytics';
  if (k === 'C0004') return 'marketing';
  if (k === 'C0005') return 'social';
  if (/social/i.test(k)) return 'social';
  if (/marketing|advertis|^ads?$|^ads?[_-]|targeting|retarget/i.test(k)) return 'marketing';
  if (/analytic|statistic|^stats?$|performance|measure|audience/i.test(k)) return 'analytics';
  return undefined;
}

/**
 * The classes a choice explicitly refused: some purpose of the class is false and none is true. A class the choice
 * does not name is not refused (the CMP may not offer it).
 */
export function refusedClasses(purposes: Readonly<Record<string, boolean>> | undefined): Set<PurposeClass> {
  const granted = new Set<PurposeClass>();
  const denied = new Set<PurposeClass>();
  for (const [key, value] of Object.entries(purposes ?? {})) {
    const cls = purposeClassOf(key);
    if (cls) (value ? granted : denied).add(cls);
  }
  return new Set([...denied].filter((c) => !granted.has(c)));
}

/** The purpose class a vendor category needs consent for. */
export function purposeClassOfCategory(category: Category): PurposeClass | undefined {
  switch (category) {
    case 'audience-measurement':
      return 'analytics';
    case 'advertising':
      return 'marketing';
    case 'social':
      return 'social';
    default:
      return undefined;
  }
}

const TCF: Record<number, PurposeClass> = { 2: 'marketing', 3: 'marketing', 4: 'marketing', 7: 'marketing', 8: 'analytics', 9: 'analytics' };
const CONSENT_MODE: Partial<Record<ConsentType, PurposeClass>> = {
  analytics_storage: 'analytics',
  ad_storage: 'marketing',
  ad_user_data: 'marketing',
  ad_personalization: 'marketing',
};
