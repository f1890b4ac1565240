import { msg } from '../../i18n/message';
import { factsOf, isBeforeConsent } from '../../scan/scan';
import type { Finding } from '../../finding';
import { defineRule, makeFinding, recordingsIn, REFERENCES } from '../rule';

/**
 * A session recorder sent recordings before the visitor chose: traffic to an endpoint that only takes recordings, or
 * rrweb-shaped events to any host (first-party proxies included). A recorder that only loaded is `vendor-loaded-only`;
 * one that stored identifiers or sent other data without recording is `tracker-before-consent`. A recorder whose only
 * recording uploads before the choice were cut off before any response was recording, but whether its vendor got the
 * recording is unproven: that finding is `medium`, not `critical` (not counted as serious), and says "unverified"
 * (`confidence: low`).
 */
export const rule = defineRule({
  id: 'replay-before-consent',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.edpbReplay, REFERENCES.eprivacy53, REFERENCES.gdpr6],
  check(scan) {
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      const { vendor, loaded } = recorder;
      const { records: shown, unverified } = recordingsIn(recorder, (r) => isBeforeConsent(factsOf(scan, r).phase));
      const first = shown[0];
      if (!first) continue;
      findings.push(
        makeFinding(rule, scan, [loaded, ...shown], {
          vendor,
          phase: factsOf(scan, first).phase,
          title: msg(unverified ? 'rule.replay-before-consent.titleCutOff' : 'rule.replay-before-consent.title', { vendor: vendor.name }),
          fix: msg('rule.replay-before-consent.fix', { vendor: vendor.name }),
          ...(unverified && { severity: 'medium' as const, unverified }),
          details: unverified
            ? { recording: true, loadedAt: loaded.t, ingestRequests: 0, cutOffUploads: shown.length, unverified: 'cut-off' }
            : { recording: true, via: recorder.recordingVia, loadedAt: loaded.t, ingestRequests: shown.length },
        }),
      );
    }
    return findings;
  },
});
