// The merged summary as CSV (RFC 4180, formulas neutralised) and as one self-contained HTML page: every string
// escaped (they come from hostile pages), a static script to sort and filter the table, a print stylesheet.
import { createHash } from 'node:crypto';
import { escapeHtml } from './html-escape.mjs';
import { SEVERITIES } from './page-result.mjs';
import { CHART_STYLE, chartsHtml } from './summary-charts.mjs';

export { escapeHtml };

const COLUMNS = ['site', 'verdict', ...SEVERITIES, 'pages audited', 'pages failed', 'CMP', 'replay vendors', 'before-consent vendors'];

export function toSummaryCsv(summary) {
  const rows = summary.sites.map((row) => [
    row.site,
    row.verdict,
    ...SEVERITIES.map((s) => row.counts[s]),
    row.pagesAudited,
    row.pagesFailed,
    row.cmps.join(' '),
    row.replayVendors.join(' '),
    row.beforeConsentVendors.join('; '),
  ]);
  return `${[COLUMNS, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function toSummaryHtml(summary) {
  const head = COLUMNS.map((c, i) => `<th data-col="${i}" tabindex="0" aria-sort="none">${escapeHtml(c)}</th>`).join('');
  const rows = summary.sites
    .map((row) => {
      const cells = [
        `<td>${escapeHtml(row.site)}${pageList(row)}</td>`,
        `<td class="v-${escapeHtml(row.verdict)}">${escapeHtml(row.verdict)}</td>`,
        ...SEVERITIES.map((s) => `<td class="n">${row.counts[s]}</td>`),
        `<td class="n">${row.pagesAudited}</td>`,
        `<td class="n">${row.pagesFailed}</td>`,
        `<td>${escapeHtml(row.cmps.join(', '))}</td>`,
        `<td>${escapeHtml(row.replayVendors.join(', '))}</td>`,
        `<td>${escapeHtml(row.beforeConsentVendors.join(', '))}</td>`,
      ];
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const { total, ok, failed } = summary.pages;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SORT_SCRIPT_HASH}'">
<title>Consent Inspector: batch summary</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#111}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3;cursor:pointer;user-select:none}td.n{text-align:right}
.v-findings{color:#a00;font-weight:600}.v-failed{color:#666;font-style:italic}
details{font-size:12px;color:#444}details li{word-break:break-all}
@media print{#filter,.hint{display:none}th{cursor:auto}details{display:none}tr{break-inside:avoid}}${CHART_STYLE}
</style>
</head>
<body>
<h1>Batch summary</h1>
<p>${summary.sites.length} sites, ${total} pages: ${ok} audited, ${failed} failed.</p>
${chartsHtml(summary)}
<p><input id="filter" type="search" placeholder="Filter rows" aria-label="Filter rows"> <span class="hint">Click a column header to sort.</span></p>
<table id="sites"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

function pageList(row) {
  const items = row.pages.map((p) => `<li>${escapeHtml(p.status)}: ${escapeHtml(p.url)}${p.error ? ` (${escapeHtml(p.error)})` : ''}</li>`).join('');
  return `<details><summary>${row.pages.length} page${row.pages.length === 1 ? '' : 's'}</summary><ul>${items}</ul></details>`;
}

function cell(value) {
  let text = String(value);
  // A cell starting with = + - @ is a formula in spreadsheets: page-derived text must not run as one.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Static: reads only the table's own text, never builds markup from it.
const SORT_SCRIPT = `
const table = document.getElementById('sites');
const body = table.tBodies[0];
const key = (row, col) => { const text = row.cells[col].firstChild ? row.cells[col].firstChild.textContent.trim() : ''; const n = Number(text); return text !== '' && !Number.isNaN(n) ? n : text.toLowerCase(); };
for (const th of table.tHead.rows[0].cells) {
  const sort = () => {
    const col = Number(th.dataset.col);
    const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    for (const other of table.tHead.rows[0].cells) other.setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    const rows = [...body.rows].sort((a, b) => { const x = key(a, col), y = key(b, col); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
    for (const row of rows) body.appendChild(row);
  };
  th.addEventListener('click', sort);
  th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
}
document.getElementById('filter').addEventListener('input', (e) => {
  const q = e.target.value.toLowerCase();
  for (const row of body.rows) row.hidden = q !== '' && !row.textContent.toLowerCase().includes(q);
});
`;
// Only this script runs: by its hash, not 'unsafe-inline', so a string that escaped escaping could not run as an
// inline handler (https://www.w3.org/TR/CSP3/#match-element-to-source-list).
const SORT_SCRIPT_HASH = `sha256-${createHash('sha256').update(SORT_SCRIPT).digest('base64')}`;
