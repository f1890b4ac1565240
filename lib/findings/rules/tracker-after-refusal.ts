import type { Finding, Phase } from '../../model';
import { makeFinding, REFERENCES, type Rule } from '../rule';
import { phaseAt, recordsOf } from '../scan';

/** A vendor that needs consent keeps sending requests or storing data after the visitor refused. */
export const rule: Rule = {
  id: 'tracker-after-refusal',
  title: 'Tracker active after refusal',
  severity: 'critical',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr7, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    for (const activity of scan.classification.vendors) {
      const vendor = scan.vendors.get(activity.id);
      if (!vendor || vendor.category === 'session-replay' || vendor.consent !== 'required') continue;
      // A revocation is a refusal after an acceptance: tracking must stop just the same.
      const after = recordsOf(scan, vendor.id).filter((r) => r.kind !== 'global' && isRefused(phaseAt(scan.consent, r.t)));
      const first = after[0];
      if (!first) continue;
      const severe = vendor.category === 'advertising' || vendor.category === 'social';
      findings.push(
        makeFinding(rule, scan, after, {
          vendor,
          phase: phaseAt(scan.consent, first.t),
          severity: severe ? 'critical' : 'high',
          title: `${vendor.name} (${vendor.category}) kept working after the visitor refused`,
          fix: `Make the refusal effective: ${vendor.name} must not load, send data or store anything once the visitor refuses. Check that its tag listens to the consent manager's refusal, and delete the cookies it set before.`,
          details: { category: vendor.category },
        }),
      );
    }
    return findings;
  },
};

function isRefused(phase: Phase): boolean {
  return phase === 'after-refusal' || phase === 'after-revocation';
}
