import type { Finding } from '../../finding';
import { msg } from '../../i18n/message';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf, mayHaveArrived, vendorOf } from '../../scan/scan';

/**
 * The canary test caught a typed value sent to a third party that is not a session recorder (before any submit), in a
 * send that may have arrived (not one cut off before any response).
 */
export const rule = defineRule({
  id: 'form-data-leak',
  severity: 'high',
  references: [REFERENCES.gdpr5c, REFERENCES.gdpr6, REFERENCES.eprivacy53],
  check(scan) {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const leak of scan.leaks) {
      if (leak.rrweb || !mayHaveArrived(scan, leak.record)) continue;
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
          title: msg('rule.form-data-leak.title', {
            kind: msg(`fieldKind.${leak.canary.fieldKind}`),
            field: leak.canary.label || leak.canary.selector,
            recipient: vendor?.name ?? host,
          }),
          fix: msg('rule.form-data-leak.fix', { recipient: vendor?.name ?? host, selector: leak.canary.selector }),
          details: { selector: leak.canary.selector, host, where: leak.where, matchKind: leak.matchKind, chain: leak.chain },
        }),
      );
    }
    return findings;
  },
});
