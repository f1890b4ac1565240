import type { Finding } from '../../finding';
import { processingIn } from '../../scan/activity';
import { isBeforeConsent } from '../../scan/scan';
import { msg } from '../../i18n/message';
import { defineRule, makeFinding, REFERENCES } from '../rule';

/**
 * Vendors that need consent processed data (sent data, stored identifiers) and no consent mechanism was seen at all:
 * no known consent manager, no consent framework answering, and no consent banner of an unknown manager.
 */
export const rule = defineRule({
  id: 'no-consent-mechanism',
  severity: 'high',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr7, REFERENCES.cnil2020],
  check(scan): Finding[] {
    if (scan.consent.cmps.length || scan.consent.events.length) return [];
    const active = scan.activity.flatMap((activity) => {
      if (activity.consent !== 'required' || activity.category === 'consent-management') return [];
      // What a vendor received, and the cookies it set (which browsers send with every request); storage that never
      // leaves the device is not enough to say a consent mechanism was missing.
      const { sent, stored } = processingIn(activity, scan.facts, isBeforeConsent);
      const records = [...sent, ...stored.filter((r) => r.kind === 'cookie')].sort((a, b) => a.t - b.t);
      return records.length ? [{ activity, records }] : [];
    });
    if (!active.length) return [];
    const records = active.flatMap((a) => a.records.slice(0, 2)).sort((a, b) => a.t - b.t);
    return [
      makeFinding(rule, scan, records, {
        phase: 'no-cmp',
        title: msg('rule.no-consent-mechanism.title', { n: active.length }),
        fix: msg('rule.no-consent-mechanism.fix'),
        details: { vendors: active.map((a) => a.activity.id) },
      }),
    ];
  },
});
