import { factsOf, isBeforeConsent, vendorOf } from '../../scan/scan';
import type { CookieRecord } from '../../model';
import type { Finding } from '../../finding';
import { msg } from '../../i18n/message';
import { categoryMessage, defineRule, makeFinding, REFERENCES } from '../rule';

/**
 * A cookie of a vendor that needs consent is set before the visitor chose. One finding per cookie name and domain.
 * Only attributed cookies count: a generic name (`visitor_id`) without its vendor's host or script in the visit is a
 * first-party cookie that merely resembles one.
 */
export const rule = defineRule({
  id: 'cookie-before-consent',
  severity: 'medium',
  references: [REFERENCES.eprivacy53, REFERENCES.cnil2020],
  check(scan) {
    const groups = new Map<string, CookieRecord[]>();
    for (const record of scan.records) {
      if (record.kind !== 'cookie') continue;
      const fact = factsOf(scan, record);
      if (fact.activity !== 'stored' || !fact.by || !isBeforeConsent(fact.phase)) continue;
      const vendor = vendorOf(scan, record);
      if (vendor?.consent !== 'required' || vendor.category === 'consent-management') continue;
      const key = `${record.name}\u0000${record.domain}`;
      groups.set(key, [...(groups.get(key) ?? []), record]);
    }
    const findings: Finding[] = [];
    for (const records of groups.values()) {
      const first = records[0];
      const vendor = first && vendorOf(scan, first);
      if (!first || !vendor) continue;
      findings.push(
        makeFinding(rule, scan, records, {
          vendor,
          phase: factsOf(scan, first).phase,
          title: msg('rule.cookie-before-consent.title', { cookie: first.name, vendor: vendor.name }),
          fix: msg('rule.cookie-before-consent.fix', { cookie: first.name, vendor: vendor.name, category: categoryMessage(vendor.category) }),
          details: { cookie: first.name, domain: first.domain, via: [...new Set(records.map((r) => r.via))], attribution: factsOf(scan, first).by },
        }),
      );
    }
    return findings;
  },
});
