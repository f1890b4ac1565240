import { fromBase64 } from '../bytes';
import type { Header } from '../model';
import { REDACTED, type Report, type ReportBody, type ReportRequest } from './types';

/**
 * HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/, also the W3C web-performance draft
 * https://w3c.github.io/web-performance/specs/HAR/Overview.html). Custom fields start with `_`, as the spec allows.
 */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    browser: { name: string; version: string };
    pages: HarPage[];
    entries: HarEntry[];
    comment: string;
    _schema: Report['schema'];
    _visitId: string;
    _generatedAt: string;
    _redacted: boolean;
    _database: string;
    _scenario: string;
  };
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: Record<string, never>;
  _url: string;
  _consent: { cmps: string[]; choice?: string; choiceAt?: number; transitions: { t: number; phase: string }[] };
}

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; comment?: string; _encoding?: 'base64'; _size: number; _truncated: boolean };
    headersSize: -1;
    bodySize: number;
    comment?: string;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; comment: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: -1;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: -1; connect: -1; send: number; wait: number; receive: number };
  _id: string;
  _resourceType: string;
  _type: string;
  _vendor: string;
  _attribution?: string;
  _activity?: string;
  _resembles?: { vendor: string; reason: string };
  _phase: string;
  _party: string;
  _site: string;
  _frameId: number;
  _frameUrl?: string;
  _initiatedBy?: string;
  _redirects: string[];
  _cname?: string;
  _recovered?: true;
  _findings: string[];
}

export const HAR_PAGE_ID = 'page_1';
const MAX_QUERY_PARAMS = 500;
const MAX_QUERY_VALUE = 4096;
const MAX_COOKIES = 200;
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
      headers: requestHeaders.map(copy),
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
      headers: responseHeaders.map(copy),
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

function postDataOf(body: ReportBody, headers: readonly Header[]): NonNullable<HarEntry['request']['postData']> {
  const mimeType = body.form === 'form-data' ? 'application/x-www-form-urlencoded' : (headerValue(headers, 'content-type') ?? 'application/octet-stream');
  const kept = body.base64 === undefined ? undefined : fromBase64(body.base64);
  const about = { _size: body.size, _truncated: body.truncated };
  // A redacted report holds no body bytes, only their size.
  if (!kept) return { mimeType, text: REDACTED, comment: `${body.size} bytes, ${REDACTED}.`, ...about };
  const text = utf8(kept, body.truncated);
  return {
    mimeType,
    ...(text === undefined ? { text: body.base64 ?? '', _encoding: 'base64' as const } : { text }),
    ...(body.truncated && { comment: `First ${kept.length} of ${body.size} bytes.` }),
    ...about,
  };
}

function queryOf(url: string): { params: HarNameValue[]; comment?: string } {
  let search: URLSearchParams;
  try {
    search = new URL(url).searchParams;
  } catch {
    return { params: [] };
  }
  const params: HarNameValue[] = [];
  let count = 0;
  for (const [name, value] of search) {
    if (count++ >= MAX_QUERY_PARAMS) continue;
    const long = name.length > MAX_QUERY_VALUE || value.length > MAX_QUERY_VALUE;
    params.push({
      name: name.slice(0, MAX_QUERY_VALUE),
      value: value.slice(0, MAX_QUERY_VALUE),
      ...(long && { comment: `Cut at ${MAX_QUERY_VALUE} characters; the URL is whole.` }),
    });
  }
  return count > MAX_QUERY_PARAMS ? { params, comment: `First ${MAX_QUERY_PARAMS} of ${count} query parameters; the URL is whole.` } : { params };
}

function requestCookies(headers: readonly Header[]): HarNameValue[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'cookie')
    .flatMap((h) => h.value.split(';'))
    .map((pair) => pair.trim())
    .filter(Boolean)
    .slice(0, MAX_COOKIES)
    .map(nameValue);
}

function responseCookies(headers: readonly Header[]): HarNameValue[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .flatMap((h) => h.value.split('\n'))
    .filter(Boolean)
    .slice(0, MAX_COOKIES)
    .map((line) => nameValue(line.split(';')[0]?.trim() ?? ''));
}

function nameValue(pair: string): HarNameValue {
  const at = pair.indexOf('=');
  return at < 0 ? { name: '', value: pair } : { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
}

function headerValue(headers: readonly Header[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

function splitStatusLine(line: string | undefined): [string, string] | [] {
  const match = line && /^(HTTP\/[\d.]+)\s+\d{3}\s*(.*)$/i.exec(line);
  return match ? [match[1] ?? '', match[2] ?? ''] : [];
}

function copy(h: Header): HarNameValue {
  return { name: h.name, value: h.value };
}

/** The bytes as UTF-8 text, or undefined when they are not; a cut body may end inside a character. */
function utf8(bytes: Uint8Array, cut: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    return undefined;
  }
}
