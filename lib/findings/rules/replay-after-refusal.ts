import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf, isAfterRefusal } from '../../scan/scan';

/** A session recorder still sends recordings after the visitor refused. */
export const rule = defineRule({
  id: 'replay-after-refusal',
  title: 'Session replay after refusal',
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
          title: `${recorder.vendor.name} kept recording after the visitor refused`,
          fix: `Stop ${recorder.vendor.name} when the visitor refuses (call its opt-out or stop API from the consent manager's refusal callback) and do not start it on later pages.`,
          details: { ingestRequests: after.length },
        }),
      );
    }
    return findings;
  },
});
