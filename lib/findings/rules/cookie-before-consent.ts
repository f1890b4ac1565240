import type { CookieRecord, Finding } from '../../model';
import { makeFinding, REFERENCES, type Rule } from '../rule';
import { isBeforeConsent, phaseAt } from '../../analysis/scan';

/** A cookie of a vendor that needs consent is set before the visitor chose. One finding per cookie name and domain. */
export const rule: Rule = {
  id: 'cookie-before-consent',
  title: 'Non-essential cookie set before consent',
  severity: 'medium',
  references: [REFERENCES.eprivacy53, REFERENCES.cnil2020],
  check(scan) {
    const groups = new Map<string, CookieRecord[]>();
    for (const record of scan.records) {
      if (record.kind !== 'cookie' || record.action !== 'set' || !isBeforeConsent(phaseAt(scan.consent, record.t))) continue;
      const vendor = scan.vendors.get(scan.classification.vendorOf.get(record.id) ?? '');
      if (vendor?.consent !== 'required' || vendor.category === 'consent-management') continue;
      const key = `${record.name}\u0000${record.domain}`;
      groups.set(key, [...(groups.get(key) ?? []), record]);
    }
    const findings: Finding[] = [];
    for (const records of groups.values()) {
      const first = records[0];
      const vendor = first && scan.vendors.get(scan.classification.vendorOf.get(first.id) ?? '');
      if (!first || !vendor) continue;
      findings.push(
        makeFinding(rule, scan, records, {
          vendor,
          phase: phaseAt(scan.consent, first.t),
          title: `Cookie ${first.name} (${vendor.name}) was set before consent`,
          fix: `Set ${first.name} only after the visitor accepts ${vendor.name}'s purpose (${vendor.category}); until then the tag that writes it must not run.`,
          details: { cookie: first.name, domain: first.domain, via: [...new Set(records.map((r) => r.via))] },
        }),
      );
    }
    return findings;
  },
};
