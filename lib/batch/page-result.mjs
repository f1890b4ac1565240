// One line of `results.jsonl` per page: what the batch did with it, and the few facts of its report that the merged
// summary needs, so that merging shards reads only their result lines.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const BEFORE_CONSENT_RULES = ['tracker-before-consent', 'cookie-before-consent'];
const MAX_ERROR = 500;

/** The line of a page whose report was written to `file` (relative to the output directory). */
export function okResult(url, site, report, file, extra = {}) {
  const findings = Array.isArray(report?.findings) ? report.findings : [];
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f?.severity === s).length]));
  return {
    url,
    site,
    status: 'ok',
    ...extra,
    scenario: String(report?.scenario ?? ''),
    verdict: verdictKind(findings.length, report?.scenario),
    counts,
    rules: unique(findings.map((f) => f?.rule)),
    cmps: unique(report?.consent?.cmps ?? []),
    // The visitor's choice as the report has it: on a crawl's later pages, the one carried over from the first.
    ...(typeof report?.consent?.choice === 'string' && { choice: report.consent.choice }),
    replayVendors: unique((report?.recorders ?? []).map((r) => r?.vendor)),
    beforeConsentVendors: unique(findings.filter((f) => BEFORE_CONSENT_RULES.includes(f?.rule)).map((f) => f?.vendor?.name ?? f?.vendor?.id)),
    file,
  };
}

/** The line of a page that could not be audited; `error` is one line, bounded. */
export function failedResult(url, site, error, extra = {}) {
  const text = String(error?.message ?? error ?? 'unknown error').split('\n')[0] ?? '';
  return { url, site, status: 'failed', ...extra, error: text.slice(0, MAX_ERROR) };
}

/**
 * Reads `results.jsonl`. A line that is not a result (a write cut short by a crash) is skipped and counted, never
 * thrown. When a URL has several lines (a failed page retried), the last one stands.
 */
export function parseResults(text) {
  const byUrl = new Map();
  let skipped = 0;
  for (const line of String(text).split('\n')) {
    if (!line.trim()) continue;
    let value;
    try {
      value = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (!isResult(value)) {
      skipped++;
      continue;
    }
    byUrl.delete(value.url);
    byUrl.set(value.url, value);
  }
  return { results: [...byUrl.values()], skipped };
}

/** URLs a rerun skips: those whose last line says ok. Failed pages are tried again. */
export function doneUrls(results) {
  return new Set(results.filter((r) => r.status === 'ok').map((r) => r.url));
}

/** Same rule as the extension's own verdict (lib/report/verdict.ts): "clean" only after a scenario ran. */
function verdictKind(findings, scenario) {
  if (findings) return 'findings';
  return scenario === 'observe' ? 'observed' : 'clean';
}

function isResult(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.url === 'string' &&
    typeof value.site === 'string' &&
    (value.status === 'ok' || value.status === 'failed')
  );
}

function unique(values) {
  return [...new Set(values.filter((v) => typeof v === 'string' && v))].sort();
}
