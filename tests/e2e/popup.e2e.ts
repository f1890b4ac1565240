import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import type { ExportFile } from '@/lib/messages';
import type { Visit } from '@/lib/model';
import type { Report } from '@/lib/report/build';
import { hasValidIntegrity } from '@/lib/report/integrity';
import schema from '@/lib/report/report.schema.json';
import { BROWSERS, ROOT, sendToExtension, sleep, startSession } from './harness';
import { axeSource, inertness, panelText, runAxe, selectTab } from './pages';

const OUT = path.join(ROOT, 'tests/e2e/out');
const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
const AXE = axeSource();

describe.each(BROWSERS)('popup and report page in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let shop: { tabId: number; report: Report };
  let first: Awaited<ReturnType<typeof env.visit>>;
  let second: Awaited<ReturnType<typeof env.visit>>;

  beforeAll(async () => {
    env = await startSession(kind);
    shop = await env.visit('https://shop.example/', { settle: 3000 });
    first = await env.visit('https://compare.example/', { settle: 1500 });
    // Cookie-store changes go to every open visit of the site: close the first scan before the second.
    await first.page.close();
    second = await env.visit('https://compare.example/?v=2', { settle: 1500 });
  });
  afterAll(() => env?.close());

  it('shows the verdict, the counts, the consent state and every section of the visit', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}&lang=en`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    const header = await popup.evaluate(() => ({
      verdict: document.querySelector('[data-testid="verdict"]')?.textContent ?? '',
      requests: Number(document.querySelector('[data-testid="count-requests"]')?.textContent),
      cookies: Number(document.querySelector('[data-testid="count-cookies"]')?.textContent),
      consent: document.querySelector('[data-testid="consent"]')?.textContent ?? '',
      refusal: (() => {
        const b = document.querySelector<HTMLButtonElement>('[data-testid="test-refusal"]');
        return { disabled: b?.disabled, why: b?.parentElement?.getAttribute('title') };
      })(),
    }));
    const { report } = (await requestReport(env.session, shop.tabId)) as { report: Report };
    expect(header.verdict).toMatch(/^\d+ findings?, \d+ critical or high\.$/);
    expect(header.requests).toBe(report.summary.requests);
    expect(header.cookies).toBe(report.summary.cookies);
    expect(header.consent).toContain('no consent manager detected');
    expect(header.refusal).toEqual({ disabled: false, why: null });

    await selectTab(popup, 'Findings');
    expect(await popup.evaluate(() => document.querySelectorAll('[data-testid="findings"] > li').length)).toBe(report.findings.length);
    await selectTab(popup, 'Trackers');
    expect(await panelText(popup)).toMatch(/Hotjar.*consent required/);
    await selectTab(popup, 'Cookies');
    expect(await popup.evaluate(() => [...document.querySelectorAll('[data-testid="cookies"] tbody tr')].find((tr) => tr.textContent?.includes('visitor_id'))?.textContent)).toContain('over 13 months');
    await selectTab(popup, 'Storage');
    expect(await panelText(popup)).toContain('cart');
    await selectTab(popup, 'Session replay');
    expect(await panelText(popup)).toContain('Hotjar');
    await selectTab(popup, 'Timeline');
    expect(await popup.evaluate(() => document.querySelectorAll('[data-testid="timeline"] circle').length)).toBe(report.vendors.length);
    await selectTab(popup, 'Findings');
    await popup.evaluate(() => document.querySelector('details')?.setAttribute('open', ''));
    await popup.screenshot({ path: path.join(OUT, `popup-shop-${kind}.png`), fullPage: true });
  });

  it('moves between sections with the keyboard', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}`);
    await popup.waitForSelector('[role="tab"]', { timeout: 10_000 });
    const selected = await popup.evaluate(async () => {
      const tab = document.querySelector<HTMLButtonElement>('[role="tab"][aria-selected="true"]');
      tab?.focus();
      tab?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      await new Promise((r) => setTimeout(r, 50));
      return { selected: document.querySelector('[role="tab"][aria-selected="true"]')?.id, focused: document.activeElement?.id };
    });
    expect(selected).toEqual({ selected: 'section-tab-trackers', focused: 'section-tab-trackers' });
  });

  it('speaks French', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${second.tabId}&lang=fr`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    const text = await popup.evaluate(() => ({ lang: document.documentElement.lang, tabs: [...document.querySelectorAll('[role="tab"]')].map((t) => t.textContent) }));
    expect(text.lang).toBe('fr');
    expect(text.tabs[0]).toMatch(/^Constats \(\d+\)$/);
    await popup.screenshot({ path: path.join(OUT, `popup-fr-${kind}.png`), fullPage: true });
  });

  it('renders a visit of 5,000 requests within 100 ms', async () => {
    const page = await env.session.newPage();
    await env.session.goto(page, 'https://many.example/');
    const until = Date.now() + 60_000;
    while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await sleep(250);
    await sleep(1000);
    const tabId = (await findTabId(env.session, 'https://many.example/')) ?? -1;
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 30_000 });
    await sleep(300);
    const measured = await popup.evaluate(() => ({
      render: performance.getEntriesByName('first-render')[0]?.duration ?? -1,
      requests: Number(document.querySelector('[data-testid="count-requests"]')?.textContent),
    }));
    expect(measured.requests).toBeGreaterThanOrEqual(5000);
    expect(measured.render).toBeGreaterThan(0);
    expect(measured.render).toBeLessThan(100);
    await selectTab(popup, 'Requests');
    expect(await popup.evaluate(() => document.querySelectorAll('[data-testid="requests"] tbody tr').length)).toBe(100);
  });

  it.skipIf(!AXE)('has no WCAG A/AA violations in the popup and the report page', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    for (const label of ['Findings', 'Trackers', 'Cookies', 'Timeline']) {
      await selectTab(popup, label);
      expect(await runAxe(popup, AXE ?? ''), label).toEqual([]);
    }
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(shop.report.visit.id)}`);
    await page.waitForSelector('[data-testid="section-findings"]', { timeout: 10_000 });
    expect(await runAxe(page, AXE ?? '')).toEqual([]);
    // The dark theme's contrast too, where the driver can switch the colour scheme (Playwright).
    const themed = page as unknown as { emulateMedia?: (options: { colorScheme: 'dark' }) => Promise<void> };
    if (themed.emulateMedia) {
      await themed.emulateMedia({ colorScheme: 'dark' });
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
      expect(await runAxe(page, AXE ?? ''), 'dark').toEqual([]);
      await page.screenshot({ path: path.join(OUT, `report-dark-${kind}.png`), fullPage: false });
    }
  });

  it('opens the full report: every section, the site history, a comparison and deletion', async () => {
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(second.report.visit.id)}`);
    await page.waitForSelector('[data-testid="section-timeline"]', { timeout: 10_000 });
    const sections = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="section-"]')].map((s) => s.getAttribute('data-testid')));
    expect(sections).toEqual(['section-findings', 'section-trackers', 'section-cookies', 'section-storage', 'section-replay', 'section-timeline', 'section-requests']);
    const history = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="history"] section')].map((s) => ({ site: s.querySelector('h3')?.textContent, visits: [...s.querySelectorAll('li')].map((li) => li.getAttribute('data-visit')) })));
    const before = await history();
    expect(before[0]).toEqual({ site: 'compare.example', visits: [second.report.visit.id, first.report.visit.id] });

    await page.evaluate((id) => document.querySelector<HTMLButtonElement>(`li[data-visit="${id}"] [data-testid="compare"]`)?.click(), first.report.visit.id);
    await page.waitForSelector('[data-testid="compare-result"] table', { timeout: 10_000 });
    const diff = await page.evaluate(() => [...document.querySelectorAll('[data-testid="compare-result"] tbody tr')].map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('[data-testid="added"]')?.textContent, tr.querySelector('[data-testid="removed"]')?.textContent]));
    expect(diff[0]?.[1]).toContain('Microsoft Clarity');
    expect(diff[2]?.[1]).toContain('_clck (compare.example)');
    expect(diff.map((row) => row[2])).toEqual(['—', expect.any(String), '—']);
    await page.screenshot({ path: path.join(OUT, `report-${kind}.png`), fullPage: true });

    await page.evaluate((id) => document.querySelector<HTMLButtonElement>(`li[data-visit="${id}"] [data-testid="delete"]`)?.click(), first.report.visit.id);
    await sleep(100);
    await page.evaluate((id) => document.querySelector<HTMLButtonElement>(`li[data-visit="${id}"] [data-testid="confirm-delete"]`)?.click(), first.report.visit.id);
    await sleep(500);
    const visits = (await sendToExtension(env.session, { type: 'list-visits' })) as Visit[];
    expect(visits.map((v) => v.id)).not.toContain(first.report.visit.id);
    expect((await history())[0]?.visits).toEqual([second.report.visit.id]);
    expect(await page.evaluate(() => document.querySelector('[data-testid="compare-result"]'))).toBeNull();
  });

  it('exports a round trip: JSON valid against the schema with its hash, CSV that parses, HTML with the same counts', async () => {
    const target = { tabId: shop.tabId };
    const { report } = (await requestReport(env.session, shop.tabId)) as { report: Report };
    const json = (await sendToExtension(env.session, { type: 'export', format: 'json', ...target })) as ExportFile;
    const parsed: unknown = JSON.parse(json.content);
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(await hasValidIntegrity(parsed)).toBe(true);
    expect(parsed).toMatchObject({ redacted: true, summary: report.summary });
    expect((parsed as Report).cookies.every((c) => c.value === '[redacted]')).toBe(true);

    const csv = (await sendToExtension(env.session, { type: 'export', format: 'csv', ...target })) as ExportFile;
    const tables = Object.fromEntries((csv.files ?? []).map((f) => [f.name, parseCsv(f.content)]));
    expect(tables['requests.csv']?.length).toBe(report.requests.length + 1);
    expect(tables['cookies.csv']?.length).toBe(report.cookies.length + 1);
    expect(tables['findings.csv']?.length).toBe(report.findings.length + 1);
    expect(new Set((tables['cookies.csv'] ?? []).map((row) => row.length)).size).toBe(1);

    const html = (await sendToExtension(env.session, { type: 'export', format: 'html', ...target })) as ExportFile;
    const counts = await env.session.evalInExtension((content) => {
      const doc = new DOMParser().parseFromString(content, 'text/html');
      const count = (name: string) => Number(doc.querySelector(`[data-count="${name}"]`)?.textContent);
      const embedded = JSON.parse(doc.getElementById('report-json')?.textContent ?? '{}') as { summary?: { requests: number } };
      return { requests: count('requests'), cookies: count('cookies'), findings: count('findings'), embedded: embedded.summary?.requests };
    }, html.content);
    expect(counts).toEqual({ requests: report.summary.requests, cookies: report.summary.cookies, findings: report.findings.length, embedded: report.summary.requests });
  });

  it('downloads from the popup, redacted unless values are included', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}`);
    await popup.waitForSelector('[data-testid="export-md"]', { timeout: 10_000 });
    await popup.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="export-md"]')?.click());
    await popup.waitForSelector('[data-testid="export-status"]', { timeout: 10_000 });
    expect(await popup.evaluate(() => document.querySelector('[data-testid="export-status"]')?.textContent)).toMatch(/^Saved consent-inspector-shop\.example-.*\.md\.$/);
    expect(await inertness(popup)).toEqual({ injected: 0, pwned: 0, javascriptLinks: 0 });
  });
});

/** RFC 4180: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += c;
  }
  return rows;
}
