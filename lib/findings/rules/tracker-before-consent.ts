import { processingIn } from '../../scan/activity';
import { isBeforeConsent } from '../../scan/scan';
import type { Finding } from '../../finding';
import { formatMessage, msg } from '../../i18n/message';
import { activityMessage, categoryMessage, makeFinding, recordedIn, REFERENCES, defineRule } from '../rule';

/** The CNIL audience-measurement exemption (2020 guidelines, art. 5; CNIL "solutions pour la mesure d'audience"). */
export const EXEMPTION_CONDITIONS = [
  msg('exemption.firstParty'),
  msg('exemption.lifetime'),
  msg('exemption.noCrossSite'),
  msg('exemption.audienceOnly'),
  msg('exemption.optOut'),
] as const;

/**
 * A vendor that needs consent received data before the visitor chose: a body, a beacon, an XHR, a pixel with
 * parameters, whatever a page script handed it. Fetching its own script or configuration is loading, not processing:
 * a vendor that only loaded gets `vendor-loaded-only`; cookies it stored are `cookie-before-consent`. Session
 * recorders that recorded are `replay-before-consent`; a replay vendor that sent other data is reported here.
 */
export const rule = defineRule({
  id: 'tracker-before-consent',
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
            title: msg('rule.tracker-before-consent.titleExempt', {
              vendor: vendor.name,
              category: categoryMessage(vendor.category),
              activity: activityMessage(evidence),
            }),
            fix: msg('rule.tracker-before-consent.fixExempt', { vendor: vendor.name, conditions: { list: [...EXEMPTION_CONDITIONS], join: ';' } }),
            details: {
              consent: vendor.consent,
              category: vendor.category,
              ...evidence,
              exemptionConditions: EXEMPTION_CONDITIONS.map((c) => formatMessage(c, 'en')),
            },
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
          title: msg('rule.tracker-before-consent.title', {
            vendor: vendor.name,
            category: categoryMessage(vendor.category),
            activity: activityMessage(evidence),
          }),
          fix: msg('rule.tracker-before-consent.fix', { vendor: vendor.name }),
          details: { consent: vendor.consent, category: vendor.category, ...evidence },
        }),
      );
    }
    return findings;
  },
});
