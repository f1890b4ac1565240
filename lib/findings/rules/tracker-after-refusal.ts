import type { Finding } from '../../model';
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
      const after = recordsOf(scan, vendor.id).filter((r) => r.kind !== 'global' && phaseAt(scan.consent, r.t) === 'after-refusal');
      if (!after.length) continue;
      const severe = vendor.category === 'advertising' || vendor.category === 'social';
      findings.push(
        makeFinding(rule, scan, after, {
          vendor,
          phase: 'after-refusal',
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
