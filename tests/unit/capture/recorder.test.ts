import { describe, expect, it, vi } from 'vitest';
import { toBase64 as encodeBase64 } from '@/lib/bytes';
import { startRecorder } from '@/lib/capture/recorder';
import { openDb } from '@/lib/store/db';
import { readAllVisits, readCaptureState, readRecords, writeSettings } from '@/lib/store/visits';
import { siteOf } from '@/lib/classify/site';
import type { Db } from '@/lib/store/db';
import { createWriter } from '@/lib/store/writer';
import type { RequestDetails } from '@/lib/capture/platform';
import { byKind, makeCaptureApi, makeDetails, startRequest } from '../../fixtures/factories';

const T0 = 1_700_000_000_000;

/**
 * What the background passes: the store's writer, and the previous worker life's tabs read from the store. Full
 * capture on every tab unless `everyday` (the stored setting is read as the background reads it).
 */
function storeDeps(db: Promise<Db>, onError: (error: unknown) => void, { everyday = false } = {}) {
  const resume = db
    .then(readCaptureState)
    .then(({ settings, tabs }) => ({ maxRecordsPerVisit: settings.maxRecordsPerVisit, fullCaptureAllTabs: !everyday || settings.fullCaptureAllTabs, tabs }));
  return { sink: createWriter(db, onError), resume, siteOf };
}
let dbCounter = 0;

async function setup(options: Parameters<typeof makeCaptureApi>[0] & { commitWaitMs?: number; everyday?: boolean } = {}) {
  const db = openDb(`test-${++dbCounter}`);
  const api = makeCaptureApi(options);
  const onError = vi.fn();
  let clock = T0;
  const recorder = startRecorder({
    api,
    ...storeDeps(db, onError, { everyday: options.everyday }),
    now: () => clock,
    onError,
    commitWaitMs: options.commitWaitMs,
  });
  const records = async (tabId = 1) => {
    await recorder.idle();
    const visitId = await recorder.currentVisitId(tabId);
    return visitId ? readRecords(await db, visitId) : [];
  };
  // Full listeners follow the stored setting, so they are there once the store has answered.
  await recorder.ready;
  return { api, db, recorder, records, onError, setClock: (t: number) => (clock = t) };
}

function navigate(api: ReturnType<typeof makeCaptureApi>, url: string, at = T0, requestId = `main-${at}`) {
  api.webRequest.onBeforeRequest.trigger(makeDetails({ url, type: 'main_frame', timeStamp: at, requestId }));
}

