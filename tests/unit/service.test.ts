import { describe, expect, it, vi } from 'vitest';
import type { Recorder } from '@/lib/capture/recorder';
import type { ExportFile } from '@/lib/messages';
import type { Har } from '@/lib/report/har';
import type { Report } from '@/lib/report/types';
import { createService } from '@/lib/service';
import { watchWrites } from '@/lib/store/changes';
import { openDb } from '@/lib/store/db';
import { writeScreenshot } from '@/lib/store/screenshots';
import { readAllVisits, writeSettings } from '@/lib/store/visits';
import { createWriter, type Writer } from '@/lib/store/writer';
import { makeRequest, makeVisit } from '../fixtures/factories';

let n = 0;

/** A writer whose commits take a few milliseconds to start, as under load: a pushed write is not yet readable. */
function slowWriter(inner: Writer): Writer {
  let queued: Promise<void> = Promise.resolve();
  return {
    push(op) {
      queued = queued.then(() => new Promise((r) => setTimeout(r, 5))).then(() => inner.push(op));
    },
    async flushed() {
      let seen: Promise<void>;
      do {
        seen = queued;
        await seen;
      } while (seen !== queued);
      await inner.flushed();
    },
    forget: () => inner.forget(),
  };
}

async function setup({ cached = true, quietMs = 60_000 } = {}) {
  const db = await openDb(`service-${++n}`);
  const { writer, changes } = watchWrites(
    slowWriter(
      createWriter(db, (e) => {
        throw e;
      }),
    ),
  );
  const hooks: { onLookup?: () => void; fullCapture?: boolean[] } = {};
  const recorder: Recorder = {
    ready: Promise.resolve(),
    handleProbeBatch: async () => undefined,
    currentVisitId: async (tabId) => {
      hooks.onLookup?.();
      return tabId === 1 ? 'visit-1' : undefined;
    },
    currentVisitIds: async () => ['visit-1'],
    idle: () => writer.flushed(),
    reset: () => undefined,
    setMaxRecordsPerVisit: () => undefined,
    recordCanaries: async () => undefined,
    markNextVisit: () => undefined,
    recordAuditSignal: async () => undefined,
    inspectFully: async () => undefined,
    setFullCaptureAllTabs: (on) => void hooks.fullCapture?.push(on),
  };
  let clock = 1_700_000_000_000;
  const built: Report[] = [];
  const service = createService({
    db,
    recorder,
    audits: {
      runCanary: async () => ({ ok: false, reason: 'restricted' }),
      planCanary: async () => ({ ok: false, reason: 'restricted' }),
      focusCanary: async () => ({ focused: false }),
      visitorTarget: async () => ({ ok: false }),
      runCleanObserve: async () => ({ ok: false, reason: 'restricted' }),
      inspectFully: async () => ({ ok: true }),
      runScenario: async () => ({ ok: false, reason: 'restricted' }),
      scenarioStatus: async () => undefined,
    },
    now: () => ++clock,
    meta: { extension: { name: 'test', version: '0' }, browser: { name: 'chromium' }, database: { version: '0' } },
    ...(cached && { changes }),
    quietMs,
    onReport: (_tabId, report) => void built.push(report),
  });
  writer.push({ kind: 'visit', visit: makeVisit() });
  writer.push({ kind: 'record', record: makeRequest({ url: 'https://shop.example/app.js', t: 10 }) });
  await writer.flushed();
  return { db, writer, service, hooks, built };
}

async function reportOf(
  service: Awaited<ReturnType<typeof setup>>['service'],
  request: { tabId?: number; visitId?: string; includeValues?: boolean; includeScreenshots?: boolean; preview?: boolean } = { tabId: 1 },
): Promise<Report> {
  const result = await service.report(request);
  if (!result.ok) throw new Error(result.reason);
  return result.report;
}

const urls = (report: Report) => report.requests.map((r) => r.url);

