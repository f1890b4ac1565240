import { harHeader, headerValue, postDataOf, queryOf, requestCookies, responseCookies, splitStatusLine } from './har-fields';
import type { Har, HarEntry } from './har-types';
import { REDACTED, type Report, type ReportRequest } from './types';

export const HAR_PAGE_ID = 'page_1';
/** webRequest types → the resource type names Chromium DevTools reads from `_resourceType`. */
const RESOURCE_TYPES: Record<string, string> = {
  main_frame: 'document',
  sub_frame: 'document',
  stylesheet: 'stylesheet',
  script: 'script',
  image: 'image',
  font: 'font',
  xmlhttprequest: 'xhr',
  ping: 'ping',
  beacon: 'ping',
  csp_report: 'csp-violation-report',
  media: 'media',
  websocket: 'websocket',
};

/**
 * The visit's requests as a HAR log, one entry per report request, in report order. Values are as redacted as the
 * report (`report.redacted`). What the capture does not see is marked unknown (`-1`) or explained in a `comment`:
 * response bodies, header sizes, DNS and connection times.
 */
export function toHar(report: Report): Har {
  const start = Date.parse(report.visit.startedAt);
  const findingsOf = new Map<string, string[]>();
  for (const f of report.findings) {
    for (const id of f.evidence.records) findingsOf.set(id, [...new Set([...(findingsOf.get(id) ?? []), f.rule])]);
  }
  return {
    log: {
      version: '1.2',
      creator: { name: report.extension.name, version: report.extension.version },
      browser: { name: report.browser.name, version: report.browser.version ?? '' },
      pages: [
        {
          startedDateTime: report.visit.startedAt,
          id: HAR_PAGE_ID,
          title: report.page.title ?? report.page.url,
          pageTimings: {},
          _url: report.page.url,
          _consent: {
            cmps: [...report.consent.cmps],
            ...(report.consent.choice && { choice: report.consent.choice }),
            ...(report.consent.choiceAt !== undefined && { choiceAt: report.consent.choiceAt }),
            transitions: report.consent.transitions.map((t) => ({ ...t })),
          },
        },
      ],
      entries: report.requests.map((r) => toEntry(r, start, findingsOf.get(r.id) ?? [])),
      comment: [
        `Exported by ${report.extension.name}${report.redacted ? `; identifying values (cookies, request bodies, identifying headers) are ${REDACTED}` : ', with values'}.`,
        'Timings from webRequest events: blocked = start to headers sent, wait = headers sent to response headers; send and receive are not observed (0).',
      ].join(' '),
      _schema: report.schema,
      _visitId: report.visit.id,
      _generatedAt: report.generatedAt,
      _redacted: report.redacted,
      _database: report.database.version,
      _scenario: report.scenario,
    },
  };
}

function toEntry(r: ReportRequest, start: number, findings: string[]): HarEntry {
  const requestHeaders = r.requestHeaders ?? [];
  const responseHeaders = r.responseHeaders ?? [];
  const [httpVersion = '', statusText = ''] = splitStatusLine(r.statusLine);
  const timings = timingsOf(r);
  const query = queryOf(r.url);
  const location = headerValue(responseHeaders, 'location');
  return {
    pageref: HAR_PAGE_ID,
    startedDateTime: new Date(start + r.t).toISOString(),
    time: [timings.blocked, timings.send, timings.wait, timings.receive].filter((v) => v > 0).reduce((a, b) => a + b, 0),
    request: {
      method: r.method,
      url: r.url,
      httpVersion,
      cookies: requestCookies(requestHeaders),
      headers: requestHeaders.map(harHeader),
      queryString: query.params,
      ...(r.body && { postData: postDataOf(r.body, requestHeaders) }),
      headersSize: -1,
      bodySize: r.body ? r.body.size : /^(GET|HEAD)$/i.test(r.method) ? 0 : -1,
      ...(query.comment && { comment: query.comment }),
    },
    response: {
      status: r.status ?? 0,
      statusText,
      httpVersion,
      cookies: responseCookies(responseHeaders),
      headers: responseHeaders.map(harHeader),
      content: { size: 0, mimeType: headerValue(responseHeaders, 'content-type') ?? 'x-unknown', comment: 'The response body is not captured.' },
      redirectURL: r.status !== undefined && r.status >= 300 && r.status < 400 && location ? location : '',
      headersSize: -1,
      bodySize: -1,
      ...(r.error && { _error: r.error }),
    },
    cache: {},
    timings,
    _id: r.id,
    _resourceType: RESOURCE_TYPES[r.type] ?? 'other',
    _type: r.type,
    _vendor: r.vendor,
    ...(r.attribution && { _attribution: r.attribution }),
    ...(r.activity && { _activity: r.activity }),
    ...(r.resembles && { _resembles: { ...r.resembles } }),
    _phase: r.phase,
    _party: r.party,
    _site: r.site,
    _frameId: r.frameId,
    ...(r.frameUrl && { _frameUrl: r.frameUrl }),
    ...(r.initiator && { _initiatedBy: r.initiator }),
    _redirects: [...r.redirects],
    ...(r.cname && { _cname: r.cname }),
    ...(r.recovered && { _recovered: true as const }),
    _findings: findings,
  };
}

/**
 * webRequest gives the request's start, when its headers left (onSendHeaders) and when the response headers arrived
 * (onHeadersReceived). `blocked` is the first gap (queueing, and DNS and connection setup when they happen before the
 * headers are handed over); `wait` the second. Send and receive are not observed: 0, as the spec requires them.
 */
function timingsOf(r: ReportRequest): HarEntry['timings'] {
  const sent = r.sentAt !== undefined && r.sentAt >= r.t ? r.sentAt : undefined;
  const from = sent ?? r.t;
  return {
    blocked: sent === undefined ? -1 : sent - r.t,
    dns: -1,
    connect: -1,
    send: 0,
    wait: r.responseAt !== undefined && r.responseAt >= from ? r.responseAt - from : 0,
    receive: 0,
  };
}
