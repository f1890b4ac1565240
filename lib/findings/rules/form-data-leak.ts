import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf, vendorOf } from '../../scan/scan';

/** The canary test caught a typed value sent to a third party that is not a session recorder (before any submit). */
export const rule = defineRule({
  id: 'form-data-leak',
  title: 'Typed form data sent to a third party',
  severity: 'high',
  references: [REFERENCES.gdpr5c, REFERENCES.gdpr6, REFERENCES.eprivacy53],
  check(scan) {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const leak of scan.leaks) {
      if (leak.rrweb) continue;
      const fact = factsOf(scan, leak.record);
      const vendor = vendorOf(scan, leak.record);
      if (vendor?.category === 'session-replay') continue;
      const host = fact.hostname;
      if (!host || fact.party === 'first') continue;
      const key = `${fact.vendor}|${host}|${leak.canary.selector}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(
        makeFinding(rule, scan, [leak.canary, leak.record], {
          ...(vendor && { vendor }),
          phase: fact.phase,
          severity: leak.canary.fieldKind === 'password' || leak.canary.fieldKind === 'card' ? 'critical' : 'high',
          title: `What was typed into the ${leak.canary.fieldKind} field "${leak.canary.label || leak.canary.selector}" was sent to ${vendor?.name ?? host} before any submit`,
          fix: `Stop ${vendor?.name ?? host} from reading form fields: disable its automatic form or "enhanced matching" capture, or exclude ${leak.canary.selector} from it; send personal data only to your own server when the visitor submits.`,
          details: { selector: leak.canary.selector, host, where: leak.where, matchKind: leak.matchKind, chain: leak.chain },
        }),
      );
    }
    return findings;
  },
});
