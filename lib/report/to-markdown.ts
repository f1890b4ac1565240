import type { Report } from './build';
import { formatTime } from './format';
import { severityCounts, verdictLine } from './verdict';

/** A short summary to paste into a ticket. Page-derived text is escaped so it cannot break the Markdown. */
export function toMarkdown(report: Report): string {
  const lines = [
    `# Consent Inspector — ${md(report.page.site)}`,
    '',
    `- Page: ${md(report.page.url)}`,
    `- Visit: ${report.visit.startedAt}, scenario \`${report.scenario}\`, ${report.browser.name} ${md(report.browser.version ?? '')}`,
    `- Consent: ${report.consent.cmps.length ? md(report.consent.cmps.join(', ')) : 'no consent manager detected'}${report.consent.choice ? `, visitor chose ${report.consent.choice} at ${formatTime(report.consent.choiceAt ?? 0)}` : ''}`,
    `- ${report.summary.requests} requests (${report.summary.thirdPartyRequests} third-party), ${report.summary.cookies} cookies, ${report.summary.storage} storage writes, ${report.summary.vendors} vendors`,
    '',
    `**${verdictLine(report)}** ${severityCounts(report.findings).filter(([, n]) => n).map(([s, n]) => `${n} ${s}`).join(', ')}`,
    '',
  ];
  if (report.findings.length) {
    lines.push('| Severity | Rule | Vendor | Finding | Fix |', '|---|---|---|---|---|');
    for (const f of report.findings) lines.push(`| ${f.severity} | \`${f.rule}\` | ${md(f.vendor?.name ?? '')} | ${md(f.title)} | ${md(f.fix)} |`);
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
