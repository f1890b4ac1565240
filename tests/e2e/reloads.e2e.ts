import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TabData } from '@/lib/messages';
import type { Visit } from '@/lib/model';
import type { Report } from '@/lib/report/types';
import { findTabId } from '@/lib/cli/browsers.mjs';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// A tab reloaded in quick succession: each page load's requests (its first upload, its later ones, its pagehide
// beacon) go to that page's own visit. Firefox reports a new document's commit at once but batches webRequest events,
// so the commit often comes before the main-frame request that began the navigation (docs/architecture.md, "Which
// visit a request belongs to"); a commit dropped there put the next page's first seconds into the page before.
// Firefox names a worker's origin as its document: at a page with a query, a worker's request names another document
// than the page's; at the page's bare origin it names the page's own, and only the page's hooks tell the two apart
// (`pageLeftSends`). Both must keep the page's own requests its own.
const PAGES = ['https://reloads.example/?audit=reloads', 'https://reloads.example/'];
const RELOADS = 12;

describe.each(BROWSERS.flatMap((kind) => PAGES.map((url) => [kind, url] as const)))('quick reloads in %s of %s', (kind, URL) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let tabVisits: Visit[] = [];
  const visits: { id: string; pages: Map<string, string[]>; context: string[]; hooked: Map<string, string[]> }[] = [];

  beforeAll(async () => {
    env = await startSession(kind);
    const page = await env.openPage({ window: true });
    await env.session.goto(page, URL);
    const tabId = await findTabId(env.session, URL);
    if (tabId === undefined) throw new Error('no tab');
    const ids: string[] = [];
    for (let i = 0; i <= RELOADS; i++) {
      await sleep(400);
      const data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId })) as TabData;
      if (data.visit?.id) ids.push(data.visit.id);
      if (i < RELOADS) await page.reload({ waitUntil: 'load' });
    }
    // The last page's pagehide beacon, then every report.
    await env.session.goto(page, 'about:blank');
    await sleep(1500);
    tabVisits = ((await sendToExtension(env.session, { type: 'list-visits' })) as Visit[]).filter((v) => v.tabId === tabId);
    for (const id of ids) {
      const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: id })) as { report: Report };
      const pages = new Map<string, string[]>();
      const context: string[] = [];
      for (const r of report.requests) {
        const m = /\/collect\?page=(\w+)&at=([\w-]+)/.exec(r.url);
        if (!m?.[1] || !m[2] || r.method === 'OPTIONS') continue;
        // A worker's upload of the page left that Firefox put in this visit is there as context, not as this page's.
        if (r.activity === 'context') context.push(`${m[1]} ${m[2]}`);
        else pages.set(m[1], [...(pages.get(m[1]) ?? []), `${m[2]}@${r.t}`]);
      }
      // What the page's own hooks saw it send (the probe's batches, which Firefox can deliver before the visit starts).
      const hooked = new Map<string, string[]>();
      for (const p of report.payloads) {
        const m = /\/collect\?page=(\w+)&at=([\w-]+)/.exec(p.url);
        if (m?.[1] && m[2]) hooked.set(m[1], [...(hooked.get(m[1]) ?? []), m[2]]);
      }
      // Its burst of storage writes at start, sent as one full batch at once.
      for (const s of report.storage) {
        const m = /^(\w+)-\d+$/.exec(s.key);
        if (m?.[1] && s.action === 'set') hooked.set(m[1], [...(hooked.get(m[1]) ?? []), 'storage']);
      }
      visits.push({ id, pages, context, hooked });
    }
  }, 120_000);
  afterAll(() => env?.close());

  it('gives each page load a visit of its own, and starts no other', () => {
    expect(new Set(visits.map((v) => v.id)).size).toBe(RELOADS + 1);
    expect(tabVisits.map((v) => `${v.id} ${v.url}`).sort()).toEqual(visits.map((v) => `${v.id} ${URL}`).sort());
  });

  it("puts each page's requests in its own visit, and no other page's", () => {
    // Each request as `at@t` (ms from its visit's start), and the visit's place in the sequence, for a failure's story.
    const wrong = visits.flatMap((v, i) => (v.pages.size !== 1 ? [`#${i} ${v.id}: ${JSON.stringify([...v.pages])}`] : []));
    expect(wrong).toEqual([]);
    for (const v of visits)
      expect([...v.pages.values()][0]?.map((at) => at.split('@')[0])).toEqual(expect.arrayContaining(['start', 'load', 'later', 'pagehide', 'worker-start']));
  });

  it("puts what each page's own hooks saw it send in its own visit, and no other page's", () => {
    const wrong = visits.filter((v) => v.hooked.size !== 1 || !v.hooked.has([...v.pages.keys()][0] ?? ''));
    expect(wrong.map((v) => `${v.id}: ${JSON.stringify([...v.hooked])}`)).toEqual([]);
    for (const v of visits) {
      expect([...v.hooked.values()][0]).toEqual(expect.arrayContaining(['start', 'load', 'later', 'pagehide']));
      expect([...v.hooked.values()][0]?.filter((at) => at === 'storage')).toHaveLength(200);
    }
  });

  it("takes a worker's upload of the page left, where it lands in the next visit, for context only", () => {
    const pagesOf = (i: number) => [...(visits[i]?.pages.keys() ?? [])];
    for (const [i, v] of visits.entries())
      for (const line of v.context) expect(line, v.id).toMatch(new RegExp(`^(${pagesOf(i - 1).join('|')}) worker-pagehide$`));
  });
});