describe('report cache', () => {
  it('serves the built report again while the visit has no new evidence, stamped anew', async () => {
    const { db, service } = await setup();
    const first = await reportOf(service);
    // Written behind the writer's back, so only a rebuilt report could show it.
    await db.put('records', makeRequest({ url: 'https://behind.example/x.js', t: 20 }));
    const second = await reportOf(service);
    expect(urls(second)).toEqual(urls(first));
    expect(second.generatedAt).not.toBe(first.generatedAt);
  });

  it('rebuilds once the writer is handed a new record for the visit', async () => {
    const { writer, service } = await setup();
    expect(urls(await reportOf(service))).toEqual(['https://shop.example/app.js']);
    writer.push({ kind: 'record', record: makeRequest({ url: 'https://tracker.example/t.gif', t: 20 }) });
    expect(urls(await reportOf(service))).toEqual(['https://shop.example/app.js', 'https://tracker.example/t.gif']);
  });

  it('rebuilds after a patch of a record or of the visit', async () => {
    const { writer, service } = await setup();
    const record = makeRequest({ url: 'https://shop.example/a.js', t: 20 });
    writer.push({ kind: 'record', record });
    await reportOf(service);
    writer.push({ kind: 'patch-record', key: ['visit-1', record.id], patch: (r) => ({ ...r, url: 'https://shop.example/b.js' }) });
    expect(urls(await reportOf(service))).toContain('https://shop.example/b.js');
    writer.push({ kind: 'patch-visit', visitId: 'visit-1', patch: (v) => ({ ...v, scenario: 'canary' }) });
    expect((await reportOf(service)).scenario).toBe('canary');
  });

  it('never caches a report that misses a record pushed while it was being built', async () => {
    const { writer, service, hooks } = await setup();
    await reportOf(service);
    // An event arrives between the recorder going idle and the report reading the store.
    hooks.onLookup = () => {
      hooks.onLookup = undefined;
      writer.push({ kind: 'record', record: makeRequest({ url: 'https://late.example/l.js', t: 31 }) });
    };
    await service.report({ tabId: 1 });
    expect(urls(await reportOf(service))).toContain('https://late.example/l.js');
  });

  it('keeps redacted and unredacted reports apart', async () => {
    const { service } = await setup();
    expect((await reportOf(service, { tabId: 1 })).redacted).toBe(true);
    expect((await reportOf(service, { tabId: 1, includeValues: true })).redacted).toBe(false);
    expect((await reportOf(service, { tabId: 1 })).redacted).toBe(true);
  });

  it('answers no-visit for a deleted visit it had cached', async () => {
    const { service } = await setup();
    await reportOf(service, { visitId: 'visit-1' });
    await service.handle({ type: 'delete-visit', visitId: 'visit-1' });
    expect(await service.report({ visitId: 'visit-1' })).toEqual({ ok: false, reason: 'no-visit' });
  });

  it("rebuilds every time without the writer's versions", async () => {
    const { db, service } = await setup({ cached: false });
    await reportOf(service);
    await db.put('records', makeRequest({ url: 'https://behind.example/x.js', t: 20 }));
    expect(urls(await reportOf(service))).toContain('https://behind.example/x.js');
  });

  it('previews the first page of the requests with the full counts, from the same cached report', async () => {
    const { db, writer, service } = await setup();
    for (let i = 0; i < 150; i++) writer.push({ kind: 'record', record: makeRequest({ url: `https://shop.example/${i}.js`, t: 100 + i }) });
    const preview = await reportOf(service, { tabId: 1, preview: true });
    expect(preview.requests).toHaveLength(100);
    expect(preview.summary.requests).toBe(151);
    await db.put('records', makeRequest({ url: 'https://behind.example/x.js', t: 20 }));
    const full = await reportOf(service, { tabId: 1 });
    expect(full.requests).toHaveLength(151);
    expect(full.requests.slice(0, 100)).toEqual(preview.requests);
  });

  it('rebuilds a cached report on its own once new evidence stops arriving', async () => {
    const { writer, service, built } = await setup({ quietMs: 30 });
    await reportOf(service);
    expect(built).toHaveLength(1);
    writer.push({ kind: 'record', record: makeRequest({ url: 'https://tracker.example/a.gif', t: 20 }) });
    await new Promise((r) => setTimeout(r, 15));
    writer.push({ kind: 'record', record: makeRequest({ url: 'https://tracker.example/b.gif', t: 21 }) });
    await new Promise((r) => setTimeout(r, 20));
    expect(built).toHaveLength(1);
    await vi.waitFor(() => expect(built).toHaveLength(2));
    expect(urls(built[1] as Report)).toEqual(['https://shop.example/app.js', 'https://tracker.example/a.gif', 'https://tracker.example/b.gif']);
    await new Promise((r) => setTimeout(r, 60));
    expect(built).toHaveLength(2);
  });

  it('leaves visits nobody asked a report for alone', async () => {
    const { writer, built } = await setup({ quietMs: 10 });
    writer.push({ kind: 'record', record: makeRequest({ url: 'https://tracker.example/a.gif', t: 20 }) });
    await new Promise((r) => setTimeout(r, 80));
    expect(built).toHaveLength(0);
  });
});

