import type { Report } from './types';
import { consentEventRows, consentSummary } from './consent-summary';
import { formatTime } from './format';
import { UNVERIFIED_NOTE } from './to-html';
import { severityCounts, verdictLine } from './verdict';

/** A short summary to paste into a ticket. Page-derived text is escaped so it cannot break the Markdown. */
export function toMarkdown(report: Report): string {
  const lines = [
    `# Consent Inspector — ${md(report.page.site)}`,
    '',
    `- Page: ${md(report.page.url)}`,
    `- Visit: ${report.visit.startedAt}, scenario \`${report.scenario}\`, ${report.browser.name} ${md(report.browser.version ?? '')}`,
    `- Consent: ${md(consentSummary(report.consent))}`,
    ...report.consent.inconclusiveReasons.map((r) => `- Inconclusive: ${md(r.text)}`),
    `- ${report.summary.requests} requests (${report.summary.thirdPartyRequests} third-party), ${report.summary.cookies} cookies, ${report.summary.storage} storage writes, ${report.summary.vendors} vendors`,
    '',
    `**${verdictLine(report)}** ${severityCounts(report.findings)
      .filter(([, n]) => n)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}`,
    '',
  ];
  if (report.findings.length) {
    lines.push('| Severity | Rule | Vendor | Finding | When | Fix |', '|---|---|---|---|---|---|');
    for (const f of report.findings)
      lines.push(`| ${f.severity} | \`${f.rule}\` | ${md(f.vendor?.name ?? '')} | ${md(f.title)} | ${md(f.evidence.when ?? '')} | ${md(f.fix)} |`);
    lines.push('');
  }
  if (report.masking.length) {
    lines.push('## Session replay masking', '', '| Field | Kind | Recorder | Verdict | Proof | Why |', '|---|---|---|---|---|---|');
    for (const m of report.masking) lines.push(`| ${md(m.selector)} | ${m.fieldKind} | ${md(m.vendor)} | ${m.verdict} | ${m.proof} | ${md(m.reason)} |`);
    if (report.masking.some((m) => m.verdict === 'unverified')) lines.push('', md(UNVERIFIED_NOTE));
    lines.push('');
  }
  if (report.consent.events.length) {
    lines.push('## Consent timeline', '', '| Time | Source | Event | CMP | Choice | Purposes |', '|---|---|---|---|---|---|');
    for (const row of consentEventRows(report.consent)) lines.push(`| ${row.map(md).join(' | ')} |`);
    lines.push('');
  }
  if (report.vendors.length) {
    lines.push('## Vendors', '', '| Vendor | Category | Consent | First seen | Requests |', '|---|---|---|---|---|');
    for (const v of report.vendors) lines.push(`| ${md(v.name)} | ${v.category} | ${v.consent} | ${formatTime(v.firstSeen)} | ${v.requests} |`);
    lines.push('');
  }
  lines.push(`Report schema ${report.schema}, database ${md(report.database.version)}, extension ${md(report.extension.version)}.`, '');
  return lines.join('\n');
}

/** Escapes Markdown and HTML metacharacters and table pipes; folds newlines. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}
