// The page-load overhead run shared by page-load.bench.mjs (Chromium) and page-load-firefox.bench.mjs: the load-event
// time of the 300-subresource fixture page, on loopback and with 30 ms of server latency, in four launches of the same
// browser open at once (capture-variants.mjs), taken in rotating order each round so the machine's load drifts over
// all of them alike. Prints medians and each variant's ratio to "without" from the same run.
import { startFixtureServer } from '../fixtures/server.mjs';
import { launchVariant, loadAverage, median, rotate, VARIANTS } from './capture-variants.mjs';
import { loadTime, PAGES } from './load-time.mjs';

const GOALS = { everyday: 1.05, full: 1.25 };
const LABELS = { floor: 'floor (empty extension, same listeners)', everyday: 'everyday overhead', full: 'full capture overhead' };

export async function pageLoadOverhead(kind, runs) {
  const startLoad = loadAverage();
  const server = await startFixtureServer();
  const launched = {};
  try {
    for (const variant of VARIANTS) launched[variant] = await launchVariant(kind, variant, server);
    const version = (launched.everyday.session?.version ?? '').replace(/^[A-Za-z]+\//, '');
    const samples = Object.fromEntries(PAGES.map(([page]) => [page, Object.fromEntries(VARIANTS.map((v) => [v, []]))]));
    for (let i = -2; i < runs; i++) {
      // The first two rounds warm up.
      for (const [page, origin] of PAGES) {
        for (const variant of rotate(VARIANTS, i)) {
          const ms = await loadTime(launched[variant].newPage, `${variant}-${i}`, origin);
          if (i >= 0) samples[page][variant].push(ms);
        }
      }
    }
    console.log(`page load, ${kind} ${version}, 300 subresources, ${runs} rounds (median load-event time; ratio to without, same run)`);
    console.log(`  load average at start: ${startLoad}`);
    for (const [page] of PAGES) {
      const base = median(samples[page].without);
      console.log(`  ${page}: without extension ${base.toFixed(0)} ms`);
      for (const variant of VARIANTS.slice(1)) {
        const ms = median(samples[page][variant]);
        const goal = GOALS[variant] ? ` (goal ≤ ${GOALS[variant].toFixed(2)})` : '';
        console.log(`    ${`${LABELS[variant]}:`.padEnd(42)} ${(ms / base).toFixed(3)}${goal}  ${ms.toFixed(0)} ms`);
      }
    }
    for (const variant of VARIANTS) if (launched[variant].note) console.log(`  note: ${launched[variant].note}`);
    console.log(`  load average at end: ${loadAverage()}`);
  } finally {
    for (const variant of VARIANTS) await launched[variant]?.close();
    await server.close();
  }
}
