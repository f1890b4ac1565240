import { processingIn } from '../../analysis/activity';
import { isAfterRefusal, isBeforeConsent } from '../../analysis/scan';
import { durationText } from '../../consent/detect-consent';
import type { Finding, Phase } from '../../model';
import { defineRule, makeFinding, REFERENCES } from '../rule';

/**
 * A vendor that needs consent loaded its code before the choice (or after a refusal) and then sent and stored
 * nothing while the visit was watched: an SDK waiting for its own consent call, or a tag that did nothing. Loading is
 * not processing, so this is a note, never an accusation: it says exactly what was seen and for how long.
 */
export const rule = defineRule({
  id: 'vendor-loaded-only',
  title: 'Vendor loaded, but sent and stored nothing',
  severity: 'info',
  references: [REFERENCES.eprivacy53, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    const end = Math.max(0, ...scan.records.map((r) => r.t));
    for (const activity of scan.activity) {
      const vendor = scan.vendors.get(activity.id);
      if (!vendor || vendor.consent === 'not-required' || vendor.category === 'consent-management') continue;
      for (const [inPhase, label] of [
        [isBeforeConsent, 'before the choice'],
        [isAfterRefusal, 'after the refusal'],
      ] as const) {
        const seen = processingIn(activity, scan.facts, inPhase);
        const first = seen.loaded[0];
        if (!first || seen.sent.length || seen.stored.length || isRecorderRecording(scan, vendor.id, inPhase)) continue;
        const phase: Phase = scan.facts.get(first.id)?.phase ?? 'unknown';
        const watched = Math.max(0, windowEnd(scan, first.t, inPhase, end) - first.t);
        findings.push(
          makeFinding(rule, scan, seen.loaded, {
            vendor,
            phase,
            title: `${vendor.name} loaded ${label}, and sent and stored nothing during ${durationText(watched)}`,
            fix: `Nothing to fix from what was seen: ${vendor.name}'s code loaded ${label} but did not process data while it was watched. If it waits for its own consent call, make sure that call follows the visitor's choice; otherwise load its script only after consent.`,
            details: { category: vendor.category, loads: seen.loaded.length, watchedMs: watched },
          }),
        );
      }
    }
    return findings;
  },
});

function isRecorderRecording(scan: Parameters<typeof rule.check>[0], vendorId: string, inPhase: (phase: Phase) => boolean): boolean {
  return scan.recorders.some((r) => r.vendor.id === vendorId && r.ingest.some((i) => inPhase(scan.facts.get(i.id)?.phase ?? 'unknown')));
}

/** When the phase the load happened in ended: the next transition out of it, or the end of the visit. */
function windowEnd(scan: Parameters<typeof rule.check>[0], from: number, inPhase: (phase: Phase) => boolean, end: number): number {
  const leaving = scan.consent.transitions.find((t) => t.t > from && !inPhase(t.phase));
  return leaving?.t ?? end;
}
