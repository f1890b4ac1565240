import { msg } from '../../i18n/message';
import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule, recordingsAfterRefusal } from '../rule';
import { factsOf } from '../../scan/scan';

const TITLES = {
  proven: 'rule.replay-after-refusal.title',
  'cut-off': 'rule.replay-after-refusal.titleCutOff',
  'at-answer': 'rule.replay-after-refusal.titleAtAnswer',
} as const;

/**
 * A session recorder still sends recordings after the visitor refused. Two kinds of evidence prove less
 * (`recordingsAfterRefusal`), so the finding is `medium`, not `critical` (not counted as serious), and says
 * "unverified" (`confidence: low`, `details.unverified`):
 * - `cut-off`: every upload after the refusal was cut off before any response (its flush at the next navigation): it
 *   was still recording, but whether its vendor got the recording is unproven;
 * - `at-answer`: every upload after the refusal left within a second of a refusal made during the visit, and nothing
 *   was recorded later: it may be the flush of what was recorded before the choice.
 */
export const rule = defineRule({
  id: 'replay-after-refusal',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.edpbReplay, REFERENCES.gdpr7],
  check(scan) {
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      const { records: shown, unverified, kind } = recordingsAfterRefusal(scan, recorder);
      const first = shown[0];
      if (!first) continue;
      findings.push(
        makeFinding(rule, scan, shown, {
          vendor: recorder.vendor,
          phase: factsOf(scan, first).phase,
          title: msg(TITLES[kind ?? 'proven'], { vendor: recorder.vendor.name }),
          fix: msg('rule.replay-after-refusal.fix', { vendor: recorder.vendor.name }),
          ...(unverified && { severity: 'medium' as const, unverified }),
          details:
            kind === 'cut-off'
              ? { ingestRequests: 0, cutOffUploads: shown.length, unverified: kind }
              : { ingestRequests: shown.length, ...(kind && { unverified: kind }) },
        }),
      );
    }
    return findings;
  },
});
