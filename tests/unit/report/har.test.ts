import { describe, expect, it } from 'vitest';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import { runRules } from '@/lib/findings/run';
import type { EvidenceRecord, Header } from '@/lib/model';
import { buildReport } from '@/lib/report/build';
import { toHar } from '@/lib/report/har';
import { REDACTED } from '@/lib/report/types';
import { makeRequest, makeVisit, scanRecords } from '../../fixtures/factories';
import { harProblems } from '../../fixtures/har';
import { META } from '../../fixtures/reports';

const SECRET = 'SECRET-7f3a';
const requestHeaders: Header[] = [
  { name: 'User-Agent', value: 'Mozilla/5.0 Test' },
  { name: 'Cookie', value: `_ga=GA1.1.${SECRET}; theme=dark` },
  { name: 'Authorization', value: `Bearer ${SECRET}` },
  { name: 'X-Client-Data', value: SECRET },
  { name: 'Content-Type', value: 'application/json' },
  { name: 'Referer', value: 'https://shop.example/' },
];
const responseHeaders: Header[] = [
  { name: 'Content-Type', value: 'image/gif' },
  { name: 'Set-Cookie', value: `fr=${SECRET}; Domain=.facebook.com; Path=/; Secure; HttpOnly` },
  { name: 'ETag', value: `"${SECRET}"` },
];
const didomiRefusal = btoa(JSON.stringify({ purposes: { enabled: [], disabled: ['ads', 'analytics'] }, vendors: { enabled: [], disabled: [] } }));
const records: EvidenceRecord[] = [
  makeRequest({
    url: 'https://shop.example/',
    type: 'main_frame',
    t: 0,
    sentAt: 2,
    responseAt: 50,
    statusLine: 'HTTP/1.1 200 OK',
    responseHeaders: [{ name: 'Content-Type', value: 'text/html' }],
  }),
  makeRequest({
    url: 'https://www.google-analytics.com/g/collect?v=2&cid=555.666',
    type: 'xmlhttprequest',
    method: 'POST',
    t: 300,
    sentAt: 310,
    responseAt: 420,
    status: 204,
    statusLine: 'HTTP/1.1 204 No Content',
    requestHeaders,
    body: { bytes: new TextEncoder().encode(`{"email":"${SECRET}"}`), size: 20, truncated: false, form: 'raw' },
  }),
  {
    kind: 'storage',
    id: 's:d',
    visitId: 'visit-1',
    t: 2000,
    source: 'probe',
    frameId: 0,
    area: 'localStorage',
    action: 'set',
    origin: 'https://shop.example',
    key: 'didomi_token',
    value: didomiRefusal,
  },
  makeRequest({
    url: 'https://www.facebook.com/tr?id=1',
    type: 'image',
    t: 2600,
    frameId: 3,
    frameUrl: 'https://shop.example/frame',
    status: 302,
    statusLine: 'HTTP/1.1 302 Found',
    responseHeaders: [...responseHeaders, { name: 'Location', value: 'https://www.facebook.com/tr2' }],
  }),
  makeRequest({
    url: 'https://in.hotjar.com/api/v2/client/sites/1/recordings',
    method: 'POST',
    type: 'xmlhttprequest',
    t: 2700,
    body: { bytes: new Uint8Array([0x1f, 0x8b, 0xff, 0x00, 0xfe]), size: 9000, truncated: true, form: 'raw' },
    error: 'net::ERR_FAILED',
  }),
];

function reportOf(list: EvidenceRecord[], includeValues = false, title?: string) {
  const scan = scanRecords(makeVisit(title === undefined ? {} : { title }), list, getDefaultIndex());
  return buildReport(scan, runRules(scan), { ...META, includeValues, includeHeaders: true });
}

