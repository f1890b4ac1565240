import type { Report } from '@/lib/report/build';
import { severityCounts, verdictLine } from '@/lib/report/verdict';

export interface HeaderProps {
  report: Report;
}

export function Header({ report }: HeaderProps) {
  const counts = severityCounts(report.findings);
  return (
    <header>
      <h1 title={report.page.url}>{report.page.site}</h1>
      <p class="verdict" data-testid="verdict">{verdictLine(report)}</p>
      <ul class="severities" aria-label="Findings by severity">
        {counts.filter(([, n]) => n > 0).map(([severity, n]) => (
          <li key={severity} class={`sev sev-${severity}`} data-testid={`severity-${severity}`}>
            {n} {severity}
          </li>
        ))}
      </ul>
      <p class="muted" data-testid="consent">
        Consent: {report.consent.cmps.length ? report.consent.cmps.join(', ') : 'no consent manager detected'}
        {report.consent.choice ? ` · visitor chose ${report.consent.choice} at ${(report.consent.choiceAt ?? 0) / 1000} s` : ' · no choice recorded'}
      </p>
      <dl class="counts" data-testid="counts">
        <div><dt>Requests</dt><dd data-testid="count-requests">{report.summary.requests}</dd></div>
        <div><dt>Third-party</dt><dd data-testid="count-third-party">{report.summary.thirdPartyRequests}</dd></div>
        <div><dt>Cookies</dt><dd data-testid="count-cookies">{report.summary.cookies}</dd></div>
        <div><dt>Storage</dt><dd data-testid="count-storage">{report.summary.storage}</dd></div>
      </dl>
      {report.visit.dropped > 0 && <p class="warning">{report.visit.dropped} records were not kept (limits reached).</p>}
    </header>
  );
}
