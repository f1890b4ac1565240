import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTabId, launchBrowser, requestReport } from '@/lib/cli/browsers.mjs';
import type { ExportFile } from '@/lib/messages';
import { createTranslator } from '@/lib/i18n/translate';
import type { Visit } from '@/lib/model';
import type { Finding } from '@/lib/finding';
import { groupFindings } from '@/lib/report/group';
import { tierOf } from '@/lib/report/rule-rank';
import type { Report } from '@/lib/report/types';
import { badgeFor } from '@/lib/report/badge';
import { hasValidIntegrity } from '@/lib/report/integrity';
import schema from '@/lib/report/report.schema.json';
import { startFixtureServer } from '../fixtures/server.mjs';
import { BROWSERS, extensionDir, ROOT, sendToExtension, sleep, startSession } from './harness';
import { type AxeViolation, axeSource, emulate, inertness, panelText, runAxe, selectTab, waitUntil } from './pages';

const OUT = path.join(ROOT, 'tests/e2e/out');
const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
const AXE = axeSource();
const OLD_EXPORT = readFileSync(path.join(ROOT, 'tests/fixtures/exports/export-1.0.json'), 'utf8');

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

    // In short: before the choice (no banner on the shop), and the two checks that did not run, said as not run.
    const summary = await popup.evaluate(() => document.querySelector('[data-testid="summary"]')?.textContent ?? '');
    expect(summary.trim()).toBe(report.overview.sentences.map((s) => s.text).join(' '));
    expect(report.overview.beforeChoice).toMatchObject({ status: 'no-banner', sent: expect.any(Number) });
    expect(report.overview.beforeChoice.sent).toBeGreaterThan(0);
    expect(summary).toMatch(/^No consent banner was found; with no choice offered, \d+ vendors? received data/);
    expect(summary).toContain('No refusal was tested.');
    expect(summary).toMatch(/Masking was not tested \(\d+ session recorders? on the page\)\./);

    // One row per vendor and rule, recording first, each expanding to its findings.
    await selectTab(popup, 'Findings');
    const findings = await popup.evaluate(() => ({
      rows: [...document.querySelectorAll('[data-testid="findings"] > li')].map((li) => [li.getAttribute('data-rule'), li.getAttribute('data-severity')]),
      groups: document.querySelectorAll('[data-testid="findings"] > li.finding-group').length,
      items: document.querySelectorAll('[data-testid="findings"] li.finding').length,
    }));
    expect(findings.items).toBe(report.findings.length);
    expect(findings.rows.length).toBe(groupFindings(report.findings).length);
    expect(findings.rows.length).toBeLessThan(report.findings.length);
    expect(findings.groups).toBeGreaterThan(0);
    const tiers = findings.rows.map(([rule, severity]) => tierOf({ rule: rule ?? '', severity: (severity ?? 'info') as Finding['severity'] }));
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    expect(findings.rows[0]?.[0]).toMatch(/^replay-/);
    const shown = () =>
      popup.evaluate(() => {
        const group = document.querySelector('[data-testid="findings"] > li.finding-group');
        return {
          items: group?.querySelectorAll('li.finding').length,
          visible: [...(group?.querySelectorAll('li.finding') ?? [])].filter((li) => li.checkVisibility()).length,
        };
      });
    const folded = await shown();
    expect(folded.items).toBeGreaterThan(1);
    expect(folded.visible).toBe(0);
    await popup.evaluate(() => document.querySelector<HTMLElement>('[data-testid="findings"] > li.finding-group > details > summary')?.click());
    await waitUntil(popup, () => document.querySelector('[data-testid="findings"] > li.finding-group > details')?.hasAttribute('open') === true);
    expect(await shown()).toEqual({ items: folded.items, visible: folded.items });
    await selectTab(popup, 'Trackers');
    expect(await panelText(popup)).toMatch(/Hotjar.*consent required/);
    await selectTab(popup, 'Cookies');
    expect(
      await popup.evaluate(
        () => [...document.querySelectorAll('[data-testid="cookies"] tbody tr')].find((tr) => tr.textContent?.includes('visitor_id'))?.textContent,
      ),
    ).toContain('over 13 months');
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
    const text = await popup.evaluate(() => ({
      lang: document.documentElement.lang,
      tabs: [...document.querySelectorAll('[role="tab"]')].map((t) => t.textContent),
    }));
    expect(text.lang).toBe('fr');
    expect(text.tabs[0]).toMatch(/^Constats \(\d+\)$/);
    await popup.screenshot({ path: path.join(OUT, `popup-fr-${kind}.png`), fullPage: true });
  });

  it('shows the findings in French: titles from the same keys as the English report', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}&lang=fr`);
    await popup.waitForSelector('.finding-title', { timeout: 10_000 });
    const titles = await popup.evaluate(() => [...document.querySelectorAll('.finding-title')].map((t) => t.textContent ?? ''));
    const reportIn = async (lang: 'en' | 'fr') =>
      ((await sendToExtension(env.session, { type: 'get-report', tabId: shop.tabId, lang })) as { report: Report }).report;
    const [english, french] = [await reportIn('en'), await reportIn('fr')];
    expect(french.lang).toBe('fr');
    expect(titles.length).toBeGreaterThan(0);
    expect(french.findings.map((f) => f.title)).toEqual(expect.arrayContaining(titles));
    expect(titles.filter((t) => english.findings.some((f) => f.title === t))).toEqual([]);
    expect(titles.join('\n')).toMatch(/avant que le visiteur ne consente|avant le consentement/);
    // The summary and the group rows in French too.
    const fr = createTranslator('fr');
    const shown = await popup.evaluate(() => ({
      summary: document.querySelector('[data-testid="summary"]')?.textContent ?? '',
      rules: [...document.querySelectorAll('[data-testid="findings"] > li.finding-group .group-rule')].map((e) => e.textContent ?? ''),
      counts: [...document.querySelectorAll('[data-testid="findings"] > li.finding-group .group-meta')].map((e) => e.textContent ?? ''),
    }));
    expect(shown.summary.trim()).toBe(french.overview.sentences.map((s) => s.text).join(' '));
    expect(shown.summary).toMatch(
      /^Aucune bannière de consentement n\u2019a été trouvée ; sans qu\u2019aucun choix ne soit proposé, \d+ fournisseurs? (a|ont) reçu des données/,
    );
    expect(shown.summary).toContain(fr('overview.refusal.notTested'));
    expect(shown.rules.length).toBeGreaterThan(0);
    expect(shown.rules).toContain(fr('rule.cookie-before-consent.name'));
    for (const count of shown.counts) expect(count).toMatch(/^\d+ constats/);
  });

  it('shows a visit of 5,000 requests a page at a time', async () => {
    // How fast it renders is a benchmark (tests/bench/popup-render.bench.mjs); here, that long lists are paginated.
    const page = await env.session.newPage();
    await env.session.goto(page, 'https://many.example/');
    const until = Date.now() + 60_000;
    while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await sleep(250);
    const tabId = (await findTabId(env.session, 'https://many.example/')) ?? -1;
    // A loaded machine delivers the last of 5,000 requests' events to the worker seconds after the page is done.
    const recorded = async () => ((await requestReport(env.session, tabId)) as { report?: Report }).report?.summary.requests ?? 0;
    while ((await recorded()) < 5000 && Date.now() < until) await sleep(500);
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}&lang=en`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 30_000 });
    const requests = Number(await popup.evaluate(() => document.querySelector('[data-testid="count-requests"]')?.textContent));
    expect(requests).toBeGreaterThanOrEqual(5000);
    await selectTab(popup, 'Requests');
    const rows = () => popup.evaluate(() => document.querySelectorAll('[data-testid="requests"] tbody tr').length);
    const more = () => popup.evaluate(() => document.querySelector('button.more')?.textContent ?? '');
    // The popup paints a preview first and the whole visit when it arrives: wait for each state, never a fixed pause.
    const waitFor = async (check: () => Promise<boolean>) => {
      for (let end = Date.now() + 15_000; !(await check()) && Date.now() < end; ) await sleep(100);
    };
    await waitFor(async () => (await rows()) === 100 && (await more()).includes(String(requests - 100)));
    expect(await rows()).toBe(100);
    expect(await more()).toContain(String(requests - 100));
    await popup.evaluate(() => document.querySelector<HTMLButtonElement>('button.more')?.click());
    await waitFor(async () => (await rows()) === 200);
    expect(await rows()).toBe(200);
    expect(await more()).toContain(String(requests - 200));
  });

  it('has no serious or critical accessibility violations, light and dark (axe-core)', async () => {
    const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}&lang=en`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(shop.report.visit.id)}&lang=en`);
    await page.waitForSelector('[data-testid="section-findings"]', { timeout: 10_000 });
    await page.evaluate(() =>
      document.querySelectorAll('details').forEach((d) => {
        d.open = true;
      }),
    );
    const background = (p: typeof page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // Puppeteer emulates media only over CDP, which Firefox no longer speaks: the dark theme is checked in Chromium.
    for (const scheme of kind === 'chromium' ? (['light', 'dark'] as const) : (['light'] as const)) {
      if (kind === 'chromium') await Promise.all([emulate(popup, { colorScheme: scheme }), emulate(page, { colorScheme: scheme })]);
      // The theme really switched, so the contrast checks ran against it.
      expect(await background(popup), scheme).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      for (const label of ['Findings', 'Trackers', 'Cookies', 'Storage', 'Session replay', 'Timeline', 'Requests']) {
        await selectTab(popup, label);
        await popup.evaluate(() =>
          document.querySelectorAll('details').forEach((d) => {
            d.open = true;
          }),
        );
        expect(serious(await runAxe(popup, AXE)), `popup ${label} ${scheme}`).toEqual([]);
      }
      expect(await background(page), scheme).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      expect(serious(await runAxe(page, AXE)), `report ${scheme}`).toEqual([]);
      await popup.screenshot({ path: path.join(OUT, `popup-${scheme}-${kind}.png`), fullPage: true });
      await page.screenshot({ path: path.join(OUT, `report-${scheme}-${kind}.png`), fullPage: true });
    }
  });

  it('opens the full report: every section, the site history, a comparison and deletion', async () => {
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(second.report.visit.id)}&lang=en`);
    await page.waitForSelector('[data-testid="section-timeline"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="retention"]', { timeout: 10_000 });
    expect(await page.evaluate(() => document.querySelector('[data-testid="retention"]')?.textContent)).toBe('Scans are kept 7 days, 200 at most.');
    // The report page says the overview under its verdict too.
    const { report: served } = (await requestReport(env.session, second.tabId)) as { report: Report };
    expect((await page.evaluate(() => document.querySelector('[data-testid="summary"]')?.textContent ?? '')).trim()).toBe(
      served.overview.sentences.map((s) => s.text).join(' '),
    );
    const sections = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="section-"]')].map((s) => s.getAttribute('data-testid')));
    expect(sections).toEqual([
      'section-findings',
      'section-trackers',
      'section-cookies',
      'section-storage',
      'section-replay',
      'section-timeline',
      'section-requests',
    ]);
    const history = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="history"] section')].map((s) => ({
          site: s.querySelector('h3')?.textContent,
          visits: [...s.querySelectorAll('li')].map((li) => li.getAttribute('data-visit')),
        })),
      );
    const before = await history();
    expect(before[0]).toEqual({ site: 'compare.example', visits: [second.report.visit.id, first.report.visit.id] });

    await page.evaluate((id) => document.querySelector<HTMLButtonElement>(`li[data-visit="${id}"] [data-testid="compare"]`)?.click(), first.report.visit.id);
    await page.waitForSelector('[data-testid="compare-result"] table', { timeout: 10_000 });
    const diff = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="compare-result"] tbody tr')].map((tr) => [
        tr.querySelector('th')?.textContent,
        tr.querySelector('[data-testid="added"]')?.textContent,
        tr.querySelector('[data-testid="removed"]')?.textContent,
      ]),
    );
    expect(diff[0]?.[1]).toContain('Microsoft Clarity');
    expect(diff[2]?.[1]).toContain('_clck (compare.example)');
    expect(diff.map((row) => row[2])).toEqual(['—', expect.any(String), '—']);
    await page.screenshot({ path: path.join(OUT, `report-${kind}.png`), fullPage: true });

    await page.evaluate((id) => document.querySelector<HTMLButtonElement>(`li[data-visit="${id}"] [data-testid="delete"]`)?.click(), first.report.visit.id);
    await sleep(100);
    await page.evaluate(
      (id) => document.querySelector<HTMLButtonElement>(`li[data-visit="${id}"] [data-testid="confirm-delete"]`)?.click(),
      first.report.visit.id,
    );
    await sleep(500);
    const visits = (await sendToExtension(env.session, { type: 'list-visits' })) as Visit[];
    expect(visits.map((v) => v.id)).not.toContain(first.report.visit.id);
    expect((await history())[0]?.visits).toEqual([second.report.visit.id]);
    expect(await page.evaluate(() => document.querySelector('[data-testid="compare-result"]'))).toBeNull();
  });

  it("compares with a report an older version exported, chosen as a file; refuses a file that is not one, and shows a file's markup as text", async () => {
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(second.report.visit.id)}&lang=en`);
    await page.waitForSelector('[data-testid="compare-file"]', { timeout: 10_000 });
    /** Chooses a file in the page's file input, as the file dialog would hand it over. */
    const choose = (name: string, text: string) =>
      page.evaluate(
        ([name, text]) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="compare-file"]');
          if (!input) throw new Error('no file input');
          const files = new DataTransfer();
          files.items.add(new File([text], name, { type: 'application/json' }));
          input.files = files.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        },
        [name, text] as const,
      );
    const result = () =>
      page.evaluate(() => ({
        title: document.querySelector('[data-testid="compare-result"] h2')?.textContent ?? '',
        rows: [...document.querySelectorAll('[data-testid="compare-result"] tbody tr')].map((tr) => [
          tr.querySelector('[data-testid="added"]')?.textContent ?? '',
          tr.querySelector('[data-testid="removed"]')?.textContent ?? '',
        ]),
        images: document.querySelectorAll('[data-testid="compare-result"] img').length,
        refused: document.querySelector('[data-testid="compare-file-refused"]')?.textContent ?? '',
      }));

    // A real export of revision 1.0 (tests/fixtures/exports/README.md): Google Analytics, its tag and Meta's pixel on
    // the same site, no Clarity. The site still has Meta's pixel: matched by vendor id and rule, it is no change.
    await choose('export-1.0.json', OLD_EXPORT);
    await page.waitForSelector('[data-testid="compare-result"] table', { timeout: 10_000 });
    const old = await result();
    expect(old.title).toContain('export-1.0.json');
    expect(old.rows[0]?.[0]).toContain('Microsoft Clarity');
    expect(old.rows[0]?.[1]).toContain('Google Analytics');
    expect(old.rows[0]?.[1]).not.toContain('Meta Pixel');
    expect(old.rows[1]?.[1]).toContain('Google Analytics (audience-measurement) was active before the visitor consented');
    expect(old.rows[1]?.join(' ')).not.toContain('Meta Pixel');
    expect(old.rows[2]?.[0]).toContain('_clck (compare.example)');
    expect(old.rows[2]?.[1]).toContain('_ga (compare.example)');

    const hostile = JSON.parse(OLD_EXPORT);
    hostile.vendors.push({ id: 'x', name: '<img src=x onerror="document.title=1">' });
    await choose('hostile.json', JSON.stringify(hostile));
    await waitUntil(page, () => document.querySelector('[data-testid="compare-result"] h2')?.textContent?.includes('hostile.json') === true);
    const shown = await result();
    expect(shown.rows[0]?.[1]).toContain('<img src=x');
    expect(shown.images).toBe(0);

    await choose('notes.json', '{"not": "a report"}');
    await page.waitForSelector('[data-testid="compare-file-refused"]', { timeout: 10_000 });
    expect((await result()).refused).toBe('This file is not a Consent Inspector report.');
    expect(await page.evaluate(() => document.querySelector('[data-testid="compare-result"]'))).toBeNull();
    await page.close();
  });

  it('prints the report page: paper styles, every finding open, a PDF with pages', async () => {
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(shop.report.visit.id)}&lang=en`);
    await page.waitForSelector('[data-testid="section-findings"]', { timeout: 10_000 });
    // What the pages hold, through print-media emulation (Chromium: Puppeteer emulates media only over CDP).
    if (kind === 'chromium') {
      await emulate(page, { media: 'print', colorScheme: 'dark' });
      const printed = await page.evaluate(() => {
        const visible = (e: Element) => e.checkVisibility();
        const evidence = [...document.querySelectorAll('.finding details:not([open]) dl')];
        return {
          hidden: [...document.querySelectorAll('.no-print')].map(visible).join(),
          evidence: `${evidence.filter(visible).length}/${evidence.length}`,
          background: getComputedStyle(document.body).backgroundColor,
          sections: [...document.querySelectorAll('[data-testid^="section-"]')].filter(visible).length,
        };
      });
      const n = shop.report.findings.length;
      expect(printed).toEqual({ hidden: 'false,false,false,false', evidence: `${n}/${n}`, background: 'rgb(255, 255, 255)', sections: 7 });
      await page.screenshot({ path: path.join(OUT, `report-print-${kind}.png`), fullPage: true });
      // On screen the evidence stays folded, so the check above is the print stylesheet's doing.
      await emulate(page, { media: 'screen', colorScheme: 'light' });
      expect(await page.evaluate(() => [...document.querySelectorAll('.finding details:not([open]) dl')].filter((e) => e.checkVisibility()).length)).toBe(0);
    }

    const pdf = Buffer.from(await (page as unknown as { pdf(o: object): Promise<Uint8Array> }).pdf({ format: 'A4', printBackground: true }));
    writeFileSync(path.join(OUT, `report-${kind}.pdf`), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBeGreaterThan(1);
    // Printing fired beforeprint, which opens every finding (for browsers without ::details-content).
    expect(await page.evaluate(() => document.querySelectorAll('.finding details:not([open])').length)).toBe(0);
  });

  it("keeps the language the user chose, over the browser's, on the popup and the report page", async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}`);
    await popup.waitForSelector('[data-testid="language"]', { timeout: 10_000 });
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
    await popup.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid="language"]');
      if (select) (select.value = 'fr'), select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitUntil(popup, () => document.documentElement.lang === 'fr' && document.querySelector('[data-testid="verdict"]') !== null);
    expect((await sendToExtension(env.session, { type: 'get-settings' })) as { language: string }).toMatchObject({ language: 'fr' });
    expect(await popup.evaluate(() => document.querySelector('[role="tab"]')?.textContent)).toMatch(/^Constats/);
    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(shop.report.visit.id)}`);
    await page.waitForSelector('[data-testid="section-findings"]', { timeout: 10_000 });
    expect(
      await page.evaluate(() => ({
        lang: document.documentElement.lang,
        heading: document.querySelector('#heading-findings')?.textContent,
        select: document.querySelector<HTMLSelectElement>('[data-testid="language"]')?.value,
      })),
    ).toEqual({ lang: 'fr', heading: expect.stringMatching(/^Constats/), select: 'fr' });
    await page.screenshot({ path: path.join(OUT, `report-fr-${kind}.png`), fullPage: false });
    // Changed behind the popup's back: the popup still guesses French and asks for a French report as it opens, then
    // learns the setting and must show the English report, not the French one it already has.
    await sendToExtension(env.session, { type: 'set-settings', settings: { language: 'auto' } });
    const again = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}`);
    const english = ((await sendToExtension(env.session, { type: 'get-report', tabId: shop.tabId, lang: 'en' })) as { report: Report }).report;
    await waitUntil(again, () => document.querySelector('.finding-title') !== null);
    const shownAgain = await again.evaluate(() => ({
      lang: document.documentElement.lang,
      titles: [...document.querySelectorAll('.finding-title')].map((t) => t.textContent ?? ''),
    }));
    expect(shownAgain.lang).toBe('en');
    expect(shownAgain.titles.length).toBeGreaterThan(0);
    expect(english.findings.map((f) => f.title)).toEqual(expect.arrayContaining(shownAgain.titles));
  });

  it('shows the number of critical and high findings on the toolbar badge, coloured by the worst', async () => {
    const { report } = (await requestReport(env.session, shop.tabId)) as { report: Report };
    const expected = badgeFor(report.findings);
    const badge = (await env.session.evalInExtension(async (tabId) => {
      const api = (globalThis as unknown as { browser?: BadgeApi; chrome?: BadgeApi }).browser ?? (globalThis as unknown as { chrome: BadgeApi }).chrome;
      return { text: await api.action.getBadgeText({ tabId }), color: await api.action.getBadgeBackgroundColor({ tabId }) };
    }, shop.tabId)) as { text: string; color: number[] };
    expect(Number(badge.text)).toBeGreaterThan(0);
    expect(badge.text).toBe(String(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length));
    expect(badge.color.slice(0, 3)).toEqual(hexToRgb(expected.color));
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
    const opted = JSON.parse(
      ((await sendToExtension(env.session, { type: 'export', format: 'json', includeValues: true, ...target })) as ExportFile).content,
    ) as Report;
    expect(validate(opted), JSON.stringify(validate.errors)).toBe(true);
    expect(opted.redacted).toBe(false);
    expect(opted.cookies.filter((c) => c.name === 'visitor_id').map((c) => c.value)).toContain('v1s1t0r');

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
    expect(counts).toEqual({
      requests: report.summary.requests,
      cookies: report.summary.cookies,
      findings: report.findings.length,
      embedded: report.summary.requests,
    });

    // The file itself, opened from disk with the network off (Chromium) and no subresource loaded (both).
    const file = path.join(OUT, `export-shop-${kind}.html`);
    writeFileSync(file, html.content);
    const context = env.session.context;
    await context?.setOffline(true);
    try {
      const opened = await env.session.newPage();
      await env.session.goto(opened, pathToFileURL(file).href);
      const shown = await opened.evaluate(() => ({
        requests: Number(document.querySelector('[data-count="requests"]')?.textContent),
        cookies: Number(document.querySelector('[data-count="cookies"]')?.textContent),
        findings: document.querySelectorAll('#findings tbody tr').length,
        groups: document.querySelectorAll('#findings > details.finding-group').length,
        overview: document.getElementById('overview')?.textContent,
        rows: document.querySelectorAll('#requests tbody tr').length,
        subresources: performance.getEntriesByType('resource').length,
        online: navigator.onLine,
      }));
      expect(shown).toEqual({
        requests: report.summary.requests,
        cookies: report.summary.cookies,
        findings: report.findings.length,
        groups: groupFindings(report.findings).length,
        overview: report.overview.sentences.map((s) => s.text).join(' '),
        rows: report.requests.length,
        subresources: 0,
        online: kind !== 'chromium',
      });
      await opened.screenshot({ path: path.join(OUT, `export-shop-${kind}.png`), fullPage: false });
      await opened.close();
    } finally {
      await context?.setOffline(false);
    }

    const zip = unzipSync(Buffer.from(csv.content, 'base64'));
    expect(Object.keys(zip).sort()).toEqual(['consent.csv', 'cookies.csv', 'findings.csv', 'masking.csv', 'requests.csv']);
    for (const f of csv.files ?? []) expect(strFromU8(zip[f.name] ?? new Uint8Array()), f.name).toBe(f.content);
  });

  it('downloads from the popup and the report page', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${shop.tabId}`);
    await popup.waitForSelector('[data-testid="export-md"]', { timeout: 10_000 });
    await popup.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="export-md"]')?.click());
    await popup.waitForSelector('[data-testid="export-status"]', { timeout: 10_000 });
    expect(await popup.evaluate(() => document.querySelector('[data-testid="export-status"]')?.textContent)).toMatch(
      /^Saved consent-inspector-shop\.example-.*\.md\.$/,
    );
    expect(await inertness(popup)).toEqual({ injected: 0, pwned: 0, javascriptLinks: 0 });

    const page = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(shop.report.visit.id)}&lang=en`);
    await page.waitForSelector('[data-testid="export-csv"]', { timeout: 10_000 });
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="export-csv"]')?.click());
    await page.waitForSelector('[data-testid="export-status"]', { timeout: 10_000 });
    expect(await page.evaluate(() => document.querySelector('[data-testid="export-status"]')?.textContent)).toMatch(
      /^Saved consent-inspector-shop\.example-.*-csv\.zip\.$/,
    );
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="export-har"]')?.click());
    await waitUntil(page, () => /\.har\.$/.test(document.querySelector('[data-testid="export-status"]')?.textContent ?? ''));
    expect(await page.evaluate(() => document.querySelector('[data-testid="export-status"]')?.textContent)).toMatch(
      /^Saved consent-inspector-shop\.example-.*\.har\.$/,
    );
  });
});

