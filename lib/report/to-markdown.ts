import { createTranslator } from '../i18n/translate';
import type { Report } from './types';
import { consentEventRows, consentSummary } from './consent-summary';
import { formatTime, groupLabel } from './format';
import { groupFindings } from './group';
import { captureLine, severityCounts, verdictLine } from './verdict';

/** A short summary to paste into a ticket. Page-derived text is escaped so it cannot break the Markdown. */
export function toMarkdown(report: Report): string {
  const lang = report.lang ?? 'en';
  const t = createTranslator(lang);
  const capture = captureLine(report, lang);
  const row = (...cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = (n: number) => `|${'---|'.repeat(n)}`;
  const lines = [
    `# Consent Inspector — ${md(report.page.site)}`,
    '',
    `- ${t('export.page')}: ${md(report.page.url)}`,
    `- ${t('export.visitLine', { startedAt: report.visit.startedAt, scenario: `\`${report.scenario}\``, browser: `${report.browser.name} ${md(report.browser.version ?? '')}` })}`,
    `- ${t('export.consent')}: ${md(consentSummary(report.consent, lang))}`,
    ...report.consent.inconclusiveReasons.map((r) => `- ${t('export.inconclusive')}: ${md(r.text)}`),
    ...(capture ? [`- ${md(capture)}`] : []),
    `- ${t('export.countsLine', { requests: report.summary.requests, thirdParty: report.summary.thirdPartyRequests, cookies: report.summary.cookies, storage: report.summary.storage, vendors: report.summary.vendors })}`,
    '',
    `**${verdictLine(report, lang)}** ${severityCounts(report.findings)
      .filter(([, n]) => n)
      .map(([s, n]) => `${n} ${t(`severity.${s}`)}`)
      .join(', ')}`,
    '',
    md(report.overview.sentences.map((s) => s.text).join(' ')),
    '',
  ];
  if (report.findings.length) {
    // One bold row per vendor and rule, its findings under it; a group of one finding is that finding's row.
    lines.push(row(t('export.severity'), t('export.rule'), t('export.vendor'), t('export.finding'), t('export.when'), t('export.fix')), rule(6));
    for (const group of groupFindings(report.findings)) {
      const label = groupLabel(group, lang);
      if (group.findings.length > 1)
        lines.push(
          row(
            `**${t(`severity.${group.severity}`)}**`,
            `**\`${group.rule}\`**`,
            `**${md(group.vendor?.name ?? '')}**`,
            `**${md(`${label.rule} (${label.count})`)}**`,
            md(label.first),
            '',
          ),
        );
      const indent = group.findings.length > 1 ? '↳ ' : '';
      for (const f of group.findings)
        lines.push(
          row(`${indent}${t(`severity.${f.severity}`)}`, `\`${f.rule}\``, md(f.vendor?.name ?? ''), md(f.title), md(f.evidence.when ?? ''), md(f.fix)),
        );
    }
    lines.push('');
  }
  if (report.masking.length) {
    lines.push(
      `## ${t('export.masking')}`,
      '',
      row(t('export.field'), t('export.kind'), t('export.recorder'), t('export.verdict'), t('export.proof'), t('export.why')),
      rule(6),
    );
    for (const m of report.masking) lines.push(`| ${md(m.selector)} | ${m.fieldKind} | ${md(m.vendor)} | ${m.verdict} | ${m.proof} | ${md(m.reason)} |`);
    if (report.masking.some((m) => m.verdict === 'unverified')) lines.push('', md(t('export.unverifiedNote')));
    lines.push('');
  }
  if (report.consent.events.length) {
    lines.push(
      `## ${t('export.consentTimeline')}`,
      '',
      row(t('export.time'), t('export.source'), t('export.event'), t('export.cmp'), t('export.choice'), t('export.purposes')),
      rule(6),
    );
    for (const cells of consentEventRows(report.consent, lang)) lines.push(row(...cells.map(md)));
    lines.push('');
  }
  if (report.vendors.length) {
    lines.push(
      `## ${t('export.vendors')}`,
      '',
      row(t('export.vendor'), t('export.category'), t('export.consent'), t('export.firstSeen'), t('export.requests')),
      rule(5),
    );
    for (const v of report.vendors)
      lines.push(row(md(v.name), t(`category.${v.category}`), t(`consentRequirement.${v.consent}`), formatTime(v.firstSeen, lang), String(v.requests)));
    lines.push('');
  }
  lines.push(t('export.footer', { schema: report.schema, database: md(report.database.version), extension: md(report.extension.version) }), '');
  return lines.join('\n');
}

/** Escapes Markdown and HTML metacharacters and table pipes; folds newlines. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}
