import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { Report } from '@/lib/report/types';
import type { ScenarioStatus } from '@/lib/scenario';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// Many tabs at once (issue 14 §3): ten tabs load ten sites at the same moment, and each report holds exactly its own
// tab's evidence. Each site is the demo shop under a registrable domain of its own (tab<N>--shop.example, same page),
// so a request, cookie or storage key that crossed over is seen by its host.
const TABS = 10;
const host = (n: number) => `tab${n}--shop.example`;

describe.each(BROWSERS)('ten tabs at once in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let visits: { n: number; tabId: number; report: Report; page: { close(): Promise<unknown> } }[];

  beforeAll(async () => {
    env = await startSession(kind);
    // The harness opens tabs one at a time (Firefox's driver), but every page loads while the others do.
    visits = await Promise.all(
      Array.from({ length: TABS }, async (_, n) => {
        const { tabId, report, page } = await env.visit(`https://${host(n)}/`, { settle: 3000 });
        return { n, tabId, report, page };
      }),
    );
  }, 240_000);
  afterAll(() => env?.close());

  it('gives every tab its own report: its own page, requests, cookies and storage, nothing of the other nine', () => {
    expect(new Set(visits.map((v) => v.tabId)).size).toBe(TABS);
    for (const { n, report } of visits) {
      const own = host(n);
      expect(report.page.url).toBe(`https://${own}/`);
      const firstParty = report.requests.map((r) => new URL(r.url).hostname).filter((h) => h.endsWith('--shop.example'));
      expect(new Set(firstParty)).toEqual(new Set([own]));
      expect(report.requests.map((r) => new URL(r.url).pathname)).toEqual(expect.arrayContaining(['/', '/style.css', '/api/track']));
      const cookies = report.cookies.filter((c) => c.domain.endsWith('--shop.example'));
      expect(new Set(cookies.map((c) => c.domain))).toEqual(new Set([own]));
      expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['visitor_id', 'theme']));
      const storage = report.storage.filter((s) => s.origin.includes('--shop.example'));
      expect(new Set(storage.map((s) => s.origin))).toEqual(new Set([`https://${own}`]));
      expect(storage.map((s) => s.key)).toContain('cart');
    }
  });

  it('sees the same third parties, once per tab, in every report', () => {
    // The same page in every tab: a third-party request of one tab recorded in another would make two reports differ.
    const thirdParties = (r: Report) =>
      r.requests
        .filter((q) => q.party === 'third')
        .map((q) => `${q.method} ${new URL(q.url).hostname}${new URL(q.url).pathname}`)
        .sort();
    const first = thirdParties(visits[0]?.report as Report);
    expect(first.length).toBeGreaterThan(0);
    for (const { report } of visits.slice(1)) expect(thirdParties(report)).toEqual(first);
  });

  it('ends a reject audit cleanly when its tab is closed, and the other tabs keep their evidence', async () => {
    const audited = await env.visit('https://tabaudit--klaro-ok.example/', { settle: 800 });
    const running = sendToExtension(env.session, { type: 'run-scenario', tabId: audited.tabId, scenario: 'reject', seconds: 3 }) as Promise<ScenarioResult>;
    let status: ScenarioStatus | undefined;
    for (let i = 0; i < 200 && status?.step !== 'waiting-cmp'; i++) {
      await sleep(50);
      status = ((await sendToExtension(env.session, { type: 'get-scenario-status', tabId: audited.tabId })) as { status?: ScenarioStatus }).status;
    }
    expect(status?.step).toBe('waiting-cmp');
    await audited.page.close();
    const result = (await running) as Extract<ScenarioResult, { ok: true }>;
    expect(result).toMatchObject({ ok: true, outcome: 'interrupted', step: 'done', detail: 'the tab was closed' });
    // The worker still answers, and a tab that was not audited reads as it did.
    const other = visits[3] as (typeof visits)[number];
    const again = ((await sendToExtension(env.session, { type: 'get-report', tabId: other.tabId })) as { report: Report }).report;
    expect(again.visit.id).toBe(other.report.visit.id);
    expect(again.requests.length).toBe(other.report.requests.length);
  }, 120_000);
});
