// Shared by the page-load benchmarks: one load of the 300-subresource fixture page in a new tab.

/** Load-event time (ms from navigation start) of https://load.example/ in a page from `newPage`; checks every script ran. */
export async function loadTime(newPage, run) {
  const page = await newPage();
  await page.goto(`https://load.example/?run=${run}`, { waitUntil: 'load' });
  const ms = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    return nav.loadEventStart - nav.startTime;
  });
  const loaded = await page.evaluate(() => window.__loaded ?? 0);
  await page.close();
  if (loaded !== 60) throw new Error(`only ${loaded} of 60 scripts ran`);
  return ms;
}
