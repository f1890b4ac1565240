import { msg } from '../../i18n/message';
import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf, mayHaveArrived, vendorOf } from '../../scan/scan';

/**
 * The canary test caught a typed value in a session recording: sent to a session-replay vendor, or in a payload
 * shaped like rrweb events (whatever the host, first-party proxies included). One finding per recorder and field. An
 * upload cut off before any response is not enough: the masking verdict, which reads the same uploads, then rests on
 * the configuration (lib/replay/masking.ts).
 */
export const rule = defineRule({
  id: 'replay-unmasked-input',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.gdpr5c, REFERENCES.gdpr9],
  check(scan) {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const leak of scan.leaks) {
      if (!mayHaveArrived(scan, leak.record)) continue;
      const vendor = vendorOf(scan, leak.record);
      const isReplay = vendor?.category === 'session-replay' || Boolean(vendor?.sessionReplay && leak.rrweb) || leak.rrweb;
      if (!isReplay) continue;
      const recorder = vendor ?? scan.recorders[0]?.vendor;
      const key = `${recorder?.id ?? 'rrweb'}|${leak.canary.selector}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const field = leak.canary;
      findings.push(
        makeFinding(rule, scan, [field, leak.record], {
          ...(recorder && { vendor: recorder }),
          phase: factsOf(scan, leak.record).phase,
          severity: field.fieldKind === 'text' ? 'high' : 'critical',
          title: msg('rule.replay-unmasked-input.title', {
            kind: msg(`fieldKind.${field.fieldKind}`),
            field: field.label || field.selector,
            recorder: recorder?.name ?? msg('rule.replay-unmasked-input.aRecording'),
          }),
          fix: msg('rule.replay-unmasked-input.fix', { recorder: recorder?.name ?? msg('rule.replay-unmasked-input.theRecorder'), selector: field.selector }),
          details: { selector: field.selector, fieldKind: field.fieldKind, where: leak.where, matchKind: leak.matchKind, chain: leak.chain, rrweb: leak.rrweb },
        }),
      );
    }
    return findings;
  },
});
