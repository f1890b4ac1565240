// The summary page's charts: findings by rule and the most common vendors before consent, as tables whose rows carry
// an inline SVG bar (no resource to load, printed as drawn). The table is the accessible form: each row reads as
// name, sites, pages; the bar is hidden from screen readers. Every name is escaped: it comes from a hostile page.
import { chartCounts } from './chart-counts.mjs';
import { escapeHtml } from './html-escape.mjs';

const TOP = 15;

export const CHART_STYLE = `
.charts{display:flex;flex-wrap:wrap;align-items:flex-start;gap:1rem 2rem;margin:1rem 0}
.chart{flex:1 1 28rem;max-width:48rem;border:none;width:auto}
.chart caption{text-align:left;font-weight:600;padding:.3rem 0}
.chart th,.chart td{border:none;border-bottom:1px solid #eee;padding:.15rem .4rem;cursor:auto;background:none;vertical-align:middle}
.chart th[scope=row]{font-weight:normal;overflow-wrap:anywhere;max-width:22rem}
.chart td.bar{width:40%}.chart svg{display:block;width:100%;height:.9rem}.chart rect{fill:#b3261e}
.chart.vendors rect{fill:#4a5fa8}.chart .more{font-size:12px;color:#555}
@media print{.charts{display:block}.chart{break-inside:avoid;margin-bottom:1rem}.chart rect{print-color-adjust:exact;-webkit-print-color-adjust:exact}}`;

/** The charts' markup for `summary` (empty when no page was audited). */
export function chartsHtml(summary) {
  const counts = chartCounts(summary);
  if (!counts.pagesAudited) return '';
  const scope = `of ${counts.sitesAudited} site${counts.sitesAudited === 1 ? '' : 's'} audited (${counts.pagesAudited} page${counts.pagesAudited === 1 ? '' : 's'})`;
  return `<section class="charts" aria-label="Charts">
${chart('rules', `Findings by rule: sites affected ${scope}; bars by sites, pages beside`, 'Rule', counts.rules, counts.sitesAudited)}
${chart('vendors', `Most common vendors before consent: sites affected ${scope}; bars by sites, pages beside`, 'Vendor', counts.beforeConsentVendors, counts.sitesAudited)}
</section>`;
}

function chart(kind, title, label, entries, sitesAudited) {
  const shown = entries.slice(0, TOP);
  const rows = shown.length ? shown.map((e) => row(e, sitesAudited)).join('\n') : `<tr><td colspan="4">None on the pages audited.</td></tr>`;
  const more =
    entries.length > shown.length ? `<tr><td colspan="4" class="more">and ${entries.length - shown.length} more (see the table below)</td></tr>` : '';
  return `<table class="chart ${kind}">
<caption>${escapeHtml(title)}</caption>
<thead><tr><th scope="col">${label}</th><th scope="col" aria-hidden="true"></th><th scope="col">Sites</th><th scope="col">Pages</th></tr></thead>
<tbody>
${rows}${more}
</tbody></table>`;
}

function row({ key, sites, pages }, sitesAudited) {
  const width = sitesAudited ? Math.max(1, Math.round((sites / sitesAudited) * 1000) / 10) : 0;
  return `<tr><th scope="row">${escapeHtml(key)}</th><td class="bar" aria-hidden="true"><svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false"><rect width="${width}" height="10"/></svg></td><td class="n">${sites}</td><td class="n">${pages}</td></tr>`;
}
