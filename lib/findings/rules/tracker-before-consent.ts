import { processingIn } from '../../scan/activity';
import { isBeforeConsent } from '../../scan/scan';
import type { Finding } from '../../finding';
import { activityText, makeFinding, recordedIn, REFERENCES, defineRule } from '../rule';

/** The CNIL audience-measurement exemption (2020 guidelines, art. 5; CNIL "solutions pour la mesure d'audience"). */
export const EXEMPTION_CONDITIONS = [
  'first-party only: the data and identifiers serve this site alone',
  'cookies of at most 13 months, not extended on each visit, and data kept at most 25 months',
  'no cross-site tracking and no combination with other processing or data',
  'strictly limited to audience measurement (no advertising, no individual profiles), with anonymised statistics',
  'visitors are informed and can object (an opt-out)',
] as const;
const EXEMPTION = `It may be exempt from consent only if all the CNIL conditions hold: ${EXEMPTION_CONDITIONS.join('; ')}.`;

/**
 * A vendor that needs consent received data before the visitor chose: a body, a beacon, an XHR, a pixel with
 * parameters, whatever a page script handed it. Fetching its own script or configuration is loading, not processing:
 * a vendor that only loaded gets `vendor-loaded-only`; cookies it stored are `cookie-before-consent`. Session
 * recorders that recorded are `replay-before-consent`; a replay vendor that sent other data is reported here.
 */
export const rule = defineRule({
  id: 'tracker-before-consent',
  title: 'Tracker active before consent',
  severity: 'high',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr6, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    // A replay vendor that recorded is reported by the replay rule; an analytics SDK with a replay module by both.
    const recorded = recordedIn(scan, isBeforeConsent);
    for (const activity of scan.activity) {
      const vendor = scan.vendors.get(activity.id);
      if (!vendor || vendor.consent === 'not-required' || vendor.category === 'consent-management' || recorded.has(vendor.id)) continue;
      const before = processingIn(activity, scan.facts, isBeforeConsent);
      const first = before.sent[0];
      if (!first) continue;
      const phase = scan.facts.get(first.id)?.phase ?? 'unknown';
      const evidence = { sent: before.sent.length, stored: before.stored.length };
      if (vendor.consent === 'exempt-capable') {
        findings.push(
          makeFinding(rule, scan, before.sent, {
            vendor,
            phase,
            severity: 'info',
            title: `${vendor.name} (${vendor.category}, exemption possible) ${activityText(evidence)} before consent`,
            fix: `Check ${vendor.name}'s configuration against the CNIL exemption, or load it only after consent. ${EXEMPTION}`,
            details: { consent: vendor.consent, category: vendor.category, ...evidence, exemptionConditions: [...EXEMPTION_CONDITIONS] },
          }),
        );
        continue;
      }
      const severe = vendor.category === 'advertising' || vendor.category === 'social' || vendor.category === 'session-replay';
      findings.push(
        makeFinding(rule, scan, before.sent, {
          vendor,
          phase,
          severity: severe ? 'high' : 'medium',
          title: `${vendor.name} (${vendor.category}) ${activityText(evidence)} before the visitor consented`,
          fix: `Load ${vendor.name} only after the visitor accepts the matching purpose: gate its tag in the consent manager (for example a \`type="text/plain"\` script with the CMP's category attribute, or a tag-manager trigger on the consent event), or start it in its own wait-for-consent mode, so nothing is sent or stored before the choice.`,
          details: { consent: vendor.consent, category: vendor.category, ...evidence },
        }),
      );
    }
    return findings;
  },
});
