// Consent banner detector cost: node tests/bench/banner.bench.mjs
// One scan of lib/capture/banner.ts (findBanners with the browser's layout) in real Chromium, on pages built to be
// heavy for it: a news-like page of 3,000 links and 300 buttons, with and without a consent banner at its end, and a
// page of 10,000 links (the cap is 20,000 controls). The first scan after the page is built pays for the layout the page
// would compute anyway; the others are the detector's own cost. The watcher runs at most 20 scans per frame
// (tests/unit/capture/banner-watch.test.ts), so 20 × the median bounds what a frame pays in all. On a shared, loaded
// machine the minimum is the closest to the detector's own cost.
import { chromium } from 'playwright-core';
import { rolldown } from 'rolldown';
import { findBrowser } from '../../lib/cli/browsers.mjs';
import { ROOT } from './load-classifier.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const bundle = await rolldown({ input: `${ROOT}/lib/capture/banner.ts`, platform: 'browser', cwd: ROOT, logLevel: 'silent' });
const { output } = await bundle.generate({ format: 'iife', name: 'BannerBench' });
await bundle.close();

const banner = `<div style="position:fixed;bottom:0;left:0;right:0;background:#fff">We use cookies and similar technologies.
  <button>Accept all</button><button>Reject all</button><a href="#s">Manage settings</a></div>`;
const news = (links, withBanner) =>
  `<!doctype html><html lang="en"><body>${Array.from(
    { length: links / 10 },
    (_, i) =>
      `<section class="story s${i}"><h2>Story ${i}</h2>${'<p><a href="/a">Read more about the story</a></p>'.repeat(10)}${i % 10 ? '' : '<button>Share</button>'.repeat(10)}</section>`,
  ).join('')}${withBanner ? banner : ''}</body></html>`;

const browser = await chromium.launch({ executablePath: findBrowser('chromium'), headless: true, args: ['--disable-gpu'] });
const page = await browser.newPage();
const rows = [];
for (const [name, html] of [
  ['3,000 links + 300 buttons, consent banner', news(3000, true)],
  ['3,000 links + 300 buttons, no banner', news(3000, false)],
  ['10,000 links, consent banner', news(10000, true)],
]) {
  await page.setContent(html);
  await page.addScriptTag({ content: output[0].code });
  const result = await page.evaluate((runs) => {
    const { findBanners, browserLayout } = globalThis.BannerBench;
    const layout = browserLayout(window);
    const scan = () => {
      const start = performance.now();
      const { banners, complete } = findBanners(document, layout, { budgetMs: 1e9 });
      return { ms: performance.now() - start, found: banners.map((b) => b.kind).join(','), complete };
    };
    document.body.append(document.createElement('div'));
    const first = scan();
    const times = Array.from({ length: runs }, () => scan().ms).sort((a, b) => a - b);
    return { first, min: times[0], median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
  }, RUNS);
  rows.push({ page: name, ...result });
}
await browser.close();

for (const r of rows) {
  console.log(
    `${r.page}: first scan ${r.first.ms.toFixed(1)} ms (found ${r.first.found || 'nothing'}${r.first.complete ? '' : ', stopped at the cap'}), then min ${r.min.toFixed(2)} ms, median ${r.median.toFixed(2)} ms, max ${r.max.toFixed(2)} ms`,
  );
}
const worst = Math.max(...rows.map((r) => r.median));
console.log(`worst median per scan: ${worst.toFixed(2)} ms; a frame's whole watch (20 scans) at most ${(20 * worst).toFixed(0)} ms spread over 20 s`);