describe('toHar', () => {
  const report = reportOf(records);
  const har = toHar(report);

  it('is a valid HAR 1.2 log with one entry per report request, in order, on the visit page', () => {
    expect(harProblems(har)).toEqual([]);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Consent Inspector', version: '0.1.0' });
    expect(har.log.pages).toEqual([expect.objectContaining({ id: 'page_1', startedDateTime: report.visit.startedAt, title: 'https://shop.example/' })]);
    expect(har.log.entries).toHaveLength(report.requests.length);
    expect(har.log.entries.map((e) => e.request.url)).toEqual(report.requests.map((r) => r.url));
    expect(har.log.entries[1]?.startedDateTime).toBe(new Date(Date.parse(report.visit.startedAt) + 300).toISOString());
  });

  it('carries each entry vendor, attribution, phase, frame and the findings that cite it in _ fields', () => {
    const [page, ga, fb, hotjar] = har.log.entries;
    expect(page).toMatchObject({ _vendor: 'unclassified', _phase: 'before-choice', _party: 'first', _resourceType: 'document', _frameId: 0 });
    expect(ga).toMatchObject({ _vendor: 'google-analytics', _attribution: 'host', _activity: 'data', _phase: 'before-choice', _resourceType: 'xhr' });
    expect(fb).toMatchObject({ _vendor: 'meta-pixel', _phase: 'after-refusal', _frameId: 3, _frameUrl: 'https://shop.example/frame' });
    expect(fb?._findings).toContain('tracker-after-refusal');
    expect(hotjar).toMatchObject({ _vendor: 'hotjar', _phase: 'after-refusal' });
    expect(har.log.pages[0]?._consent).toMatchObject({ cmps: ['didomi'], choice: 'reject', choiceAt: 2000 });
  });

  it('takes timings, versions, statuses, redirects and failures from what webRequest showed, unknowns as -1', () => {
    const [page, ga, fb, hotjar] = har.log.entries;
    expect(page?.timings).toMatchObject({ blocked: 2, dns: -1, connect: -1, send: 0, wait: 48, receive: 0 });
    expect(page?.time).toBe(50);
    expect(ga?.response).toMatchObject({ status: 204, statusText: 'No Content', httpVersion: 'HTTP/1.1' });
    expect(ga?.request.httpVersion).toBe('HTTP/1.1');
    expect(ga?.request.queryString).toEqual([
      { name: 'v', value: '2' },
      { name: 'cid', value: '555.666' },
    ]);
    expect(fb?.response).toMatchObject({ status: 302, redirectURL: 'https://www.facebook.com/tr2', headersSize: -1, bodySize: -1 });
    expect(fb?.timings).toMatchObject({ blocked: -1, wait: 0 });
    expect(hotjar?.response).toMatchObject({ status: 0, _error: 'net::ERR_FAILED', content: { size: 0, mimeType: 'x-unknown' } });
    expect(page?.request.bodySize).toBe(0);
    expect(hotjar?.request.bodySize).toBe(9000);
  });

  it('is redacted by default as the other exports are: cookie values, bodies and identifying header values', () => {
    const text = JSON.stringify(har);
    expect(text).not.toContain(SECRET);
    const ga = har.log.entries[1];
    expect(ga?.request.cookies).toEqual([
      { name: '_ga', value: REDACTED },
      { name: 'theme', value: REDACTED },
    ]);
    expect(ga?.request.headers).toEqual(
      expect.arrayContaining([
        { name: 'User-Agent', value: 'Mozilla/5.0 Test' },
        { name: 'Authorization', value: REDACTED },
        { name: 'X-Client-Data', value: REDACTED },
        { name: 'Referer', value: 'https://shop.example/' },
      ]),
    );
    expect(ga?.request.postData).toMatchObject({ mimeType: 'application/json', text: REDACTED, _size: 20 });
    const fb = har.log.entries[2];
    expect(fb?.response.cookies).toEqual([{ name: 'fr', value: REDACTED }]);
    expect(fb?.response.headers).toContainEqual({ name: 'Set-Cookie', value: `fr=${REDACTED}; Domain=.facebook.com; Path=/; Secure; HttpOnly` });
    expect(har.log._redacted).toBe(true);
  });

  it('keeps the values, and the bodies as captured, only when the user asks', () => {
    const full = toHar(reportOf(records, true));
    expect(harProblems(full)).toEqual([]);
    const [, ga, fb, hotjar] = full.log.entries;
    expect(ga?.request.cookies).toContainEqual({ name: '_ga', value: `GA1.1.${SECRET}` });
    expect(ga?.request.headers).toContainEqual({ name: 'Authorization', value: `Bearer ${SECRET}` });
    expect(ga?.request.postData).toMatchObject({ mimeType: 'application/json', text: `{"email":"${SECRET}"}`, _truncated: false });
    expect(fb?.response.cookies).toEqual([{ name: 'fr', value: SECRET }]);
    expect(hotjar?.request.postData).toMatchObject({
      text: btoa('\x1f\x8b\xff\x00\xfe'),
      _encoding: 'base64',
      _size: 9000,
      _truncated: true,
      comment: 'First 5 of 9000 bytes.',
    });
    expect(full.log._redacted).toBe(false);
  });

  it('keeps markup and huge values from the page as plain, bounded strings', () => {
    const markup = '<img src=x onerror=alert(1)></script>"\'`';
    const params = Array.from({ length: 800 }, (_, i) => `p${i}=${encodeURIComponent(markup)}`).join('&');
    const url = `https://www.facebook.com/tr?big=${'A'.repeat(100_000)}&${params}`;
    const hostile = [
      makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 }),
      makeRequest({
        url,
        method: 'POST',
        t: 5,
        requestHeaders: [{ name: markup, value: markup.repeat(100) }],
        responseHeaders: [{ name: 'Content-Type', value: markup }],
        statusLine: markup,
        body: { bytes: new TextEncoder().encode(markup), size: 10_000_000, truncated: true, form: 'raw' },
      }),
    ];
    for (const includeValues of [false, true]) {
      const out = toHar(reportOf(hostile, includeValues, markup));
      expect(harProblems(out)).toEqual([]);
      expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      expect(out.log.pages[0]?.title).toBe(markup);
      const entry = out.log.entries[1];
      expect(entry?.request.url).toBe(url);
      expect(entry?.request.queryString).toHaveLength(500);
      expect(entry?.request.queryString[0]).toMatchObject({ name: 'big', value: 'A'.repeat(4096) });
      expect(entry?.request.queryString[1]?.value).toBe(markup);
      expect(entry?.request.comment).toBe('First 500 of 801 query parameters; the URL is whole.');
      expect(entry?.response).toMatchObject({ httpVersion: '', statusText: '', content: { mimeType: markup } });
      expect(entry?.request.postData?.text).toBe(includeValues ? markup : REDACTED);
    }
  });

  it('has no headers from a report built without them (the report the popup keeps)', () => {
    const scan = scanRecords(makeVisit(), records, getDefaultIndex());
    const lean = buildReport(scan, runRules(scan), META);
    expect(lean.requests.some((r) => r.requestHeaders || r.responseHeaders)).toBe(false);
    const out = toHar(lean);
    expect(harProblems(out)).toEqual([]);
    expect(out.log.entries.every((e) => e.request.headers.length === 0 && e.response.headers.length === 0)).toBe(true);
  });

  it('gives a valid empty log for a visit without requests', () => {
    const empty = toHar(reportOf([]));
    expect(harProblems(empty)).toEqual([]);
    expect(empty.log.entries).toEqual([]);
    expect(empty.log.pages).toHaveLength(1);
  });
});
