import type { MessageKey } from '../i18n/en';
import { createTranslator } from '../i18n/translate';
import type { Report } from './types';
import { consentEventRows, consentSummary, tcStringRows } from './consent-summary';
import { formatLifetime, formatTime, groupLabel } from './format';
import { groupFindings } from './group';
import { captureLine, verdictLine } from './verdict';
import { isScreenshotDataUrl } from '../screenshot-image';

/**
 * A self-contained HTML report: no external resources, every page-derived string escaped, the JSON report embedded
 * (with `<` escaped so no string in it can close the script element).
 */
export function toHtml(report: Report): string {
  const lang = report.lang ?? 'en';
  const t = createTranslator(lang);
  const title = `Consent Inspector — ${report.page.site}`;
  const capture = captureLine(report, lang);
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n');
  const headers = (...names: HeaderName[]) => names.map((name) => t(`export.${name}`));
  const table = (id: string, head: string[], body: string[][]) =>
    `<table id="${id}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${rows(body)}\n</tbody></table>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{font-size:1.4rem}h2{margin-top:2rem;font-size:1.1rem}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #d1d9e0;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{color:#59636e}
details.finding-group{margin:6px 0}details.finding-group>summary{font-weight:600;cursor:pointer}
figure{display:inline-block;margin:0 12px 12px 0;vertical-align:top}figure img{max-width:480px;height:auto;border:1px solid #d1d9e0}figcaption{font-size:12px;color:#59636e}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p id="verdict"><strong>${escapeHtml(verdictLine(report, lang))}</strong></p>
<p id="overview">${escapeHtml(report.overview.sentences.map((s) => s.text).join(' '))}</p>${capture ? `\n<p id="capture-level">${escapeHtml(capture)}</p>` : ''}
<dl>
<dt>${t('export.page')}</dt><dd>${escapeHtml(report.page.url)}</dd>
<dt>${t('export.pageTitle')}</dt><dd>${escapeHtml(report.page.title ?? '')}</dd>
<dt>${t('export.visitStarted')}</dt><dd>${escapeHtml(report.visit.startedAt)}</dd>
<dt>${t('export.scenario')}</dt><dd>${escapeHtml(report.scenario)}</dd>
<dt>${t('export.browser')}</dt><dd>${escapeHtml(`${report.browser.name} ${report.browser.version ?? ''}`)}</dd>
<dt>${t('export.extension')}</dt><dd>${escapeHtml(t('export.database', { extension: `${report.extension.name} ${report.extension.version}`, database: report.database.version }))}</dd>
<dt>${t('export.values')}</dt><dd>${t(report.redacted ? 'export.redacted' : 'export.included')}</dd>
</dl>
<h2>${t('export.summary')}</h2>
<dl id="summary">
<dt>${t('export.requests')}</dt><dd data-count="requests">${report.summary.requests}</dd>
<dt>${t('export.thirdPartyRequests')}</dt><dd data-count="thirdPartyRequests">${report.summary.thirdPartyRequests}</dd>
<dt>${t('export.thirdPartySites')}</dt><dd>${escapeHtml(report.summary.thirdPartySites.join(', '))}</dd>
<dt>${t('export.cookies')}</dt><dd data-count="cookies">${report.summary.cookies}</dd>
<dt>${t('export.storage')}</dt><dd data-count="storage">${report.summary.storage}</dd>
<dt>${t('export.findings')}</dt><dd data-count="findings">${report.findings.length}</dd>
</dl>
<h2>${t('export.consent')}</h2>
<dl id="consent">
<dt>${t('export.state')}</dt><dd>${escapeHtml(consentSummary(report.consent, lang))}</dd>
${report.consent.inconclusiveReasons.map((r) => `<dt>${t('export.inconclusive')}</dt><dd>${escapeHtml(r.text)}</dd>`).join('\n')}
</dl>
${report.consent.events.length ? table('consent-events', headers('time', 'source', 'event', 'cmp', 'choice', 'purposes'), consentEventRows(report.consent, lang)) : `<p>${t('export.noConsentEvent')}</p>`}
${report.consent.tcStrings.length ? table('tc-strings', headers('tcSeenIn', 'time', 'cmpId', 'choice', 'purposesConsented', 'legitimateInterests', 'vendorsConsented'), tcStringRows(report.consent, lang)) : ''}
${screenshotsHtml(report)}
<h2>${t('export.findings')}</h2>
${
  report.findings.length
    ? `<div id="findings">\n${groupFindings(report.findings)
        .map((group) => {
          const label = groupLabel(group, lang);
          const head = [t(`severity.${group.severity}`), group.vendor?.name ?? '', label.rule, label.count, label.first].filter(Boolean).join(' · ');
          return `<details class="finding-group" open data-rule="${escapeHtml(group.rule)}" data-severity="${group.severity}"><summary>${escapeHtml(head)}</summary>\n${table(
            `findings-${group.key.replace(/[^\w-]/g, '_')}`,
            headers('severity', 'rule', 'vendor', 'phase', 'when', 'title', 'fix', 'inconclusive'),
            group.findings.map((f) => [
              t(`severity.${f.severity}`),
              f.rule,
              f.vendor?.name ?? '',
              t(`phase.${f.phase}`),
              f.evidence.when ?? '',
              f.title,
              f.fix,
              f.inconclusive ?? '',
            ]),
          )}</details>`;
        })
        .join('\n')}\n</div>`
    : `<p>${t('export.noFindings')}</p>`
}
${
  report.masking.length
    ? `<h2>${t('export.masking')}</h2>
${table(
  'masking',
  headers('field', 'kind', 'recorder', 'verdict', 'proof', 'why'),
  report.masking.map((m) => [m.selector, m.fieldKind, m.vendor, m.verdict, m.proof, m.reason]),
)}${report.masking.some((m) => m.verdict === 'unverified') ? `\n<p>${escapeHtml(t('export.unverifiedNote'))}</p>` : ''}`
    : ''
}
<h2>${t('export.requests')}</h2>
${table(
  'requests',
  headers('time', 'party', 'type', 'method', 'url', 'status'),
  report.requests.map((r) => [formatTime(r.t, lang), r.party, r.type, r.method, r.url, String(r.status ?? '')]),
)}
<h2>${t('export.cookies')}</h2>
${table(
  'cookies',
  headers('time', 'via', 'action', 'name', 'domain', 'party', 'declaredLifetime'),
  report.cookies.map((c) => [
    formatTime(c.t, lang),
    c.via,
    c.action,
    c.name,
    c.domain,
    c.party,
    c.via === 'jar' ? t('cookies.earlierVisit') : formatLifetime(c.declaredLifetime, lang),
  ]),
)}
<h2>${t('export.storage')}</h2>
${table(
  'storage',
  headers('time', 'source', 'area', 'action', 'origin', 'key'),
  report.storage.map((s) => [formatTime(s.t, lang), s.source, s.area, s.action, s.origin, s.key]),
)}
<h2>${t('export.payloads')}</h2>
${table(
  'payloads',
  headers('time', 'api', 'method', 'url', 'bytes', 'script'),
  report.payloads.map((p) => [formatTime(p.t, lang), p.api, p.method, p.url, String(p.body?.size ?? 0), p.script ?? '']),
)}
<script type="application/json" id="report-json">${embedJson(report)}</script>
</body>
</html>
`;
}

/** Column and label names of the exports (`export.<name>` in the catalogues). */
type HeaderName = MessageKey extends infer K ? (K extends `export.${infer Name}` ? Name : never) : never;
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
