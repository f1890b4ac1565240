// Shared by the page-load benchmarks: one load of the 300-subresource fixture page in a new tab.

/** The fixture page on loopback, and the same page with every answer held back 30 ms (tests/fixtures/server.mjs). */
export const PAGES = [
  ['loopback', 'https://load.example/'],
  ['30 ms server latency', 'https://latency-30.load.example/'],
];

/**
 * Load-event time (ms from navigation start) of the fixture page at `origin` in a page from `newPage`; checks every
 * script ran. Works with a Playwright (Chromium) and a Puppeteer (Firefox) page alike.
 */
export async function loadTime(newPage, run, origin = 'https://load.example/') {
  const page = await newPage();
  await page.goto(`${origin}?run=${run}`, { waitUntil: 'load', timeout: 60_000 });
  const ms = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    return nav.loadEventStart - nav.startTime;
  });
  const loaded = await page.evaluate(() => window.__loaded ?? 0);
  await page.close();
  if (loaded !== 60) throw new Error(`only ${loaded} of 60 scripts ran`);
  return ms;
}
