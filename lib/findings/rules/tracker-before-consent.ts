import type { Finding } from '../../model';
import { makeFinding, REFERENCES, type Rule } from '../rule';
import { isBeforeConsent, phaseAt, recordsOf } from '../../analysis/scan';

/** The CNIL audience-measurement exemption (2020 guidelines, art. 5; CNIL "solutions pour la mesure d'audience"). */
export const EXEMPTION_CONDITIONS = [
  'first-party only: the data and identifiers serve this site alone',
  'cookies of at most 13 months, not extended on each visit, and data kept at most 25 months',
  'no cross-site tracking and no combination with other processing or data',
  'strictly limited to audience measurement (no advertising, no individual profiles), with anonymised statistics',
  'visitors are informed and can object (an opt-out)',
] as const;
const EXEMPTION = `It may be exempt from consent only if all the CNIL conditions hold: ${EXEMPTION_CONDITIONS.join('; ')}.`;

/** A vendor that needs consent sends requests, or sets cookies or storage, before the visitor chose. */
export const rule: Rule = {
  id: 'tracker-before-consent',
  title: 'Tracker active before consent',
  severity: 'high',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr6, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    for (const activity of scan.classification.vendors) {
      const vendor = scan.vendors.get(activity.id);
      if (!vendor || vendor.category === 'session-replay' || vendor.consent === 'not-required' || vendor.category === 'consent-management') continue;
      const before = recordsOf(scan, vendor.id).filter((r) => r.kind !== 'global' && isBeforeConsent(phaseAt(scan.consent, r.t)));
      const first = before[0];
      if (!first) continue;
      const phase = phaseAt(scan.consent, first.t);
      if (vendor.consent === 'exempt-capable') {
        findings.push(
          makeFinding(rule, scan, before, {
            vendor,
            phase,
            severity: 'info',
            title: `${vendor.name} (${vendor.category}, exemption possible) was active before consent`,
            fix: `Check ${vendor.name}'s configuration against the CNIL exemption, or load it only after consent. ${EXEMPTION}`,
            details: { consent: vendor.consent, category: vendor.category, exemptionConditions: [...EXEMPTION_CONDITIONS] },
          }),
        );
        continue;
      }
      const severe = vendor.category === 'advertising' || vendor.category === 'social';
      findings.push(
        makeFinding(rule, scan, before, {
          vendor,
          phase,
          severity: severe ? 'high' : 'medium',
          title: `${vendor.name} (${vendor.category}) was active before the visitor consented`,
          fix: `Load ${vendor.name} only after the visitor accepts the matching purpose: gate its tag in the consent manager (for example a \`type="text/plain"\` script with the CMP's category attribute, or a tag-manager trigger on the consent event) so nothing loads or is stored before the choice.`,
          details: { consent: vendor.consent, category: vendor.category },
        }),
      );
    }
    return findings;
  },
};
