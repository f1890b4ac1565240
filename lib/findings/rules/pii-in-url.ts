import type { EvidenceRecord } from '../../model';
import type { Finding } from '../../finding';
import { msg } from '../../i18n/message';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf } from '../../scan/scan';

const EMAIL = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}/i;

/**
 * An e-mail address travels to a third party in a URL (query string, path or fragment), where it ends up in logs and
 * referrers. The canary test adds typed values; this passive check catches addresses already on the page.
 */
export const rule = defineRule({
  id: 'pii-in-url',
  severity: 'high',
  references: [REFERENCES.gdpr5c, REFERENCES.gdpr6],
  check(scan) {
    const hits = new Map<string, EvidenceRecord[]>();
    for (const record of scan.records) {
      if (record.kind !== 'request' && record.kind !== 'payload') continue;
      if (record.kind === 'request' && (record.type === 'main_frame' || record.type === 'sub_frame')) continue;
      if (factsOf(scan, record).party !== 'third') continue;
      const address = findEmail(record.url);
      if (!address) continue;
      const vendorId = factsOf(scan, record).vendor;
      hits.set(vendorId, [...(hits.get(vendorId) ?? []), record]);
    }
    // Typed canary values found in a third-party URL (the canary test).
    for (const leak of scan.leaks) {
      if (leak.where !== 'url' || factsOf(scan, leak.record).party !== 'third') continue;
      const vendorId = factsOf(scan, leak.record).vendor;
      hits.set(vendorId, [...(hits.get(vendorId) ?? []), leak.record]);
    }
    const findings: Finding[] = [];
    for (const [vendorId, records] of hits) {
      const vendor = scan.vendors.get(vendorId);
      const first = records[0];
      if (!first) continue;
      findings.push(
        makeFinding(rule, scan, records, {
          ...(vendor && { vendor }),
          phase: factsOf(scan, first).phase,
          title: msg('rule.pii-in-url.title', { recipient: vendor?.name ?? msg('rule.pii-in-url.unclassified') }),
          fix: msg('rule.pii-in-url.fix'),
        }),
      );
    }
    return findings;
  },
});

function findEmail(url: string): string | undefined {
  let text = url;
  for (let i = 0; i < 3; i++) {
    try {
      const decoded = decodeURIComponent(text.replace(/\+/g, ' '));
      if (decoded === text) break;
      text = decoded;
    } catch {
      break;
    }
  }
  return EMAIL.exec(text)?.[0];
}
