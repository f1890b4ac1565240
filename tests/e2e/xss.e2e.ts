import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/build';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// Page-derived strings (title, cookie names, storage keys, URLs, field labels) must render as inert text in the popup
// and in the HTML export.
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
  });

  it('renders it as text in the popup, in every section', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    const tabs = ['Findings', 'Trackers', 'Session replay', 'Evidence'];
    for (const label of tabs) {
      await popup.evaluate((l) => [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent?.startsWith(l))?.click(), label);
      for (const sub of ['Requests', 'Cookies', 'Storage']) {
        await popup.evaluate((l) => [...document.querySelectorAll<HTMLButtonElement>('.tabs.sub [role="tab"]')].find((b) => b.textContent?.startsWith(l))?.click(), sub);
        await sleep(100);
        const state = await popup.evaluate(() => ({
          imgs: document.querySelectorAll('img, script:not([src]), iframe').length,
          pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
          javascriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => a.getAttribute('href')?.startsWith('javascript:')).length,
        }));
        expect(state).toEqual({ imgs: 0, pwned: 0, javascriptLinks: 0 });
      }
    }
    await popup.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent?.startsWith('Evidence'))?.click());
    await popup.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('.tabs.sub [role="tab"]')].find((b) => b.textContent?.startsWith('Storage'))?.click());
    expect(await popup.evaluate(() => document.querySelector('[data-testid="storage"]')?.textContent ?? '')).toContain('<img src=x');
  });

  it('escapes it in the HTML export', async () => {
    const file = (await sendToExtension(env.session, { type: 'export', format: 'html', tabId })) as { content: string };
    const parsed = await env.session.evalInExtension((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return { imgs: doc.querySelectorAll('img, iframe').length, scripts: [...doc.querySelectorAll('script')].map((s) => s.type), title: doc.title };
    }, file.content);
    expect(parsed.imgs).toBe(0);
    expect(parsed.scripts).toEqual(['application/json']);
    expect(parsed.title).toBe('Consent Inspector — xss.example');
  });
});
