import { factsOf, isBeforeConsent } from '../../scan/scan';
import type { Finding } from '../../finding';
import { defineRule, makeFinding, REFERENCES } from '../rule';

/**
 * A session recorder sent recordings before the visitor chose: traffic to an endpoint that only takes recordings, or
 * rrweb-shaped events to any host (first-party proxies included). A recorder that only loaded is `vendor-loaded-only`;
 * one that stored identifiers or sent other data without recording is `tracker-before-consent`.
 */
export const rule = defineRule({
  id: 'replay-before-consent',
  title: 'Session replay before consent',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.edpbReplay, REFERENCES.eprivacy53, REFERENCES.gdpr6],
  check(scan) {
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      const { vendor, loaded } = recorder;
      const before = recorder.ingest.filter((r) => isBeforeConsent(factsOf(scan, r).phase));
      const first = before[0];
      if (!first) continue;
      findings.push(
        makeFinding(rule, scan, [loaded, ...before], {
          vendor,
          phase: factsOf(scan, first).phase,
          title: `${vendor.name} was recording before the visitor consented`,
          fix: `Start ${vendor.name} only after the visitor accepts session recording: load its script from the consent manager's callback (or with its "wait for consent" option), never on page load.`,
          details: { recording: true, via: recorder.recordingVia, loadedAt: loaded.t, ingestRequests: before.length },
        }),
      );
    }
    return findings;
  },
});
