import { msg } from '../../i18n/message';
import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule, recordingsIn } from '../rule';
import { factsOf, isAfterRefusal } from '../../scan/scan';

/**
 * A session recorder still sends recordings after the visitor refused. A recorder whose only uploads after the refusal
 * were cut off before any response (its flush at the next navigation) was still recording, but whether its vendor got
 * the recording is unproven: that finding is `medium`, not `critical` (not counted as serious), and says "unverified"
 * (`confidence: low`).
 */
export const rule = defineRule({
  id: 'replay-after-refusal',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.edpbReplay, REFERENCES.gdpr7],
  check(scan) {
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      const { records: shown, unverified } = recordingsIn(recorder, (r) => isAfterRefusal(factsOf(scan, r).phase));
      if (!shown.length) continue;
      findings.push(
        makeFinding(rule, scan, shown, {
          vendor: recorder.vendor,
          phase: factsOf(scan, shown[0] ?? recorder.loaded).phase,
          title: msg(unverified ? 'rule.replay-after-refusal.titleCutOff' : 'rule.replay-after-refusal.title', { vendor: recorder.vendor.name }),
          fix: msg('rule.replay-after-refusal.fix', { vendor: recorder.vendor.name }),
          ...(unverified && { severity: 'medium' as const, unverified }),
          details: unverified ? { ingestRequests: 0, cutOffUploads: shown.length, unverified: 'cut-off' } : { ingestRequests: shown.length },
        }),
      );
    }
    return findings;
  },
});
