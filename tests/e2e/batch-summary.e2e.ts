import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { okResult } from '@/lib/batch/page-result.mjs';
import { summarizeSites } from '@/lib/batch/site-summary.mjs';
import { toSummaryHtml } from '@/lib/batch/summary-formats.mjs';
import { findBrowser } from '@/lib/cli/browsers.mjs';

// The merged summary page in a real browser: hostile names from the pages' reports stay text (no script runs, nothing
// loads), the charts sit above the table, and the table still sorts and filters.
const EVIL_VENDOR = '<img src=x onerror=alert(1)>';
const EVIL_RULE = '"><svg onload=alert(2)>rule';

function page(url: string, site: string, findings: [string, string][]) {
  return okResult(
    url,
    site,
    { scenario: 'observe', findings: findings.map(([rule, name]) => ({ rule, severity: 'high', vendor: { id: 'v', name } })) },
    `${site}/x.json`,
  );
}

describe('the batch summary page', () => {
  it('in chromium shows hostile names as text, loads nothing, and sorts and filters its table', async () => {
    const summary = summarizeSites([
      [
        page('https://a.example/', 'a.example', [
          ['tracker-before-consent', EVIL_VENDOR],
          [EVIL_RULE, 'Hotjar'],
        ]),
        page('https://b.example/', 'b.example', [['tracker-before-consent', 'Google Analytics']]),
        page('https://b.example/2', 'b.example', [['cookie-before-consent', 'Google Analytics']]),
        page('https://c.example/', 'c.example', []),
      ],
    ]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ci-summary-')), 'summary.html');
    writeFileSync(file, toSummaryHtml(summary));

    const browser = await chromium.launch({ executablePath: findBrowser('chromium'), headless: true });
    try {
      const tab = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      tab.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      tab.on('request', (r) => requests.push(r.url()));
      await tab.goto(pathToFileURL(file).href);
      await tab.waitForLoadState('load');

      expect(dialogs).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await tab.locator('img').count()).toBe(0);
      const names = await tab.locator('.chart th[scope=row]').allTextContents();
      expect(names).toEqual(expect.arrayContaining([EVIL_VENDOR, EVIL_RULE, 'tracker-before-consent', 'Google Analytics']));
      expect(await tab.locator('.chart caption').allTextContents()).toEqual([
        expect.stringMatching(/^Findings by rule: sites affected of 3 sites audited \(4 pages\)/),
        expect.stringMatching(/^Most common vendors before consent: sites affected of 3 sites audited \(4 pages\)/),
      ]);
      // The bars are drawn: tracker-before-consent on 2 of 3 sites is two thirds of its cell.
      const bar = tab.locator('.chart.rules tr', { hasText: 'tracker-before-consent' }).locator('rect');
      expect(await bar.getAttribute('width')).toBe('66.7');
      expect((await bar.boundingBox())?.width ?? 0).toBeGreaterThan(20);

      const sites = () => tab.locator('#sites tbody tr:visible td:first-child').evaluateAll((tds) => tds.map((td) => td.firstChild?.textContent));
      expect(await sites()).toEqual(['a.example', 'b.example', 'c.example']);
      await tab.locator('#sites th', { hasText: 'site' }).first().click();
      await tab.locator('#sites th', { hasText: 'site' }).first().click();
      expect(await sites()).toEqual(['c.example', 'b.example', 'a.example']);
      await tab.locator('#filter').fill('b.example');
      expect(await sites()).toEqual(['b.example']);
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