describe('startRecorder', () => {
  it('starts a visit at the main_frame request and records every request with its time, body and frame', async () => {
    const { api, records, onError } = await setup();
    navigate(api, 'https://shop.example/');
    api.webRequest.onBeforeRequest.trigger(
      makeDetails({
        url: 'https://in.hotjar.com/c',
        method: 'POST',
        type: 'xmlhttprequest',
        timeStamp: T0 + 250,
        requestId: 'x1',
        requestBody: { raw: [{ bytes: new TextEncoder().encode('{"a":1}').buffer }] },
      }),
    );
    api.webRequest.onHeadersReceived.trigger(makeDetails({ url: 'https://in.hotjar.com/c', requestId: 'x1', statusCode: 204, timeStamp: T0 + 300 }));
    const requests = byKind(await records(), 'request');
    expect(requests.map((r) => [r.type, r.url, r.t])).toEqual([
      ['main_frame', 'https://shop.example/', 0],
      ['xmlhttprequest', 'https://in.hotjar.com/c', 250],
    ]);
    expect(requests[1]).toMatchObject({ source: 'network', status: 204, method: 'POST', frameUrl: 'https://shop.example/' });
    expect(new TextDecoder().decode(requests[1]?.body?.bytes)).toBe('{"a":1}');
    expect(onError).not.toHaveBeenCalled();
  });

  it('snapshots the cookie jar of the page URL when a visit starts (a choice stored by an earlier visit), at t = 0', async () => {
    const asked: string[] = [];
    const jar = async (q: { url: string; partitionKey?: unknown }) => {
      asked.push(q.url);
      return q.partitionKey
        ? []
        : [
            {
              name: 'klaro',
              value: '%7B%22analytics%22%3Afalse%7D',
              domain: 'shop.example',
              hostOnly: true,
              path: '/',
              secure: true,
              httpOnly: false,
              sameSite: 'lax',
              session: false,
              expirationDate: 1_800_000_000,
            },
          ];
    };
    const { api, records, setClock } = await setup({ jar });
    setClock(T0 + 5);
    navigate(api, 'https://shop.example/');
    const cookies = byKind(await records(), 'cookie');
    expect(cookies.map((c) => [c.via, c.t, c.name, c.value])).toEqual([['jar', 0, 'klaro', '%7B%22analytics%22%3Afalse%7D']]);
    expect(asked).toEqual(['https://shop.example/', 'https://shop.example/']);
    // Only a new visit's main document asks; its subresources do not.
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/app.js', timeStamp: T0 + 20 }));
    await records();
    expect(asked).toHaveLength(2);
  });

  it("leaves out of the jar a cookie the visit's own first response stored before the jar answered (Firefox)", async () => {
    const stored = {
      domain: 'shop.example',
      hostOnly: true,
      path: '/',
      secure: true,
      httpOnly: false,
      sameSite: 'lax',
      session: false,
      expirationDate: 1_800_000_000,
    };
    const jar = async (q: { partitionKey?: unknown }) =>
      q.partitionKey
        ? []
        : [
            { ...stored, name: 'klaro', value: 'old' },
            { ...stored, name: 'visitor_id', value: 'new' },
          ];
    const { api, records, setClock } = await setup({ jar });
    setClock(T0 + 5);
    navigate(api, 'https://shop.example/');
    setClock(T0 + 40);
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: { ...stored, name: 'visitor_id', value: 'new' } });
    const cookies = byKind(await records(), 'cookie');
    expect(cookies.map((c) => [c.via, c.name]).sort()).toEqual([
      ['jar', 'klaro'],
      ['store', 'visitor_id'],
    ]);
  });

  it('starts a new visit on reload and keeps the old one in history', async () => {
    const { api, db, recorder, records } = await setup();
    navigate(api, 'https://shop.example/', T0, 'a');
    const first = await recorder.currentVisitId(1);
    navigate(api, 'https://shop.example/', T0 + 5000, 'b');
    await records();
    expect(await recorder.currentVisitId(1)).not.toBe(first);
    expect((await readAllVisits(await db)).map((v) => v.startedAt)).toEqual([T0 + 5000, T0]);
  });

  it('follows a redirect of the main document without starting a new visit', async () => {
    const { api, recorder, records } = await setup();
    navigate(api, 'http://shop.example/', T0, 'm');
    const visit = await recorder.currentVisitId(1);
    api.webRequest.onBeforeRedirect.trigger(
      makeDetails({ url: 'http://shop.example/', requestId: 'm', statusCode: 301, redirectUrl: 'https://shop.example/' }),
    );
    navigate(api, 'https://shop.example/', T0 + 10, 'm');
    const [main] = byKind(await records(), 'request');
    expect(await recorder.currentVisitId(1)).toBe(visit);
    expect(main).toMatchObject({ url: 'https://shop.example/', redirects: ['http://shop.example/'], status: 301 });
  });

  it('reads Set-Cookie headers with their declared lifetime, relative to the response Date', async () => {
    const { api, records } = await setup({ extraHeaders: true });
    navigate(api, 'https://shop.example/');
    const date = new Date(T0 - 60_000).toUTCString();
    api.webRequest.onHeadersReceived.trigger(
      makeDetails({
        url: 'https://shop.example/',
        requestId: `main-${T0}`,
        statusCode: 200,
        timeStamp: T0 + 40,
        responseHeaders: [
          { name: 'Date', value: date },
          // Firefox joins several Set-Cookie headers with newlines.
          { name: 'set-cookie', value: `long=1; Expires=${new Date(T0 - 60_000 + 800 * 86_400_000).toUTCString()}\nsid=2; HttpOnly` },
          { name: 'Set-Cookie', value: 'garbage-without-equals' },
          { name: 'Set-Cookie', value: 'ad=1; Domain=tracker.example; Max-Age=100' },
        ],
      }),
    );
    const cookies = byKind(await records(), 'cookie');
    expect(cookies.map((c) => [c.name, c.declaredLifetime, c.via, c.domain, c.hostOnly])).toEqual([
      ['long', 800 * 86_400, 'header', 'shop.example', true],
      ['sid', null, 'header', 'shop.example', true],
      ['ad', 100, 'header', 'tracker.example', false],
    ]);
    expect(byKind(await records(), 'request')[0]?.setCookies).toHaveLength(4);
  });

  it('registers Set-Cookie listeners with extraHeaders only where the browser has it (Chromium)', async () => {
    const chromium = await setup({ extraHeaders: true });
    expect(chromium.api.webRequest.onHeadersReceived.listeners[0]?.extra[1]).toEqual(['responseHeaders', 'extraHeaders']);
    expect(chromium.api.webRequest.onSendHeaders.listeners[0]?.extra[1]).toEqual(['requestHeaders', 'extraHeaders']);
    const firefox = await setup();
    expect(firefox.api.webRequest.onHeadersReceived.listeners[0]?.extra[1]).toEqual(['responseHeaders']);
    expect(firefox.api.webRequest.onSendHeaders.listeners[0]?.extra[1]).toEqual(['requestHeaders']);
  });

  it('keeps the headers as sent and received, the status line, and when the headers left and the response came', async () => {
    const { api, records } = await setup({ extraHeaders: true });
    navigate(api, 'https://shop.example/');
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://tracker.example/p', requestId: 'h1', timeStamp: T0 + 100 }));
    api.webRequest.onSendHeaders.trigger(
      makeDetails({
        url: 'https://tracker.example/p',
        requestId: 'h1',
        timeStamp: T0 + 104,
        requestHeaders: [
          { name: 'Cookie', value: 'uid=42' },
          { name: 'X-Bin', binaryValue: [0x41, 0xe9] },
        ],
      }),
    );
    api.webRequest.onHeadersReceived.trigger(
      makeDetails({
        url: 'https://tracker.example/p',
        requestId: 'h1',
        timeStamp: T0 + 180,
        statusCode: 200,
        statusLine: 'HTTP/1.1 200 OK',
        responseHeaders: [{ name: 'Content-Type', value: 'image/gif' }],
      }),
    );
    expect(byKind(await records(), 'request').find((r) => r.requestId === 'h1')).toMatchObject({
      t: 100,
      sentAt: 104,
      responseAt: 180,
      statusLine: 'HTTP/1.1 200 OK',
      requestHeaders: [
        { name: 'Cookie', value: 'uid=42' },
        { name: 'X-Bin', value: 'A\u00e9' },
      ],
      responseHeaders: [{ name: 'Content-Type', value: 'image/gif' }],
    });
  });

  it('bounds the headers a hostile server or page sends: count, name and value lengths, total size', async () => {
    const { api, records, onError } = await setup();
    navigate(api, 'https://shop.example/');
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/h', requestId: 'h2' }));
    const many = Array.from({ length: 500 }, (_, i) => ({ name: `X-${i}`, value: 'v'.repeat(100) }));
    api.webRequest.onSendHeaders.trigger(makeDetails({ url: 'https://shop.example/h', requestId: 'h2', requestHeaders: many }));
    api.webRequest.onHeadersReceived.trigger(
      makeDetails({
        url: 'https://shop.example/h',
        requestId: 'h2',
        statusLine: `HTTP/1.1 200 ${'<b>'.repeat(1000)}`,
        responseHeaders: [
          { name: 'N'.repeat(10_000), value: 'V'.repeat(1_000_000) },
          { name: 'X-Last', value: '1' },
        ],
      }),
    );
    const record = byKind(await records(), 'request').find((r) => r.requestId === 'h2');
    expect(record?.requestHeaders).toHaveLength(100);
    expect(record?.responseHeaders?.map((h) => [h.name.length, h.value.length])).toEqual([
      [256, 8192],
      [6, 1],
    ]);
    expect(record?.statusLine).toHaveLength(256);
    const total = (headers: { name: string; value: string }[] = []) => headers.reduce((n, h) => n + h.name.length + h.value.length, 0);
    const long = Array.from({ length: 20 }, (_, i) => ({ name: `L-${i}`, value: 'x'.repeat(8000) }));
    api.webRequest.onSendHeaders.trigger(makeDetails({ url: 'https://shop.example/h', requestId: 'h2', requestHeaders: long }));
    const capped = byKind(await records(), 'request').find((r) => r.requestId === 'h2');
    expect(total(capped?.requestHeaders)).toBeLessThanOrEqual(32 * 1024);
    expect(onError).not.toHaveBeenCalled();
  });

  it('attributes cookie-store changes to the visits whose sites they belong to', async () => {
    const { api, records, setClock } = await setup();
    navigate(api, 'https://shop.example/');
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://www.youtube.com/embed/x', type: 'sub_frame', frameId: 5, timeStamp: T0 + 10 }));
    setClock(T0 + 500);
    const base = { hostOnly: false, path: '/', secure: true, httpOnly: false, sameSite: 'no_restriction', session: false };
    api.cookies.onChanged.trigger({
      removed: false,
      cause: 'explicit',
      cookie: { ...base, name: 'VISITOR', value: 'v', domain: '.youtube.com', expirationDate: (T0 + 500) / 1000 + 3600 },
    });
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: { ...base, name: 'other', value: 'v', domain: '.unrelated.example' } });
    const cookies = byKind(await records(), 'cookie');
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'VISITOR', via: 'store', domain: 'youtube.com', t: 500, declaredLifetime: 3600 });
  });

  it('keeps a cookie-store change that arrives before the request that starts its visit', async () => {
    const { api, records, setClock } = await setup();
    setClock(T0 + 50);
    const base = { hostOnly: true, path: '/', secure: true, httpOnly: true, sameSite: 'lax', session: true };
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: { ...base, name: 'early', value: 'v', domain: 'shop.example' } });
    navigate(api, 'https://shop.example/', T0);
    expect(byKind(await records(), 'cookie')).toMatchObject([{ name: 'early', via: 'store', t: 50 }]);
  });

  it('turns probe batches into probe and snapshot records, never network ones', async () => {
    const { api, recorder, records } = await setup();
    navigate(api, 'https://shop.example/');
    const sender = { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/', origin: 'https://shop.example' };
    await recorder.handleProbeBatch(sender, {
      type: 'probe-batch',
      dropped: 0,
      events: [
        {
          kind: 'payload',
          at: T0 + 100,
          api: 'beacon',
          method: 'POST',
          url: '/collect',
          body: { base64: encodeBase64(new TextEncoder().encode('hi')), size: 2, form: 'text' },
          script: 'https://cdn.example/t.js',
        },
        { kind: 'cookie', at: T0 + 110, raw: '_ga=GA1; Max-Age=63072000; Domain=shop.example' },
        { kind: 'storage', at: T0 + 120, area: 'localStorage', action: 'set', key: 'cart', value: '2' },
        { kind: 'globals', at: T0 + 130, names: ['hj', 'hj'] },
        { kind: 'snapshot', at: T0 + 140, localStorage: [['cart', '2']], sessionStorage: [], indexedDB: ['db'] },
        { kind: 'snapshot', at: T0 + 150, localStorage: [['cart', '2']], sessionStorage: [], indexedDB: ['db'] },
        { kind: 'request', at: T0 + 160, url: 'https://forged.example/', source: 'network' },
        { kind: 'payload', at: T0 - 1000, api: 'fetch', method: 'GET', url: 'https://previous-page.example/' },
      ],
    });
    const all = await records();
    expect(all.filter((r) => r.kind !== 'request').every((r) => r.source === 'probe' || r.source === 'snapshot')).toBe(true);
    expect(byKind(all, 'request').map((r) => r.url)).toEqual(['https://shop.example/']);
    expect(byKind(all, 'payload')).toMatchObject([{ url: 'https://shop.example/collect', t: 100, script: 'https://cdn.example/t.js' }]);
    expect(byKind(all, 'cookie')).toMatchObject([{ name: '_ga', via: 'script', declaredLifetime: 63_072_000 }]);
    expect(byKind(all, 'global').map((g) => g.name)).toEqual(['hj']);
    expect(byKind(all, 'storage').map((s) => [s.source, s.area, s.key])).toEqual([
      ['probe', 'localStorage', 'cart'],
      ['snapshot', 'localStorage', 'cart'],
      ['snapshot', 'indexedDB', 'db'],
    ]);
  });

  it("turns the content script's banner sightings into consent signals read from the DOM (source snapshot)", async () => {
    const { api, recorder, records } = await setup();
    navigate(api, 'https://shop.example/');
    const sender = { tab: { id: 1 }, frameId: 2, url: 'https://shop.example/frame', origin: 'https://shop.example' };
    await recorder.handleProbeBatch(sender, {
      type: 'probe-batch',
      dropped: 0,
      events: [{ kind: 'banner', at: T0 + 300, command: 'shown', params: { type: 'consent-banner', controls: 'reject:Refuser', selector: 'div#b' } }],
    });
    expect(byKind(await records(), 'consent')).toMatchObject([
      {
        source: 'snapshot',
        signal: 'banner',
        command: 'shown',
        t: 300,
        frameId: 2,
        frameUrl: 'https://shop.example/frame',
        params: { type: 'consent-banner' },
      },
    ]);
  });

  it('stores the recorder configuration the probe read, once per distinct reading, as page-reported evidence', async () => {
    const { api, recorder, records } = await setup();
    navigate(api, 'https://shop.example/');
    const sender = { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/', origin: 'https://shop.example' };
    const event = {
      kind: 'recorder-config',
      at: T0 + 100,
      vendor: 'datadog-rum',
      via: 'DD_RUM.getInitConfiguration()',
      options: { defaultPrivacyLevel: 'allow' },
    };
    await recorder.handleProbeBatch(sender, {
      type: 'probe-batch',
      dropped: 0,
      events: [event, { ...event, at: T0 + 200 }, { ...event, source: 'network', vendor: 'Bad Vendor' }],
    });
    expect(byKind(await records(), 'recorder-config')).toMatchObject([
      {
        source: 'probe',
        t: 100,
        origin: 'https://shop.example',
        vendor: 'datadog-rum',
        via: 'DD_RUM.getInitConfiguration()',
        options: { defaultPrivacyLevel: 'allow' },
      },
    ]);
  });

  it('stores a batch sent again after a worker stop once, by its id', async () => {
    const { api, recorder, records } = await setup();
    navigate(api, 'https://shop.example/');
    const sender = { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/', origin: 'https://shop.example' };
    const batch = (id: string) => ({
      type: 'probe-batch',
      dropped: 0,
      id,
      events: [
        { kind: 'payload', at: T0 + 100, api: 'fetch', method: 'GET', url: '/item/1' },
        { kind: 'storage', at: T0 + 120, area: 'localStorage', action: 'set', key: 'cart', value: '2' },
      ],
    });
    await recorder.handleProbeBatch(sender, batch('r1:0'));
    await recorder.handleProbeBatch(sender, batch('r1:0'));
    expect(byKind(await records(), 'payload')).toHaveLength(1);
    expect(byKind(await records(), 'storage')).toHaveLength(1);
    await recorder.handleProbeBatch(sender, batch('r1:1'));
    expect(byKind(await records(), 'payload')).toHaveLength(2);
  });

  it('rebuilds a request whose start event died with the previous worker life from its response', async () => {
    const first = await setup();
    navigate(first.api, 'https://shop.example/');
    await first.recorder.idle();
    // The next worker life: same database, fresh memory. It sees only the response of x1, and all of x2.
    const api = makeCaptureApi();
    const onError = vi.fn();
    const second = startRecorder({ api, ...storeDeps(first.db, onError), now: () => T0, onError });
    api.webRequest.onHeadersReceived.trigger(
      makeDetails({ url: 'https://shop.example/item/8', requestId: 'x1', statusCode: 200, timeStamp: T0 + 900, type: 'xmlhttprequest' }),
    );
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/item/9', requestId: 'x2', timeStamp: T0 + 950, type: 'xmlhttprequest' }));
    api.webRequest.onHeadersReceived.trigger(
      makeDetails({ url: 'https://shop.example/item/9', requestId: 'x2', statusCode: 201, timeStamp: T0 + 990, type: 'xmlhttprequest' }),
    );
    await second.idle();
    const visitId = await second.currentVisitId(1);
    const requests = byKind(await readRecords(await first.db, visitId ?? ''), 'request');
    expect(requests.map((r) => [r.url, r.t, r.status, r.recovered])).toEqual([
      ['https://shop.example/', 0, undefined, undefined],
      ['https://shop.example/item/8', 900, 200, true],
      ['https://shop.example/item/9', 950, 201, undefined],
    ]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('ignores probe batches without a tab and messages that are not batches', async () => {
    const { api, recorder, records } = await setup();
    navigate(api, 'https://shop.example/');
    await recorder.handleProbeBatch({}, { type: 'probe-batch', events: [{ kind: 'cookie', at: T0 + 1, raw: 'a=b' }] });
    await recorder.handleProbeBatch({ tab: { id: 1 } }, { type: 'nope' });
    expect(byKind(await records(), 'cookie')).toHaveLength(0);
  });

  it('caps the records of one visit and counts what it dropped', async () => {
    const { api, db, recorder, records } = await setup();
    recorder.setMaxRecordsPerVisit((await writeSettings(await db, { maxRecordsPerVisit: 100 })).maxRecordsPerVisit);
    navigate(api, 'https://shop.example/');
    for (let i = 0; i < 150; i++) api.webRequest.onBeforeRequest.trigger(makeDetails({ url: `https://shop.example/${i}`, type: 'image' }));
    expect(await records()).toHaveLength(100);
    const visit = (await readAllVisits(await db))[0];
    expect(visit?.dropped).toBe(51);
    expect(await recorder.currentVisitId(1)).toBe(visit?.id);
  });

  it('picks up where a stopped worker left off: same visit, nothing lost', async () => {
    const first = await setup();
    navigate(first.api, 'https://shop.example/');
    first.api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/a.js', timeStamp: T0 + 5 }));
    await first.recorder.idle();
    const visitId = await first.recorder.currentVisitId(1);
    // A new worker life: new listeners, same database.
    const api = makeCaptureApi();
    const db = first.db;
    const recorder = startRecorder({ api, ...storeDeps(db, vi.fn()), now: () => T0, onError: vi.fn() });
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/b.js', timeStamp: T0 + 9 }));
    await recorder.idle();
    expect(await recorder.currentVisitId(1)).toBe(visitId);
    expect(byKind(await readRecords(await db, visitId ?? ''), 'request').map((r) => r.url)).toEqual([
      'https://shop.example/',
      'https://shop.example/a.js',
      'https://shop.example/b.js',
    ]);
  });

  it('adopts a tab whose page loaded before the extension started', async () => {
    const { api, records } = await setup({ tabs: { 7: { url: 'https://news.example/', title: 'News' } } });
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://ads.example/px', tabId: 7, type: 'image' }));
    const all = await records(7);
    expect(byKind(all, 'request').map((r) => r.url)).toEqual(['https://ads.example/px']);
  });

  it('records network errors with their time', async () => {
    const { api, records } = await setup();
    navigate(api, 'https://shop.example/');
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://blocked.example/x.js', requestId: 'e1', timeStamp: T0 + 10 }));
    api.webRequest.onErrorOccurred.trigger(
      makeDetails({ url: 'https://blocked.example/x.js', requestId: 'e1', timeStamp: T0 + 30, error: 'net::ERR_NAME_NOT_RESOLVED' }),
    );
    expect(byKind(await records(), 'request').find((r) => r.requestId === 'e1')).toMatchObject({ error: 'net::ERR_NAME_NOT_RESOLVED', completedAt: 30 });
  });

  it('uncovers a CNAME-cloaked first-party subdomain once, and patches the requests that waited for it', async () => {
    const db = openDb(`test-${++dbCounter}`);
    const api = makeCaptureApi();
    const lookups: string[] = [];
    const recorder = startRecorder({
      api,
      ...storeDeps(db, vi.fn()),
      now: () => T0,
      onError: vi.fn(),
      resolveCanonicalName: async (host) => {
        lookups.push(host);
        return host === 'metrics.shop.example' ? 'shop.example.eulerian.net.' : host;
      },
    });
    navigate(api, 'https://shop.example/');
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://metrics.shop.example/a', requestId: 'm1' }));
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://metrics.shop.example/b', requestId: 'm2' }));
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://static.shop.example/c', requestId: 'm3' }));
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://www.facebook.com/tr', requestId: 'm4' }));
    await recorder.idle();
    await new Promise((r) => setTimeout(r, 10));
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://metrics.shop.example/d', requestId: 'm5' }));
    await recorder.idle();
    const visitId = (await recorder.currentVisitId(1)) ?? '';
    const requests = byKind(await readRecords(await db, visitId), 'request');
    expect(Object.fromEntries(requests.map((r) => [r.requestId, r.cname ?? null]))).toMatchObject({
      m1: 'shop.example.eulerian.net',
      m2: 'shop.example.eulerian.net',
      m3: null,
      m4: null,
      m5: 'shop.example.eulerian.net',
    });
    expect(lookups.sort()).toEqual(['metrics.shop.example', 'static.shop.example']);
  });

  it("ignores the extension's own pages opened in a tab, and their files: they are not a visit", async () => {
    const { api, records, recorder } = await setup();
    navigate(api, 'https://shop.example/');
    await recorder.idle();
    const visit = await recorder.currentVisitId(1);
    navigate(api, 'chrome-extension://abcdefghijklmnop/report.html?visitId=x', T0 + 1000);
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'moz-extension://0000/chunks/report.js', timeStamp: T0 + 1010 }));
    expect(await recorder.currentVisitId(1)).toBe(visit);
    expect(byKind(await records(), 'request').map((r) => r.url)).toEqual(['https://shop.example/']);
  });

  it('ignores requests that belong to no tab (the browser, other extensions)', async () => {
    const { api, records } = await setup();
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://update.example/', tabId: -1 }));
    expect(await records(-1)).toEqual([]);
  });

  it('survives hostile webRequest input: binary bodies, 5 MB bodies, malformed headers', async () => {
    const { api, records, onError } = await setup();
    navigate(api, 'https://shop.example/');
    const binary = new Uint8Array(5 * 1024 * 1024).map((_, i) => (i * 31) & 255);
    api.webRequest.onBeforeRequest.trigger(
      makeDetails({ url: 'https://shop.example/up', method: 'POST', requestId: 'big', requestBody: { raw: [{ bytes: binary.buffer }] } }),
    );
    api.webRequest.onHeadersReceived.trigger(
      makeDetails({
        url: 'https://shop.example/up',
        requestId: 'big',
        responseHeaders: [{ name: 'set-cookie', value: ';;=;\n\u0000\n=' }, { name: 'set-cookie' }],
      }),
    );
    const upload = byKind(await records(), 'request').find((r) => r.requestId === 'big');
    expect(upload?.body).toMatchObject({ size: 5 * 1024 * 1024, truncated: true });
    expect(onError).not.toHaveBeenCalled();
  });

  it("marks a request that names another document than its frame's, and no document id, as off-document (Firefox: a Web Worker's)", async () => {
    const { api, records } = await setup();
    navigate(api, 'https://shop.example/?q=1');
    const send = (requestId: string, extra: Partial<RequestDetails>) =>
      api.webRequest.onBeforeRequest.trigger(
        makeDetails({ url: 'https://api.openreplay.com/ingest/v1/web/i', method: 'POST', type: 'xmlhttprequest', requestId, ...extra }),
      );
    send('worker', { documentUrl: 'https://shop.example/' });
    send('page', { documentUrl: 'https://shop.example/?q=1#top' });
    send('chromium', { documentUrl: 'https://shop.example/', documentId: 'doc-1' });
    send('unnamed', {});
    const requests = byKind(await records(), 'request').filter((r) => r.type === 'xmlhttprequest');
    expect(Object.fromEntries(requests.map((r) => [r.requestId, r.offDocument ?? false]))).toEqual({
      worker: true,
      page: false,
      chromium: false,
      unnamed: false,
    });

    // A page at its bare origin: a fetch or XHR naming that URL may be the page's own or a worker's.
    const bare = await setup();
    navigate(bare.api, 'https://shop.example/');
    const sendBare = (requestId: string, extra: Partial<RequestDetails>) =>
      bare.api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://api.openreplay.com/i', method: 'POST', requestId, ...extra }));
    sendBare('fetch', { type: 'xmlhttprequest', documentUrl: 'https://shop.example/' });
    sendBare('beacon', { type: 'beacon', documentUrl: 'https://shop.example/' });
    sendBare('chromium', { type: 'xmlhttprequest', documentUrl: 'https://shop.example/', documentId: 'doc-1' });
    const bareRequests = byKind(await bare.records(), 'request').filter((r) => r.type !== 'main_frame');
    expect(Object.fromEntries(bareRequests.map((r) => [r.requestId, r.offDocument ?? false]))).toEqual({ fetch: 'origin', beacon: false, chromium: false });
  });

  describe('uploads of the page being left', () => {
    async function twoVisits(options: Parameters<typeof setup>[0] = {}) {
      const env = await setup(options);
      navigate(env.api, 'https://shop.example/a', T0, 'main-a');
      env.api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/a.js', timeStamp: T0 + 10, documentId: 'doc-a' }));
      await env.recorder.idle();
      const first = await env.recorder.currentVisitId(1);
      navigate(env.api, 'https://shop.example/b', T0 + 5000, 'main-b');
      return { ...env, first };
    }
    const beacon = (extra: Partial<RequestDetails>) =>
      makeDetails({ url: 'https://in.hotjar.com/flush', method: 'POST', type: 'ping', timeStamp: T0 + 5050, ...extra });

    it('go to the visit they belong to (Chromium: the document is pending deletion, or is the earlier one)', async () => {
      const { api, recorder, db, first } = await twoVisits();
      api.webRequest.onBeforeRequest.trigger(beacon({ documentLifecycle: 'pending_deletion', documentId: 'doc-a', requestId: 'flush-1' }));
      api.webRequest.onBeforeRequest.trigger(beacon({ documentId: 'doc-a', requestId: 'flush-2' }));
      api.webRequest.onBeforeRequest.trigger(beacon({ documentId: 'doc-b', documentLifecycle: 'active', requestId: 'new-1' }));
      api.webRequest.onHeadersReceived.trigger(
        makeDetails({ url: 'https://in.hotjar.com/flush', requestId: 'flush-1', statusCode: 204, timeStamp: T0 + 5100 }),
      );
      await recorder.idle();
      const second = await recorder.currentVisitId(1);
      const firstRequests = byKind(await readRecords(await db, first ?? ''), 'request');
      expect(firstRequests.map((r) => [r.requestId, r.t, r.status])).toEqual([
        ['main-a', 0, undefined],
        [expect.any(String), 10, undefined],
        ['flush-1', 5050, 204],
        ['flush-2', 5050, undefined],
      ]);
      expect(byKind(await readRecords(await db, second ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-b', 'new-1']);
    });

    it("stay with their own visit when it is this visit's document being deleted (Chromium: the tab went on to about:blank, which makes no request)", async () => {
      const { api, recorder, db, first } = await twoVisits();
      api.webRequest.onBeforeRequest.trigger(beacon({ documentId: 'doc-b', documentLifecycle: 'active', requestId: 'new-1' }));
      api.webRequest.onBeforeRequest.trigger(beacon({ documentId: 'doc-b', documentLifecycle: 'pending_deletion', requestId: 'bye-b', timeStamp: T0 + 9000 }));
      await recorder.idle();
      const second = await recorder.currentVisitId(1);
      expect(byKind(await readRecords(await db, second ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-b', 'new-1', 'bye-b']);
      expect(byKind(await readRecords(await db, first ?? ''), 'request').map((r) => r.requestId)).not.toContain('bye-b');

      // A page that made no request of its own before it was left: its commit named its document.
      const quiet = await twoVisits({ commits: true });
      quiet.api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 5040, url: 'https://shop.example/b', documentId: 'doc-b' });
      quiet.api.webRequest.onBeforeRequest.trigger(
        beacon({ documentId: 'doc-b', documentLifecycle: 'pending_deletion', requestId: 'bye-b', timeStamp: T0 + 9000 }),
      );
      await quiet.recorder.idle();
      const quietVisit = await quiet.recorder.currentVisitId(1);
      expect(byKind(await readRecords(await quiet.db, quietVisit ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-b', 'bye-b']);
    });

    it('go to the visit they belong to (Firefox: sent before the new document committed)', async () => {
      const { api, recorder, db, first } = await twoVisits({ commits: true });
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'flush-1' }));
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 5080 });
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'new-1', timeStamp: T0 + 5090 }));
      await recorder.idle();
      const second = await recorder.currentVisitId(1);
      expect(byKind(await readRecords(await db, first ?? ''), 'request').map((r) => r.requestId)).toContain('flush-1');
      expect(byKind(await readRecords(await db, second ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-b', 'new-1']);
    });

    it("go by their start time against the new document's commit, whichever is reported first (Firefox under load)", async () => {
      const { api, recorder, db, first } = await twoVisits({ commits: true });
      // Firefox names no document, and under load delivers the new page's first upload before the commit.
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'flush-1' }));
      api.webRequest.onBeforeRequest.trigger(
        makeDetails({ url: 'https://api2.amplitude.com/2/httpapi', method: 'POST', type: 'xmlhttprequest', requestId: 'new-0', timeStamp: T0 + 5085 }),
      );
      api.webRequest.onHeadersReceived.trigger(
        makeDetails({ url: 'https://api2.amplitude.com/2/httpapi', type: 'xmlhttprequest', requestId: 'new-0', statusCode: 200, timeStamp: T0 + 5095 }),
      );
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 5080 });
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'new-1', timeStamp: T0 + 5090 }));
      // And the other way round: the page left's last upload, started before the commit, reported after it.
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'flush-2', timeStamp: T0 + 5070 }));
      await recorder.idle();
      const second = await recorder.currentVisitId(1);
      expect(byKind(await readRecords(await db, first ?? ''), 'request').map((r) => r.requestId)).toEqual([
        expect.any(String),
        expect.any(String),
        'flush-1',
        'flush-2',
      ]);
      const secondRequests = byKind(await readRecords(await db, second ?? ''), 'request');
      expect(secondRequests.map((r) => [r.requestId, r.t, r.status])).toEqual([
        ['main-b', 0, undefined],
        ['new-0', 85, 200],
        ['new-1', 90, undefined],
      ]);
    });

    it("go by the new document's commit when the commit is reported before the request that began the navigation (Firefox batches webRequest events, not webNavigation's)", async () => {
      const env = await setup({ commits: true });
      const { api, recorder, db } = env;
      navigate(api, 'https://shop.example/a', T0, 'main-a');
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 40, url: 'https://shop.example/a' });
      await recorder.idle();
      const first = await recorder.currentVisitId(1);
      // The reload: its commit comes first, then the batch with its main-frame request, the last upload of the page
      // left (started before the commit) and the new page's first upload.
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 5080, url: 'https://shop.example/a' });
      navigate(api, 'https://shop.example/a', T0 + 5000, 'main-b');
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'flush-1', timeStamp: T0 + 5050 }));
      api.webRequest.onBeforeRequest.trigger(
        makeDetails({ url: 'https://api2.amplitude.com/2/httpapi', method: 'POST', type: 'xmlhttprequest', requestId: 'new-1', timeStamp: T0 + 5835 }),
      );
      await recorder.idle();
      const second = await recorder.currentVisitId(1);
      expect(second).not.toBe(first);
      expect(byKind(await readRecords(await db, first ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-a', 'flush-1']);
      expect(byKind(await readRecords(await db, second ?? ''), 'request').map((r) => [r.requestId, r.t])).toEqual([
        ['main-b', 0],
        ['new-1', 835],
      ]);
      // Two navigations reported after the commit (a second click before the first page came): the commit is the
      // last one's, and its requests are its own.
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 7300, url: 'https://shop.example/d' });
      navigate(api, 'https://shop.example/x', T0 + 7000, 'main-x');
      navigate(api, 'https://shop.example/d', T0 + 7100, 'main-d');
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'new-d', timeStamp: T0 + 7400 }));
      await recorder.idle();
      const fourth = await recorder.currentVisitId(1);
      expect(byKind(await readRecords(await db, fourth ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-d', 'new-d']);
      // A commit with no request of its own (about:blank) is no commit of the next navigation, begun after it.
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 9000, url: 'about:blank' });
      navigate(api, 'https://shop.example/c', T0 + 9500, 'main-c');
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'flush-2', timeStamp: T0 + 9510 }));
      await recorder.idle();
      const third = await recorder.currentVisitId(1);
      expect(byKind(await readRecords(await db, third ?? ''), 'request').map((r) => r.requestId)).toEqual(['main-c']);
    });

    it("take the new page's probe batches that come between its early commit and its main-frame request (Firefox)", async () => {
      const { api, recorder, db, records } = await setup({ commits: true });
      const payload = (at: number, url: string) => ({ kind: 'payload', at, api: 'fetch', method: 'POST', url });
      const batch = (id: string, at: number, url: string) => ({ type: 'probe-batch', id, events: [payload(at, url)], dropped: 0, rejected: 0 });
      const sender = (url: string) => ({ tab: { id: 1 }, frameId: 0, url });
      // A new tab: the page commits, sends its first batch, and only then is its main-frame request reported.
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 40, url: 'https://shop.example/a' });
      const firstBatch = recorder.handleProbeBatch(sender('https://shop.example/a'), batch('a:0', T0 + 60, 'https://in.hotjar.com/a0'));
      navigate(api, 'https://shop.example/a', T0, 'main-a');
      await firstBatch;
      await recorder.handleProbeBatch(sender('https://shop.example/a'), batch('a:1', T0 + 3000, 'https://in.hotjar.com/a1'));
      await recorder.idle();
      const first = await recorder.currentVisitId(1);
      // A reload: the page left sends its last batch, the new page its first, both before the new main-frame request.
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 5080, url: 'https://shop.example/a' });
      const lastBatch = recorder.handleProbeBatch(sender('https://shop.example/a'), batch('a:2', T0 + 5020, 'https://in.hotjar.com/a-bye'));
      const newBatch = recorder.handleProbeBatch(sender('https://shop.example/a'), batch('b:0', T0 + 5100, 'https://in.hotjar.com/b0'));
      navigate(api, 'https://shop.example/a', T0 + 5000, 'main-b');
      await Promise.all([lastBatch, newBatch]);
      await recorder.handleProbeBatch(sender('https://shop.example/a'), batch('b:1', T0 + 7000, 'https://in.hotjar.com/b1'));
      await recorder.idle();
      // Another new tab, whose first batch comes before its commit too.
      const otherTab = recorder.handleProbeBatch({ ...sender('https://shop.example/z'), tab: { id: 2 } }, batch('z:0', T0 + 9050, 'https://in.hotjar.com/z0'));
      api.webNavigation?.onCommitted.trigger({ tabId: 2, frameId: 0, timeStamp: T0 + 9040, url: 'https://shop.example/z' });
      api.webRequest.onBeforeRequest.trigger(
        makeDetails({ url: 'https://shop.example/z', type: 'main_frame', timeStamp: T0 + 9000, requestId: 'main-z', tabId: 2 }),
      );
      await otherTab;
      const second = await recorder.currentVisitId(1);
      expect(second).not.toBe(first);
      expect(byKind(await records(2), 'payload').map((r) => [r.url, r.t])).toEqual([['https://in.hotjar.com/z0', 50]]);
      expect(byKind(await readRecords(await db, first ?? ''), 'payload').map((r) => [r.url, r.t])).toEqual([
        ['https://in.hotjar.com/a0', 60],
        ['https://in.hotjar.com/a1', 3000],
        ['https://in.hotjar.com/a-bye', 5020],
      ]);
      expect(byKind(await readRecords(await db, second ?? ''), 'payload').map((r) => [r.url, r.t])).toEqual([
        ['https://in.hotjar.com/b0', 100],
        ['https://in.hotjar.com/b1', 2000],
      ]);
    });

    it('let a held batch in after the wait when no main-frame request comes (a page from the back-forward cache)', async () => {
      const { api, recorder, db } = await setup({ commits: true, commitWaitMs: 30 });
      navigate(api, 'https://shop.example/a', T0, 'main-a');
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 40, url: 'https://shop.example/a' });
      await recorder.idle();
      api.webNavigation?.onCommitted.trigger({ tabId: 1, frameId: 0, timeStamp: T0 + 5000, url: 'https://shop.example/a' });
      await recorder.handleProbeBatch(
        { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/a' },
        {
          type: 'probe-batch',
          id: 'c:0',
          events: [{ kind: 'payload', at: T0 + 5100, api: 'fetch', method: 'POST', url: 'https://in.hotjar.com/c' }],
          dropped: 0,
          rejected: 0,
        },
      );
      await recorder.idle();
      expect(byKind(await readRecords(await db, (await recorder.currentVisitId(1)) ?? ''), 'payload').map((r) => r.t)).toEqual([5100]);
    });

    it('stay with the page being left when the navigation never commits: it failed, or the commit never came', async () => {
      const failed = await twoVisits({ commits: true });
      failed.api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'old-1', timeStamp: T0 + 5060 }));
      failed.api.webRequest.onErrorOccurred.trigger(
        makeDetails({ url: 'https://shop.example/b', type: 'main_frame', requestId: 'main-b', error: 'NS_BINDING_ABORTED', timeStamp: T0 + 5070 }),
      );
      failed.api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'old-2', timeStamp: T0 + 6000 }));
      await failed.recorder.idle();
      expect(byKind(await readRecords(await failed.db, failed.first ?? ''), 'request').map((r) => r.requestId)).toEqual([
        expect.any(String),
        expect.any(String),
        'old-1',
        'old-2',
      ]);

      const late = await twoVisits({ commits: true, commitWaitMs: 30 });
      late.api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'old-1', timeStamp: T0 + 5060 }));
      await late.recorder.idle();
      expect(byKind(await readRecords(await late.db, late.first ?? ''), 'request').map((r) => r.requestId)).not.toContain('old-1');
      await new Promise((resolve) => setTimeout(resolve, 60));
      late.api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'old-2', timeStamp: T0 + 6000 }));
      await late.recorder.idle();
      expect(byKind(await readRecords(await late.db, late.first ?? ''), 'request').map((r) => r.requestId)).toEqual([
        expect.any(String),
        expect.any(String),
        'old-1',
        'old-2',
      ]);
    });

    it('go to the earlier visit when the probe stamped them before the new one began', async () => {
      const { recorder, db, first } = await twoVisits();
      const payload = { kind: 'payload', at: T0 + 4990, api: 'beacon', method: 'POST', url: 'https://in.hotjar.com/flush' };
      await recorder.handleProbeBatch(
        { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/a' },
        { type: 'probe-batch', events: [payload], dropped: 0, rejected: 0 },
      );
      expect(byKind(await readRecords(await db, first ?? ''), 'payload').map((r) => r.t)).toEqual([4990]);
    });

    it('of a tab closed as it sends them still go to its last visit, for a few seconds only (Firefox reports them after the tab is gone)', async () => {
      const { api, recorder, db, setClock } = await setup();
      navigate(api, 'https://shop.example/a', T0, 'main-a');
      await recorder.idle();
      const last = await recorder.currentVisitId(1);
      setClock(T0 + 3000);
      api.tabs.onRemoved.trigger(1);
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'flush-1', timeStamp: T0 + 3010 }));
      api.webRequest.onHeadersReceived.trigger(
        makeDetails({ url: 'https://in.hotjar.com/flush', requestId: 'flush-1', statusCode: 204, timeStamp: T0 + 3050 }),
      );
      await recorder.handleProbeBatch(
        { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/a' },
        {
          type: 'probe-batch',
          events: [{ kind: 'payload', at: T0 + 3005, api: 'beacon', method: 'POST', url: 'https://in.hotjar.com/flush' }],
          dropped: 0,
          rejected: 0,
        },
      );
      setClock(T0 + 9000);
      api.webRequest.onBeforeRequest.trigger(beacon({ requestId: 'too-late', timeStamp: T0 + 9000 }));
      await recorder.idle();
      const records = await readRecords(await db, last ?? '');
      expect(byKind(records, 'request').map((r) => [r.requestId, r.status])).toEqual([
        ['main-a', undefined],
        ['flush-1', 204],
      ]);
      expect(byKind(records, 'payload').map((r) => r.t)).toEqual([3005]);
      expect(await recorder.currentVisitId(1)).toBeUndefined();
    });

    it("follow their document: a relay that sent to the earlier visit keeps sending there after the new one began; the new page's relay sends to the new one", async () => {
      const { recorder, db, first } = await twoVisits();
      const sender = { tab: { id: 1 }, frameId: 0, url: 'https://shop.example/a' };
      const payload = (at: number, url: string) => ({ kind: 'payload', at, api: 'fetch', method: 'POST', url });
      await recorder.handleProbeBatch(sender, {
        type: 'probe-batch',
        id: 'old:0',
        events: [payload(T0 + 100, 'https://in.hotjar.com/a')],
        dropped: 0,
        rejected: 0,
      });
      await recorder.handleProbeBatch(sender, {
        type: 'probe-batch',
        id: 'old:1',
        events: [payload(T0 + 5030, 'https://in.hotjar.com/flush')],
        dropped: 0,
        rejected: 0,
      });
      await recorder.handleProbeBatch(
        { ...sender, url: 'https://shop.example/b' },
        { type: 'probe-batch', id: 'new:0', events: [payload(T0 + 5040, 'https://in.hotjar.com/b')], dropped: 0, rejected: 0 },
      );
      await recorder.idle();
      const second = await recorder.currentVisitId(1);
      expect(byKind(await readRecords(await db, first ?? ''), 'payload').map((r) => r.url)).toEqual(['https://in.hotjar.com/a', 'https://in.hotjar.com/flush']);
      expect(byKind(await readRecords(await db, second ?? ''), 'payload').map((r) => r.url)).toEqual(['https://in.hotjar.com/b']);
    });
  });

  describe('capture levels in the recorder', () => {
    const post = (api: ReturnType<typeof makeCaptureApi>, requestId: string, at: number, tabId = 1) =>
      startRequest(api, makeDetails({ url: 'https://shop.example/form', method: 'POST', type: 'xmlhttprequest', requestId, timeStamp: at, tabId }), {
        formData: { q: ['1'] },
      });

    it('records an everyday visit without network bodies; inspecting the tab gives full capture from then on, and its next visit is full', async () => {
      const { api, db, recorder, records, setClock } = await setup({ everyday: true });
      navigate(api, 'https://shop.example/');
      post(api, 'p1', T0 + 10);
      const first = await recorder.currentVisitId(1);
      expect((await readAllVisits(await db))[0]).toMatchObject({ captureLevel: 'everyday' });
      expect(byKind(await records(), 'request').find((r) => r.method === 'POST')?.body).toBeUndefined();
      setClock(T0 + 50);
      await recorder.inspectFully(1);
      post(api, 'p2', T0 + 60);
      const requests = byKind(await records(), 'request').filter((r) => r.method === 'POST');
      expect(requests.map((r) => [r.id.length > 0, Boolean(r.body)])).toEqual([
        [true, false],
        [true, true],
      ]);
      expect((await readAllVisits(await db)).find((v) => v.id === first)).toMatchObject({ captureLevel: 'everyday', fullSince: T0 + 50 });
      navigate(api, 'https://shop.example/next', T0 + 1000);
      await recorder.idle();
      const next = await recorder.currentVisitId(1);
      expect((await readAllVisits(await db)).find((v) => v.id === next)).toMatchObject({ captureLevel: 'full' });
      expect((await readAllVisits(await db)).find((v) => v.id === next)?.fullSince).toBeUndefined();
    });

    it('keeps an inspected tab inspected across a worker restart, and the setting turns full capture on for every tab', async () => {
      const first = await setup({ everyday: true });
      navigate(first.api, 'https://shop.example/');
      await first.recorder.inspectFully(1);
      await first.recorder.idle();
      const api = makeCaptureApi();
      const second = startRecorder({ api, ...storeDeps(first.db, vi.fn(), { everyday: true }), now: () => T0, onError: vi.fn() });
      await second.ready;
      post(api, 'p3', T0 + 20);
      post(api, 'p4', T0 + 30);
      api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://other.example/', type: 'main_frame', tabId: 2, requestId: 'm2', timeStamp: T0 }));
      await second.idle();
      const visitId = await second.currentVisitId(1);
      const bodies = byKind(await readRecords(await first.db, visitId ?? ''), 'request')
        .filter((r) => r.method === 'POST')
        .map((r) => Boolean(r.body));
      expect(bodies).toEqual([true, true]);
      const other = await second.currentVisitId(2);
      expect((await readAllVisits(await first.db)).find((v) => v.id === other)).toMatchObject({ captureLevel: 'everyday' });
      second.setFullCaptureAllTabs(true);
      api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://other.example/b', type: 'main_frame', tabId: 2, requestId: 'm3', timeStamp: T0 + 5 }));
      await second.idle();
      const third = await second.currentVisitId(2);
      expect((await readAllVisits(await first.db)).find((v) => v.id === third)).toMatchObject({ captureLevel: 'full' });
      expect((await readAllVisits(await first.db)).find((v) => v.id === other)?.fullSince).toBe(T0);
    });

    it('keeps a visit that began with full capture full when the setting goes off; other tabs go back to everyday', async () => {
      const { api, db, recorder, records } = await setup();
      navigate(api, 'https://shop.example/');
      await recorder.idle();
      recorder.setFullCaptureAllTabs(false);
      await recorder.idle();
      post(api, 'p5', T0 + 40);
      api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://other.example/', type: 'main_frame', tabId: 2, requestId: 'm4', timeStamp: T0 + 50 }));
      post(api, 'p6', T0 + 60, 2);
      await recorder.idle();
      expect(byKind(await records(), 'request').find((r) => r.method === 'POST')?.body).toBeDefined();
      expect(byKind(await records(2), 'request').find((r) => r.method === 'POST')?.body).toBeUndefined();
      const other = await recorder.currentVisitId(2);
      expect((await readAllVisits(await db)).find((v) => v.id === other)).toMatchObject({ captureLevel: 'everyday' });
    });
  });
});
