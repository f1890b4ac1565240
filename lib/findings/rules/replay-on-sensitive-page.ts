import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf } from '../../scan/scan';

/** Paths of pages where visitors type credentials, payment or account data. */
export const SENSITIVE_PATH =
  /(^|[/_.-])(log-?in|sign-?in|sign-?up|register|password|checkout|payment|pay|billing|account|my-account|profile|cart|basket|order|health|patient|medical)([/_.?#-]|$)/i;

/** A session recorder records a login, checkout, account or health page, or a page with password or card fields. */
export const rule = defineRule({
  id: 'replay-on-sensitive-page',
  title: 'Session replay on a sensitive page',
  severity: 'high',
  references: [REFERENCES.cnilReplay2026, REFERENCES.gdpr5c, REFERENCES.gdpr9],
  check(scan) {
    let path: string;
    try {
      const url = new URL(scan.visit.url);
      path = `${url.pathname}${url.search}`;
    } catch {
      return [];
    }
    const match = SENSITIVE_PATH.exec(path);
    const field = scan.records.find((r) => r.kind === 'field' && (r.fieldKind === 'password' || r.fieldKind === 'card'));
    const reason = match ? `path contains "${match[2]}"` : field?.kind === 'field' ? `the page has a ${field.fieldKind} field (${field.selector})` : undefined;
    if (!reason) return [];
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      if (!recorder.recording) continue;
      findings.push(
        makeFinding(rule, scan, [recorder.recording], {
          vendor: recorder.vendor,
          phase: factsOf(scan, recorder.recording).phase,
          title: `${recorder.vendor.name} records a sensitive page: ${reason}`,
          fix: `Exclude this page from ${recorder.vendor.name}'s recordings (page or URL exclusion in its settings, or do not start the recorder on login, checkout and account pages), and mask every input by default.`,
          details: { page: scan.visit.url, reason },
        }),
      );
    }
    return findings;
  },
});
