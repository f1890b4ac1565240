import { purposeClassOfCategory, refusedClasses } from '../../consent/purposes';
import type { EvidenceRecord, Finding, Phase } from '../../model';
import { makeFinding, REFERENCES, type Rule } from '../rule';
import { phaseAt, recordsOf, type Scan } from '../../analysis/scan';

/**
 * A vendor that needs consent keeps sending requests or storing data after the visitor refused, or, after a partial
 * choice, after the visitor refused the purpose the vendor serves (analytics, marketing, social).
 */
export const rule: Rule = {
  id: 'tracker-after-refusal',
  title: 'Tracker active after refusal',
  severity: 'critical',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr7, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    const partial = partialRefusal(scan);
    for (const activity of scan.classification.vendors) {
      const vendor = scan.vendors.get(activity.id);
      if (!vendor || vendor.category === 'session-replay' || vendor.consent !== 'required') continue;
      const records = recordsOf(scan, vendor.id).filter((r) => r.kind !== 'global');
      // A revocation is a refusal after an acceptance: tracking must stop just the same.
      const after = records.filter((r) => isRefused(phaseAt(scan.consent, r.t)));
      const purpose = purposeClassOfCategory(vendor.category);
      const refusedPurpose = purpose && partial?.refused.has(purpose) ? purpose : undefined;
      const afterPurpose = refusedPurpose ? records.filter((r) => isAfterPartial(scan, r, partial?.from ?? 0)) : [];
      const shown = after.length ? after : afterPurpose;
      const first = shown[0];
      if (!first) continue;
      const severe = vendor.category === 'advertising' || vendor.category === 'social';
      findings.push(
        makeFinding(rule, scan, shown, {
          vendor,
          phase: phaseAt(scan.consent, first.t),
          severity: severe ? 'critical' : 'high',
          title: after.length
            ? `${vendor.name} (${vendor.category}) kept working after the visitor refused`
            : `${vendor.name} (${vendor.category}) kept working after the visitor refused ${refusedPurpose} (partial consent)`,
          fix: `Make the refusal effective: ${vendor.name} must not load, send data or store anything once the visitor refuses${after.length ? '' : ` the ${refusedPurpose} purpose`}. Check that its tag listens to the consent manager's ${after.length ? 'refusal' : `${refusedPurpose} category`}, and delete the cookies it set before.`,
          details: { category: vendor.category, ...(!after.length && { refusedPurpose, purposes: partial?.purposes }) },
        }),
      );
    }
    return findings;
  },
};

function isRefused(phase: Phase): boolean {
  return phase === 'after-refusal' || phase === 'after-revocation';
}

/** The partial choice that holds at the end of the visit, and the purpose classes it refused. */
function partialRefusal(scan: Scan) {
  const { state } = scan.consent;
  if (state.choice !== 'partial' || state.t === undefined) return undefined;
  const refused = refusedClasses(state.purposes);
  return refused.size ? { from: state.t, refused, purposes: state.purposes } : undefined;
}

function isAfterPartial(scan: Scan, record: EvidenceRecord, from: number): boolean {
  return record.t >= from && phaseAt(scan.consent, record.t) === 'after-accept';
}
