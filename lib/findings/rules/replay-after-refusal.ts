import { msg } from '../../i18n/message';
import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf, isAfterRefusal } from '../../scan/scan';

/** A session recorder still sends recordings after the visitor refused. */
export const rule = defineRule({
  id: 'replay-after-refusal',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.edpbReplay, REFERENCES.gdpr7],
  check(scan) {
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      const after = recorder.ingest.filter((r) => isAfterRefusal(factsOf(scan, r).phase));
      if (!after.length) continue;
      findings.push(
        makeFinding(rule, scan, after, {
          vendor: recorder.vendor,
          phase: factsOf(scan, after[0] ?? recorder.loaded).phase,
          title: msg('rule.replay-after-refusal.title', { vendor: recorder.vendor.name }),
          fix: msg('rule.replay-after-refusal.fix', { vendor: recorder.vendor.name }),
          details: { ingestRequests: after.length },
        }),
      );
    }
    return findings;
  },
});