describe('browser language', () => {
  it('opens the popup in French in a French Chromium, with no setting and no ?lang=', async () => {
    const session = await launchBrowser('chromium', { extensionDir: extensionDir('chromium'), args: ['--lang=fr'] });
    try {
      const popup = await session.openExtensionPage('popup.html?tabId=-1');
      // Past "Loading…": the popup has asked the background about the tab.
      await waitUntil(popup, () => /[^…]$/.test(document.querySelector('.status')?.textContent ?? '…'));
      expect(await popup.evaluate(() => ({ lang: document.documentElement.lang, text: document.querySelector('.status')?.textContent }))).toEqual({
        lang: 'fr',
        text: createTranslator('fr')('app.empty'),
      });
    } finally {
      await session.close();
    }
  });
});

describe('dark theme in firefox', () => {
  // Puppeteer cannot switch Firefox's colour scheme at run time (no CDP), so this profile starts dark.
  let env: { server: Awaited<ReturnType<typeof startFixtureServer>>; session: Awaited<ReturnType<typeof launchBrowser>> };
  beforeAll(async () => {
    const server = await startFixtureServer();
    const session = await launchBrowser('firefox', {
      extensionDir: extensionDir('firefox'),
      server,
      prefs: { 'ui.systemUsesDarkTheme': 1, 'layout.css.prefers-color-scheme.content-override': 0 },
    });
    env = { server, session };
  });
  afterAll(async () => {
    await env?.session.close();
    await env?.server.close();
  });

  it('has no serious or critical accessibility violations in the dark popup and report page (axe-core)', async () => {
    const page = await env.session.newPage();
    await env.session.goto(page, 'https://shop.example/');
    await sleep(3000);
    const tabId = await findTabId(env.session, 'https://shop.example/');
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}&lang=en`);
    await popup.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
    const report = await env.session.openExtensionPage(`report.html?tabId=${tabId}&lang=en`);
    await report.waitForSelector('[data-testid="section-findings"]', { timeout: 10_000 });
    const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const p of [popup, report]) {
      expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
      await p.evaluate(() =>
        document.querySelectorAll('details').forEach((d) => {
          d.open = true;
        }),
      );
    }
    for (const label of ['Findings', 'Trackers', 'Cookies', 'Storage', 'Session replay', 'Timeline', 'Requests']) {
      await selectTab(popup, label);
      await popup.evaluate(() =>
        document.querySelectorAll('details').forEach((d) => {
          d.open = true;
        }),
      );
      expect(serious(await runAxe(popup, AXE)), `popup ${label}`).toEqual([]);
    }
    expect(serious(await runAxe(report, AXE)), 'report').toEqual([]);
    await popup.screenshot({ path: path.join(OUT, 'popup-dark-firefox.png'), fullPage: true });
    await report.screenshot({ path: path.join(OUT, 'report-dark-firefox.png'), fullPage: true });
  });
});

interface BadgeApi {
  action: { getBadgeText(d: { tabId: number }): Promise<string>; getBadgeBackgroundColor(d: { tabId: number }): Promise<number[]> };
}

function hexToRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}

/** Page objects (`/Type /Page`, not `/Pages`) in the PDF, including those in compressed object streams (Firefox). */
function pdfPageCount(pdf: Buffer): number {
  const raw = pdf.toString('latin1');
  const streams = [...raw.matchAll(/stream\r?\n/g)].map((m) => {
    const start = (m.index ?? 0) + m[0].length;
    try {
      return inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      return '';
    }
  });
  return [raw, ...streams].join('\n').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

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
