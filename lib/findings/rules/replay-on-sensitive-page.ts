import { formatMessage, msg } from '../../i18n/message';
import type { Finding } from '../../finding';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf } from '../../scan/scan';

/** Paths of pages where visitors type credentials, payment or account data. */
export const SENSITIVE_PATH =
  /(^|[/_.-])(log-?in|sign-?in|sign-?up|register|password|checkout|payment|pay|billing|account|my-account|profile|cart|basket|order|health|patient|medical)([/_.?#-]|$)/i;

/** A session recorder records a login, checkout, account or health page, or a page with password or card fields. */
export const rule = defineRule({
  id: 'replay-on-sensitive-page',
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
    const reason = match
      ? msg('rule.replay-on-sensitive-page.reasonPath', { word: match[2] ?? '' })
      : field?.kind === 'field'
        ? msg('rule.replay-on-sensitive-page.reasonField', { kind: msg(`fieldKind.${field.fieldKind}`), selector: field.selector })
        : undefined;
    if (!reason) return [];
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      if (!recorder.recording) continue;
      findings.push(
        makeFinding(rule, scan, [recorder.recording], {
          vendor: recorder.vendor,
          phase: factsOf(scan, recorder.recording).phase,
          title: msg('rule.replay-on-sensitive-page.title', { vendor: recorder.vendor.name, reason }),
          fix: msg('rule.replay-on-sensitive-page.fix', { vendor: recorder.vendor.name }),
          details: { page: scan.visit.url, reason: formatMessage(reason, 'en') },
        }),
      );
    }
    return findings;
  },
});
