import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import schema from '@/lib/report/report.schema.json';
import type { Report } from '@/lib/report/types';
import { BROWSERS, sendToExtension, startSession } from './harness';
import { axeSource, runAxe } from './pages';

// The reject audit on a real consent manager (Klaro, from npm) screenshots the tab the user sees: at first paint,
// with the banner, and right after the refusal. A tab the user does not see gets none.
type Session = Awaited<ReturnType<typeof startSession>>;

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

async function reject(env: Session, tabId: number): Promise<Extract<ScenarioResult, { ok: true }>> {
  const result = (await sendToExtension(env.session, { type: 'run-scenario', tabId, scenario: 'reject', seconds: 1 })) as ScenarioResult;
  if (!result.ok) throw new Error(`scenario did not run: ${result.reason}`);
  return result;
}

async function reportOf(env: Session, visitId: string, includeScreenshots: boolean): Promise<Report> {
  const response = (await sendToExtension(env.session, { type: 'get-report', visitId, includeScreenshots })) as { ok: boolean; report: Report };
  if (!response.ok) throw new Error('no report');
  return response.report;
}

async function exported(env: Session, visitId: string, format: 'html' | 'json', includeScreenshots: boolean): Promise<string> {
  const file = (await sendToExtension(env.session, { type: 'export', format, visitId, includeScreenshots })) as { ok: boolean; content: string };
  return file.content;
}

/** The images' pixel sizes as the browser decodes them (not as the extension's own header parser reads them). */
async function decodedSizes(env: Session, dataUrls: string[]): Promise<{ width: number; height: number }[]> {
  return (await env.session.evalInExtension(
    (urls: string[]) =>
      Promise.all(
        urls.map(
          (src) =>
            new Promise((resolve, reject) => {
              const img = new Image();
              img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
              img.onerror = () => reject(new Error('not an image'));
              img.src = src;
            }),
        ),
      ),
    dataUrls,
  )) as { width: number; height: number }[];
}

describe.each(BROWSERS)('screenshots in %s', (kind) => {
  let env: Session;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  it('a reject audit keeps the banner and the page after the refusal, placed on the timeline, exported only when included', async () => {
    const { page, tabId } = await env.visit('https://klaro-ok.example/', { settle: 500 });
    await env.session.input(page).front();
    const viewport = (await page.evaluate(() => ({ width: innerWidth * devicePixelRatio, height: innerHeight * devicePixelRatio }))) as {
      width: number;
      height: number;
    };
    const result = await reject(env, tabId);
    expect(result.outcome).toBe('confirmed');
    const visitId = result.visitIds[0] ?? '';
    const report = await reportOf(env, visitId, true);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.screenshotsDropped).toEqual([]);
    expect(report.screenshots.map((s) => [s.reason, s.phase])).toEqual([
      ['first-paint', 'before-choice'],
      ['banner', 'before-choice'],
      ['after-choice', 'after-refusal'],
    ]);
    const [, banner, after] = report.screenshots;
    expect(banner?.fromChoice).toBeLessThan(0);
    expect(after?.fromChoice).toBeGreaterThan(0);
    // The images are the visible tab as the browser decodes them, the size the extension says, and the banner went.
    const sizes = await decodedSizes(
      env,
      report.screenshots.map((s) => s.dataUrl ?? ''),
    );
    expect(sizes).toEqual(report.screenshots.map((s) => ({ width: s.width, height: s.height })));
    for (const size of sizes) expect(size).toEqual(viewport);
    expect(banner?.dataUrl).not.toBe(after?.dataUrl);
    for (const s of report.screenshots) expect(s.bytes).toBeLessThanOrEqual(300_000);

    // Exports leave the images out unless asked; the report page shows them.
    const plain = await exported(env, visitId, 'html', false);
    expect(plain).not.toMatch(/<img\b/);
    expect(plain).toContain('(image not included)');
    const withImages = await exported(env, visitId, 'html', true);
    expect(withImages.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(3);
    const json = JSON.parse(await exported(env, visitId, 'json', false)) as Report;
    expect(json.screenshots).toHaveLength(3);
    expect(json.screenshots.some((s) => 'dataUrl' in s)).toBe(false);

    const reportPage = await env.session.openExtensionPage(`report.html?visitId=${encodeURIComponent(visitId)}`);
    const shown = async () =>
      (await reportPage.evaluate(() =>
        [...document.querySelectorAll('[data-testid="screenshots"] img')].map((i) => (i as HTMLImageElement).naturalWidth),
      )) as number[];
    for (let i = 0; i < 100 && (await shown()).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await shown()).toEqual(sizes.map((s) => s.width));
    const serious = (await runAxe(reportPage, axeSource())).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    await reportPage.close();
    await page.close();
  });

  it('a tab the user does not see gets no screenshot: each one is dropped as not visible', async () => {
    const { page, tabId } = await env.visit('https://cookieconsent-ok.example/', { settle: 500 });
    const other = await env.session.newPage();
    await env.session.input(other).front();
    const result = await reject(env, tabId);
    const report = await reportOf(env, result.visitIds[0] ?? '', true);
    expect(report.screenshots).toEqual([]);
    expect(report.screenshotsDropped.length).toBeGreaterThan(0);
    expect(report.screenshotsDropped.every((d) => d.why === 'not-visible')).toBe(true);
    await other.close();
    await page.close();
  });
});
