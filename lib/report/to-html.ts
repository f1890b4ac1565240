import type { Report } from './types';
import { consentEventRows, consentSummary, tcStringRows } from './consent-summary';
import { formatLifetime, formatTime } from './format';
import { isScreenshotDataUrl } from '../screenshot-image';

/**
 * A self-contained HTML report: no external resources, every page-derived string escaped, the JSON report embedded
 * (with `<` escaped so no string in it can close the script element).
 */
export function toHtml(report: Report): string {
  const title = `Consent Inspector — ${report.page.site}`;
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n');
  const table = (id: string, head: string[], body: string[][]) =>
    `<table id="${id}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${rows(body)}\n</tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{font-size:1.4rem}h2{margin-top:2rem;font-size:1.1rem}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #d1d9e0;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{color:#59636e}
figure{display:inline-block;margin:0 12px 12px 0;vertical-align:top}figure img{max-width:480px;height:auto;border:1px solid #d1d9e0}figcaption{font-size:12px;color:#59636e}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<dl>
<dt>Page</dt><dd>${escapeHtml(report.page.url)}</dd>
<dt>Title</dt><dd>${escapeHtml(report.page.title ?? '')}</dd>
<dt>Visit started</dt><dd>${escapeHtml(report.visit.startedAt)}</dd>
<dt>Scenario</dt><dd>${escapeHtml(report.scenario)}</dd>
<dt>Browser</dt><dd>${escapeHtml(`${report.browser.name} ${report.browser.version ?? ''}`)}</dd>
<dt>Extension</dt><dd>${escapeHtml(`${report.extension.name} ${report.extension.version}`)}, database ${escapeHtml(report.database.version)}</dd>
<dt>Values</dt><dd>${report.redacted ? 'redacted' : 'included'}</dd>
</dl>
<h2>Summary</h2>
<dl id="summary">
<dt>Requests</dt><dd data-count="requests">${report.summary.requests}</dd>
<dt>Third-party requests</dt><dd data-count="thirdPartyRequests">${report.summary.thirdPartyRequests}</dd>
<dt>Third-party sites</dt><dd>${escapeHtml(report.summary.thirdPartySites.join(', '))}</dd>
<dt>Cookies</dt><dd data-count="cookies">${report.summary.cookies}</dd>
<dt>Storage</dt><dd data-count="storage">${report.summary.storage}</dd>
<dt>Findings</dt><dd data-count="findings">${report.findings.length}</dd>
</dl>
<h2>Consent</h2>
<dl id="consent">
<dt>State</dt><dd>${escapeHtml(consentSummary(report.consent))}</dd>
${report.consent.inconclusiveReasons.map((r) => `<dt>Inconclusive</dt><dd>${escapeHtml(r.text)}</dd>`).join('\n')}
</dl>
${report.consent.events.length ? table('consent-events', ['Time', 'Source', 'Event', 'CMP', 'Choice', 'Purposes'], consentEventRows(report.consent)) : '<p>No consent event.</p>'}
${report.consent.tcStrings.length ? table('tc-strings', ['TC string seen in', 'Time', 'CMP id', 'Choice', 'Purposes consented', 'Legitimate interests', 'Vendors consented'], tcStringRows(report.consent)) : ''}
${screenshotsHtml(report)}
<h2>Findings</h2>
${
  report.findings.length
    ? table(
        'findings',
        ['Severity', 'Rule', 'Vendor', 'Phase', 'When', 'Title', 'Fix', 'Inconclusive'],
        report.findings.map((f) => [f.severity, f.rule, f.vendor?.name ?? '', f.phase, f.evidence.when ?? '', f.title, f.fix, f.inconclusive ?? '']),
      )
    : '<p>No findings.</p>'
}
${
  report.masking.length
    ? `<h2>Session replay masking</h2>
${table(
  'masking',
  ['Field', 'Kind', 'Recorder', 'Verdict', 'Proof', 'Why'],
  report.masking.map((m) => [m.selector, m.fieldKind, m.vendor, m.verdict, m.proof, m.reason]),
)}${report.masking.some((m) => m.verdict === 'unverified') ? `\n<p>${escapeHtml(UNVERIFIED_NOTE)}</p>` : ''}`
    : ''
}
<h2>Requests</h2>
${table(
  'requests',
  ['Time', 'Party', 'Type', 'Method', 'URL', 'Status'],
  report.requests.map((r) => [formatTime(r.t), r.party, r.type, r.method, r.url, String(r.status ?? '')]),
)}
<h2>Cookies</h2>
${table(
  'cookies',
  ['Time', 'Via', 'Action', 'Name', 'Domain', 'Party', 'Declared lifetime'],
  report.cookies.map((c) => [formatTime(c.t), c.via, c.action, c.name, c.domain, c.party, formatLifetime(c.declaredLifetime)]),
)}
<h2>Storage</h2>
${table(
  'storage',
  ['Time', 'Source', 'Area', 'Action', 'Origin', 'Key'],
  report.storage.map((s) => [formatTime(s.t), s.source, s.area, s.action, s.origin, s.key]),
)}
<h2>Page payloads</h2>
${table(
  'payloads',
  ['Time', 'API', 'Method', 'URL', 'Bytes', 'Script'],
  report.payloads.map((p) => [formatTime(p.t), p.api, p.method, p.url, String(p.body?.size ?? 0), p.script ?? '']),
)}
<script type="application/json" id="report-json">${embedJson(report)}</script>
</body>
</html>
`;
}

/** The screenshots with their place on the consent timeline; the images only when the export includes them. */
function screenshotsHtml(report: Report): string {
  const shots = report.screenshots ?? [];
  const dropped = report.screenshotsDropped ?? [];
  if (!shots.length && !dropped.length) return '';
  const caption = (s: Report['screenshots'][number]) =>
    [
      s.reason,
      formatTime(s.t),
      s.fromChoice === undefined ? 'no choice' : `${formatTime(s.fromChoice)} from the choice`,
      s.phase,
      `${s.width}×${s.height}`,
    ].join(' · ');
  const figures = shots.map((s) =>
    isScreenshotDataUrl(s.dataUrl)
      ? `<figure data-reason="${escapeHtml(s.reason)}"><img src="${escapeHtml(s.dataUrl)}" width="${s.width}" height="${s.height}" alt="${escapeHtml(`Screenshot: ${caption(s)}`)}"><figcaption>${escapeHtml(caption(s))}</figcaption></figure>`
      : `<p data-reason="${escapeHtml(s.reason)}">${escapeHtml(`${caption(s)} (image not included)`)}</p>`,
  );
  const notKept = dropped.map((d) => `<p>${escapeHtml(`Not kept: ${d.reason} at ${formatTime(d.t)} (${d.why})`)}</p>`);
  return `<h2>Screenshots</h2>\n<div id="screenshots">\n${[...figures, ...notKept].join('\n')}\n</div>`;
}

/** What `unverified` means, said once under the masking table of every export. */
export const UNVERIFIED_NOTE =
  'unverified: the recorder ignores events a script dispatched and the values were typed that way, so a value it did not send proves nothing. The command line (npm run audit -- <url> --scenario canary) types them as keystrokes.';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** JSON safe inside a <script> element: `<`, U+2028 and U+2029 are escaped. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
