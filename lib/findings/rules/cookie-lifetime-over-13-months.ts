import type { CookieRecord } from '../../model';
import type { Finding } from '../../finding';
import { msg } from '../../i18n/message';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { THIRTEEN_MONTHS } from '../limits';
import { factsOf, vendorOf } from '../../scan/scan';

export { THIRTEEN_MONTHS };

/**
 * An audience-measurement cookie declares a lifetime of more than 13 months. Only declarations count (Set-Cookie
 * headers and document.cookie writes): browsers cap what they store at 400 days, which would hide the excess.
 */
export const rule = defineRule({
  id: 'cookie-lifetime-over-13-months',
  severity: 'medium',
  references: [REFERENCES.cnilExemption, REFERENCES.cnil2020],
  check(scan) {
    const seen = new Map<string, CookieRecord[]>();
    for (const record of scan.records) {
      if (record.kind !== 'cookie' || record.via === 'store' || record.via === 'jar' || record.action !== 'set') continue;
      if (record.declaredLifetime === null || record.declaredLifetime <= THIRTEEN_MONTHS) continue;
      if (!factsOf(scan, record).by) continue;
      const vendor = vendorOf(scan, record);
      if (vendor?.category !== 'audience-measurement') continue;
      const key = `${record.name}\u0000${record.domain}`;
      seen.set(key, [...(seen.get(key) ?? []), record]);
    }
    const findings: Finding[] = [];
    for (const records of seen.values()) {
      const first = records[0];
      const vendor = first && vendorOf(scan, first);
      if (!first || !vendor || first.declaredLifetime === null) continue;
      const months = { decimal: first.declaredLifetime / (30.44 * 86_400), digits: 1 };
      findings.push(
        makeFinding(rule, scan, records, {
          vendor,
          phase: factsOf(scan, first).phase,
          // Exempt-capable tools lose the exemption; for the others it is the CNIL's recommended maximum.
          severity: vendor.consent === 'exempt-capable' ? 'medium' : 'low',
          title: msg('rule.cookie-lifetime-over-13-months.title', { cookie: first.name, vendor: vendor.name, months }),
          fix: msg('rule.cookie-lifetime-over-13-months.fix', { cookie: first.name, vendor: vendor.name, seconds: THIRTEEN_MONTHS }),
          details: { cookie: first.name, declaredLifetime: first.declaredLifetime, limit: THIRTEEN_MONTHS },
        }),
      );
    }
    return findings;
  },
});
