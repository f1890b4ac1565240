import { processingIn } from '../../scan/activity';
import { factsOf } from '../../scan/scan';
import { durationMessage, msg } from '../../i18n/message';
import type { Finding } from '../../finding';
import { defineRule, makeFinding, REFERENCES } from '../rule';

/**
 * A vendor that needs consent loaded its code in the visit, and then neither received data nor set a cookie while the
 * page was watched: an SDK waiting for its own consent call, a tag that did nothing (one whose sends were cut off
 * before any response gets no note: they may have arrived). Loading is not processing, so this
 * is a note, never an accusation: it says exactly what was seen (storage it wrote on the device included), and for
 * how long.
 */
export const rule = defineRule({
  id: 'vendor-loaded-only',
  severity: 'info',
  references: [REFERENCES.eprivacy53, REFERENCES.cnil2020],
  check(scan) {
    const findings: Finding[] = [];
    const end = Math.max(0, ...scan.records.map((r) => r.t));
    for (const activity of scan.activity) {
      const vendor = scan.vendors.get(activity.id);
      if (!vendor || vendor.consent === 'not-required' || vendor.category === 'consent-management') continue;
      const seen = processingIn(activity, scan.facts, () => true);
      const first = seen.loaded[0];
      const cookies = seen.stored.filter((r) => r.kind === 'cookie');
      // Data cut off before any response may have arrived: then "received nothing" cannot be said either.
      if (!first || seen.sent.length || seen.aborted.length || cookies.length || scan.recorders.some((r) => r.vendor.id === vendor.id && r.ingest.length))
        continue;
      const watched = Math.max(0, end - first.t);
      findings.push(
        makeFinding(rule, scan, seen.loaded, {
          vendor,
          phase: factsOf(scan, first).phase,
          title: seen.stored.length
            ? msg('rule.vendor-loaded-only.titleStorage', { vendor: vendor.name, n: seen.stored.length, duration: durationMessage(watched) })
            : msg('rule.vendor-loaded-only.title', { vendor: vendor.name, duration: durationMessage(watched) }),
          fix: msg('rule.vendor-loaded-only.fix', { vendor: vendor.name }),
          details: { category: vendor.category, loads: seen.loaded.length, storageKeys: seen.stored.length, watchedMs: watched },
        }),
      );
    }
    return findings;
  },
});
