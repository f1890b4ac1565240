import { processingIn } from '../../scan/activity';
import { isAfterRefusal, type Scan } from '../../scan/scan';
import { purposeClassOfCategory, refusedClasses } from '../../consent/purposes';
import type { Finding } from '../../finding';
import { msg } from '../../i18n/message';
import { activityMessage, categoryMessage, makeFinding, recordingsAfterRefusal, REFERENCES, defineRule } from '../rule';

/**
 * A vendor that needs consent keeps receiving data after the visitor refused, or, after a partial choice, after the
 * visitor refused the purpose the vendor serves (analytics, marketing, social). Loading its script and then doing
 * nothing is not processing. Recording after a refusal is `replay-after-refusal`.
 */
export const rule = defineRule({
  id: 'tracker-after-refusal',
  severity: 'critical',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr7, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    const partial = partialRefusal(scan);
    // A replay vendor that recorded is reported by the replay rule; an analytics SDK with a replay module by both.
    // A recorder whose only uploads after the refusal may be its flush at the answer (unverified there) is not proven
    // to have recorded: those uploads are no proof here either, and the other data it sent is reported as a tracker's.
    const recorded = new Set<string>();
    const flushes = new Set<string>();
    for (const recorder of scan.recorders) {
      const found = recordingsAfterRefusal(scan, recorder);
      if (found.kind === 'at-answer') for (const r of found.records) flushes.add(r.id);
      else if (!found.kind && found.records.length && recorder.vendor.category === 'session-replay') recorded.add(recorder.vendor.id);
    }
    for (const activity of scan.activity) {
      const vendor = scan.vendors.get(activity.id);
      if (vendor?.consent !== 'required' || vendor.category === 'consent-management' || recorded.has(vendor.id)) continue;
      const processing = processingIn(activity, scan.facts, isAfterRefusal);
      const after = { ...processing, sent: processing.sent.filter((r) => !flushes.has(r.id)) };
      const purpose = purposeClassOfCategory(vendor.category);
      const refusedPurpose = purpose && partial?.refused.has(purpose) ? purpose : undefined;
      const afterPartial = refusedPurpose && partial ? processingIn(activity, scan.facts, (phase) => phase === 'after-accept') : undefined;
      const partialSent = afterPartial?.sent.filter((r) => r.t >= (partial?.from ?? 0)) ?? [];
      const refused = after.sent.length > 0;
      const shown = refused ? after.sent : partialSent;
      const first = shown[0];
      if (!first) continue;
      const severe = vendor.category === 'advertising' || vendor.category === 'social' || vendor.category === 'session-replay';
      const evidence = { sent: shown.length, stored: (refused ? after.stored : (afterPartial?.stored ?? [])).length };
      findings.push(
        makeFinding(rule, scan, shown, {
          vendor,
          phase: scan.facts.get(first.id)?.phase ?? 'unknown',
          severity: severe ? 'critical' : 'high',
          title: msg(refused || !refusedPurpose ? 'rule.tracker-after-refusal.title' : 'rule.tracker-after-refusal.titlePartial', {
            vendor: vendor.name,
            category: categoryMessage(vendor.category),
            activity: activityMessage(evidence),
            ...(refusedPurpose && { purpose: msg(`purpose.${refusedPurpose}`) }),
          }),
          fix: msg(refused || !refusedPurpose ? 'rule.tracker-after-refusal.fix' : 'rule.tracker-after-refusal.fixPartial', {
            vendor: vendor.name,
            ...(refusedPurpose && { purpose: msg(`purpose.${refusedPurpose}`) }),
          }),
          details: { category: vendor.category, ...evidence, ...(!refused && { refusedPurpose, purposes: partial?.purposes }) },
        }),
      );
    }
    return findings;
  },
});

/** The partial choice that holds at the end of the visit, and the purpose classes it refused. */
function partialRefusal(scan: Scan) {
  const { state } = scan.consent;
  if (state.choice !== 'partial' || state.t === undefined) return undefined;
  const refused = refusedClasses(state.purposes);
  return refused.size ? { from: state.t, refused, purposes: state.purposes } : undefined;
}
