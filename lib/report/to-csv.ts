import type { Report } from './types';

/** One CSV file per table: cookies, requests, findings, masking verdicts, consent events (RFC 4180: CRLF, quotes doubled; formulas neutralised). */
export function toCsvFiles(report: Report): { name: string; content: string }[] {
  return [
    {
      name: 'cookies.csv',
      content: csv(
        ['t_ms', 'via', 'action', 'name', 'domain', 'party', 'vendor', 'phase', 'declared_lifetime_s', 'secure', 'http_only', 'same_site', 'value'],
        report.cookies.map((c) => [
          c.t,
          c.via,
          c.action,
          c.name,
          c.domain,
          c.party,
          c.vendor,
          c.phase,
          c.via === 'jar' ? '' : (c.declaredLifetime ?? 'session'),
          c.secure,
          c.httpOnly,
          c.sameSite,
          c.value,
        ]),
      ),
    },
    {
      name: 'requests.csv',
      content: csv(
        ['t_ms', 'method', 'type', 'url', 'site', 'party', 'vendor', 'phase', 'status', 'body_bytes'],
        report.requests.map((r) => [r.t, r.method, r.type, r.url, r.site, r.party, r.vendor, r.phase, r.status ?? '', r.body?.size ?? '']),
      ),
    },
    {
      name: 'findings.csv',
      content: csv(
        ['severity', 'rule', 'vendor', 'phase', 'title', 'first_time_ms', 'urls', 'fix', 'relative_to_choice', 'inconclusive'],
        report.findings.map((f) => [
          f.severity,
          f.rule,
          f.vendor?.name ?? '',
          f.phase,
          f.title,
          f.evidence.times[0] ?? '',
          f.evidence.urls.join(' '),
          f.fix,
          f.evidence.when ?? '',
          f.inconclusive ?? '',
        ]),
      ),
    },
    {
      name: 'masking.csv',
      content: csv(
        ['vendor', 'selector', 'field_kind', 'verdict', 'proof', 'reason'],
        report.masking.map((m) => [m.vendor, m.selector, m.fieldKind, m.verdict, m.proof, m.reason]),
      ),
    },
    {
      name: 'consent.csv',
      content: csv(
        ['t_ms', 'source', 'event', 'cmp', 'choice', 'prior', 'purposes'],
        report.consent.events.map((e) => [
          e.t,
          e.source,
          e.kind,
          e.cmp ?? '',
          e.choice ?? '',
          e.prior ?? false,
          Object.entries(e.purposes ?? {})
            .map(([p, g]) => `${p}:${g ? 1 : 0}`)
            .join(' '),
        ]),
      ),
    },
  ];
}

function csv(header: string[], rows: (string | number | boolean)[][]): string {
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function cell(value: string | number | boolean): string {
  let text = String(value);
  // A cell starting with = + - @ is a formula in spreadsheets: page-derived text must not run as one.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
