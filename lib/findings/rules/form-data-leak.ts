import type { Finding } from '../../model';
import { hostnameOf, isDomainOfSite } from '../../classify/site';
import { makeFinding, REFERENCES, type Rule } from '../rule';
import { phaseAt } from '../../analysis/scan';

/** The canary test caught a typed value sent to a third party that is not a session recorder (before any submit). */
export const rule: Rule = {
  id: 'form-data-leak',
  title: 'Typed form data sent to a third party',
  severity: 'high',
  references: [REFERENCES.gdpr5c, REFERENCES.gdpr6, REFERENCES.eprivacy53],
  check(scan) {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const leak of scan.leaks) {
      if (leak.rrweb) continue;
      const vendorId = scan.classification.vendorOf.get(leak.record.id) ?? 'unclassified';
      const vendor = scan.vendors.get(vendorId);
      if (vendor?.category === 'session-replay') continue;
      const host = hostnameOf(leak.record.url);
      if (!host || isDomainOfSite(host, scan.visit.site)) continue;
      const key = `${vendorId}|${host}|${leak.canary.selector}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(
        makeFinding(rule, scan, [leak.canary, leak.record], {
          ...(vendor && { vendor }),
          phase: phaseAt(scan.consent, leak.record.t),
          severity: leak.canary.fieldKind === 'password' || leak.canary.fieldKind === 'card' ? 'critical' : 'high',
          title: `What was typed into the ${leak.canary.fieldKind} field "${leak.canary.label || leak.canary.selector}" was sent to ${vendor?.name ?? host} before any submit`,
          fix: `Stop ${vendor?.name ?? host} from reading form fields: disable its automatic form or "enhanced matching" capture, or exclude ${leak.canary.selector} from it; send personal data only to your own server when the visitor submits.`,
          details: { selector: leak.canary.selector, host, where: leak.where, matchKind: leak.matchKind, chain: leak.chain },
        }),
      );
    }
    return findings;
  },
};
