import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { requestReport } from '@/lib/cli/browsers.mjs';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// "Observe from a clean state": the site's cookies and storage are cleared, the page reloads, nothing is touched.
describe.each(BROWSERS)('clean-state observe in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  it('clears the site, reloads into a new visit marked clean-observe, and records the cookies being set again', async () => {
    const first = await env.visit('https://shop.example/', { settle: 2500 });
    await sleep(500);
    const mainRequestsBefore = env.server.log.filter((e) => e.host === 'shop.example' && e.path === '/').length;
    const run = (await sendToExtension(env.session, { type: 'run-clean-observe', tabId: first.tabId, seconds: 3 })) as { ok: boolean; visitId?: string };
    expect(run.ok).toBe(true);
    const { report } = (await requestReport(env.session, first.tabId)) as { report: Report };
    expect(report.visit.id).not.toBe(first.report.visit.id);
    expect(report.visit.id).toBe(run.visitId);
    expect(report.scenario).toBe('clean-observe');
    // The reload went out without the cookies of the first visit.
    const reloads = env.server.log.filter((e) => e.host === 'shop.example' && e.path === '/').slice(mainRequestsBefore);
    expect(reloads.length).toBe(1);
    expect(String(reloads[0]?.headers.cookie ?? '')).not.toMatch(/visitor_id|_ga|theme/);
    // So the trackers set their cookies again, as for a first-time visitor.
    expect(report.cookies.some((c) => c.name === '_ga' && c.via === 'script')).toBe(true);
    expect(report.findings.some((f) => f.rule === 'replay-before-consent')).toBe(true);
  });

  it('refuses restricted pages', async () => {
    const page = await env.session.newPage();
    await env.session.goto(page, 'about:blank').catch(() => undefined);
    type Tabs = { tabs: { query(q: object): Promise<{ id: number; url: string }[]> } };
    const tabs = (await env.session.evalInExtension(async () => {
      const g = globalThis as unknown as { browser?: Tabs; chrome?: Tabs };
      return ((await (g.browser ?? g.chrome)?.tabs.query({})) ?? []).map((t) => ({ id: t.id, url: t.url }));
    })) as { id: number; url: string }[];
    const blank = tabs.find((t) => t.url === 'about:blank');
    expect(await sendToExtension(env.session, { type: 'run-clean-observe', tabId: blank?.id ?? -1, seconds: 1 })).toEqual({ ok: false, reason: 'restricted' });
  });
});
