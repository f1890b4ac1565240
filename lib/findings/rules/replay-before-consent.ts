import { msg } from '../../i18n/message';
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
          title: msg('rule.replay-before-consent.title', { vendor: vendor.name }),
          fix: msg('rule.replay-before-consent.fix', { vendor: vendor.name }),
          details: { recording: true, via: recorder.recordingVia, loadedAt: loaded.t, ingestRequests: before.length },
        }),
      );
    }
    return findings;
  },
});
