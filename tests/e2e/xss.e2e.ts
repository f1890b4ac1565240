import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { BROWSERS, ROOT, sendToExtension, startSession } from './harness';
import { inertness, selectTab } from './pages';

const SECTIONS = ['Findings', 'Trackers', 'Cookies', 'Storage', 'Session replay', 'Timeline', 'Requests'];
const INERT = { injected: 0, pwned: 0, javascriptLinks: 0 };

// Page-derived strings (title, cookie names, storage keys, URLs, field labels) must render as inert text in the popup,
// the report page and the HTML export.
describe.each(BROWSERS)('hostile strings in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let report: Report;
  let tabId: number;
  beforeAll(async () => {
    env = await startSession(kind);
    ({ report, tabId } = await env.visit('https://xss.example/', { settle: 2000 }));
  });
  afterAll(() => env?.close());

  it('keeps the markup as data in the report', () => {
    expect(report.page.title).toContain('<img src=x');
    expect(report.storage.some((s) => s.key.includes('<img src=x'))).toBe(true);
    expect(report.cookies.some((c) => c.name.startsWith('javascript:'))).toBe(true);
  });

  it('renders it as text in the popup, in every section', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    expect(await popup.evaluate(() => document.querySelector('.page-title')?.textContent)).toBe(report.page.title);
    for (const label of SECTIONS) {
      await selectTab(popup, label);
      await popup.evaluate(() =>
        document.querySelectorAll('details').forEach((d) => {
          d.open = true;
        }),
      );
      expect(await inertness(popup), label).toEqual(INERT);
    }
    await selectTab(popup, 'Storage');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="storage"]')?.textContent ?? '')).toContain('<img src=x');
    await selectTab(popup, 'Cookies');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="cookies"]')?.textContent ?? '')).toContain('javascript:alert(1)');
    await popup.screenshot({ path: path.join(ROOT, 'tests/e2e/out', `xss-popup-${kind}.png`), fullPage: true });
  });

  it('renders it as text on the report page', async () => {
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(report.visit.id)}`);
    await page.waitForSelector('[data-testid="section-requests"]', { timeout: 10_000 });
    await page.evaluate(() =>
      document.querySelectorAll('details').forEach((d) => {
        d.open = true;
      }),
    );
    expect(await inertness(page)).toEqual(INERT);
    const text = await page.evaluate(() => document.body.textContent ?? '');
    expect(text).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => document.title)).toBe('Consent Inspector report — xss.example');
  });

  it('escapes it in the HTML export', async () => {
    const file = (await sendToExtension(env.session, { type: 'export', format: 'html', tabId })) as { content: string };
    const parsed = await env.session.evalInExtension((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return {
        injected: doc.querySelectorAll('img, iframe, object, embed, [onerror], [onload]').length,
        scripts: [...doc.querySelectorAll('script')].map((s) => s.type),
        links: doc.querySelectorAll('a[href]').length,
        title: doc.title,
        embeddedTitle: (JSON.parse(doc.getElementById('report-json')?.textContent ?? '{}') as { page?: { title?: string } }).page?.title,
      };
    }, file.content);
    expect(parsed).toEqual({
      injected: 0,
      scripts: ['application/json'],
      links: 0,
      title: 'Consent Inspector — xss.example',
      embeddedTitle: report.page.title,
    });
  });
});