describe('screenshots in served reports', () => {
  const shot = {
    kind: 'shot' as const,
    visitId: 'visit-1',
    id: 'banner:1',
    t: 5,
    reason: 'banner' as const,
    width: 2,
    height: 2,
    bytes: 3,
    dataUrl: 'data:image/jpeg;base64,/9j/2w==',
  };

  it('adds a screenshot written after the report was cached, with its image only when asked', async () => {
    const { db, service } = await setup();
    expect((await reportOf(service)).screenshots).toEqual([]);
    await writeScreenshot(db, shot);
    expect((await reportOf(service)).screenshots).toEqual([{ id: 'banner:1', t: 5, phase: 'no-cmp', reason: 'banner', width: 2, height: 2, bytes: 3 }]);
    const result = await service.report({ tabId: 1, includeScreenshots: true });
    expect(result.ok && result.report.screenshots[0]?.dataUrl).toBe(shot.dataUrl);
  });

  it('exports the images only when the user ticked "include screenshots", whatever the values option', async () => {
    const { db, service } = await setup();
    await writeScreenshot(db, shot);
    const html = async (options: { includeValues?: boolean; includeScreenshots?: boolean }) => {
      const file = (await service.handle({ type: 'export', format: 'html', tabId: 1, ...options })) as { content: string };
      return file.content;
    };
    expect(await html({})).not.toContain('<img');
    expect(await html({ includeValues: true })).not.toContain('<img');
    expect(await html({ includeScreenshots: true })).toContain(`<img src="${shot.dataUrl}"`);
    const json = (await service.handle({ type: 'export', format: 'json', tabId: 1 })) as { content: string };
    expect(JSON.parse(json.content).screenshots[0]).not.toHaveProperty('dataUrl');
  });
});

describe('HAR export', () => {
  it('answers a .har file: one entry per report request, header values redacted unless the user asks; headers only in exports', async () => {
    const { writer, service } = await setup();
    const headers = [{ name: 'Cookie', value: 'uid=SECRET-1' }];
    writer.push({ kind: 'record', record: makeRequest({ url: 'https://tracker.example/t.gif', t: 20, requestHeaders: headers }) });
    for (const includeValues of [false, true]) {
      const file = (await service.handle({ type: 'export', format: 'har', tabId: 1, includeValues })) as ExportFile;
      expect(file).toMatchObject({ ok: true, mime: 'application/json' });
      expect(file.filename).toMatch(/^consent-inspector-shop\.example-.*\.har$/);
      const har = JSON.parse(file.content) as Har;
      expect(har.log.entries.map((e) => e.request.url)).toEqual(urls(await reportOf(service, { tabId: 1, includeValues })));
      expect(har.log.entries[1]?.request.cookies).toEqual([{ name: 'uid', value: includeValues ? 'SECRET-1' : '[redacted]' }]);
    }
    // The report kept for the popup leaves the headers out; the JSON export carries them.
    expect((await reportOf(service)).requests.some((r) => r.requestHeaders)).toBe(false);
    const json = JSON.parse(((await service.handle({ type: 'export', format: 'json', tabId: 1 })) as ExportFile).content) as Report;
    expect(json.requests[1]?.requestHeaders).toEqual([{ name: 'Cookie', value: 'uid=[redacted]' }]);
  });
});

describe('retention during a session', () => {
  it("keeps at most maxVisits as visits accumulate, never a tab's current visit, one pass at a time", async () => {
    const { db, writer, service } = await setup();
    await writeSettings(db, { maxVisits: 2 });
    for (let i = 2; i <= 6; i++) writer.push({ kind: 'visit', visit: makeVisit({ id: `visit-${i}`, startedAt: 1_700_000_000_000 + i * 1000 }) });
    // Called on every page load: calls during a pass wait for it and one more.
    await Promise.all([service.retain(), service.retain(), service.retain()]);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['visit-6', 'visit-5', 'visit-1']);
  });
});
