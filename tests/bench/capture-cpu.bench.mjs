// CPU the capture costs, in Chromium, on the 300-subresource fixture page on loopback, for the four launches of
// capture-variants.mjs (without, floor, everyday, full), taken in rotating order each round:
//   - added CPU per request: every process of the browser (Linux /proc: utime + stime, 10 ms ticks) from just before
//     the navigation to 1.5 s after the load event, minus "without", divided by the requests the fixture server saw;
//   - worker CPU per request: the same over the extension's "ServiceWorker thread" alone (the kernel's thread figures);
//   - probe CPU per frame, from a trace of one more load per variant each round: the page's main thread, thread CPU of
//     its tasks (RunTask), the content scripts' evaluation (EvaluateScript), and the V8 sampling profiler's samples in
//     each content script's own code over the whole load (leaf frame, or the nearest frame with a script URL): the
//     probe (content-scripts/probe.js, main world) and the isolated-world scripts.
// BENCH_RUNS: rounds. Firefox is measured by page-load-firefox.bench.mjs only (see the last line of the output).
import { startFixtureServer } from '../fixtures/server.mjs';
import { launchVariant, loadAverage, median, rotate, VARIANTS } from './capture-variants.mjs';
import { childPids, cpuTicks, spent, TICK_MS } from './proc-cpu.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ORIGIN = 'https://load.example/';
const SETTLE_MS = 1500;
const startLoad = loadAverage();
const server = await startFixtureServer();
const launched = {};
try {
  for (const variant of VARIANTS) {
    const before = new Set(childPids());
    launched[variant] = await launchVariant('chromium', variant, server);
    const roots = childPids().filter((pid) => !before.has(pid));
    if (roots.length !== 1) throw new Error(`expected one new browser process for ${variant}, found ${roots.length}`);
    launched[variant].root = roots[0];
  }
  const version = launched.everyday.session.version;
  const samples = Object.fromEntries(
    VARIANTS.map((v) => [v, { total: [], worker: [], requests: [], main: [], evaluate: {}, sampled: {}, probe: [], frames: [] }]),
  );
  for (let i = -2; i < RUNS; i++) {
    // The first two rounds warm up.
    for (const variant of rotate(VARIANTS, i)) {
      const cpu = await measuredLoad(launched[variant], `${variant}-cpu-${i}`);
      const traced = await tracedLoad(launched[variant], `${variant}-trace-${i}`);
      if (i < 0) continue;
      const s = samples[variant];
      s.total.push(cpu.total * TICK_MS);
      s.worker.push(cpu.worker * TICK_MS);
      s.requests.push(cpu.requests);
      s.main.push(traced.main);
      s.probe.push(traced.probe);
      s.frames.push(traced.frames);
      for (const [script, ms] of Object.entries(traced.evaluate)) (s.evaluate[script] ??= []).push(ms);
      for (const [script, ms] of Object.entries(traced.sampled)) (s.sampled[script] ??= []).push(ms);
    }
  }
  const m = Object.fromEntries(
    VARIANTS.map((v) => [v, Object.fromEntries(['total', 'worker', 'requests', 'main', 'probe', 'frames'].map((k) => [k, median(samples[v][k])]))]),
  );
  const requests = m.without.requests;
  const ms = (x) => `${x.toFixed(x < 1 ? 2 : x < 100 ? 1 : 0)} ms`;
  const perRequest = (v, key, base = 0) => ms((m[v][key] - base) / m[v].requests);
  console.log(`capture CPU, Chromium ${version}, 300-subresource page on loopback (${requests} requests), ${RUNS} rounds, medians`);
  console.log(`  load average at start: ${startLoad}`);
  console.log(
    `  browser CPU, all processes, per load: without ${ms(m.without.total)}; floor ${ms(m.floor.total)}, everyday ${ms(m.everyday.total)}, full ${ms(m.full.total)}`,
  );
  console.log(
    `  added CPU per request (vs without): floor ${perRequest('floor', 'total', m.without.total)}, everyday ${perRequest('everyday', 'total', m.without.total)}, full ${perRequest('full', 'total', m.without.total)}`,
  );
  console.log(
    `  worker thread CPU per request: floor ${perRequest('floor', 'worker')}, everyday ${perRequest('everyday', 'worker')}, full ${perRequest('full', 'worker')} (per load: ${ms(m.everyday.worker)} everyday)`,
  );
  console.log(
    `  page main thread CPU per load (1 frame): without ${ms(m.without.main)}; floor ${ms(m.floor.main)}, everyday ${ms(m.everyday.main)}, full ${ms(m.full.main)}`,
  );
  const evaluations = Object.entries(samples.everyday.evaluate).map(([script, xs]) => `${script} ${ms(median(xs))}`);
  console.log(`  content scripts' evaluation per frame (everyday): ${evaluations.join(', ') || 'none seen'}`);
  // Samples come in whole intervals, and a round without one in a script has none: means, not medians.
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / RUNS;
  const sampledAll = Object.entries(samples.everyday.sampled).map(([script, xs]) => `${script} ${ms(mean(xs))}`);
  console.log(`  content scripts' JS over the load per frame, sampled (everyday, mean): ${sampledAll.join(', ') || 'none seen'}`);
  console.log(
    `  probe CPU per frame, sampled over the load: everyday ${ms(m.everyday.probe / Math.max(1, m.everyday.frames))}, full ${ms(m.full.probe / Math.max(1, m.full.frames))} (${m.everyday.frames} frame(s) with the probe)`,
  );
  for (const variant of VARIANTS) if (launched[variant].note) console.log(`  note: ${launched[variant].note}`);
  console.log(`  load average at end: ${loadAverage()}`);
  console.log(
    '  Firefox: not measured here (WebDriver BiDi has no trace or profiler, and its extension has no worker thread of its own); page-load-firefox.bench.mjs has its overhead',
  );
} finally {
  for (const variant of VARIANTS) await launched[variant]?.close();
  await server.close();
}

/** One load with the browser's CPU ticks read before the navigation and after the load event plus SETTLE_MS. */
async function measuredLoad(variant, run) {
  const page = await variant.newPage();
  const seen = server.log.length;
  const before = cpuTicks(variant.root);
  await page.goto(`${ORIGIN}?run=${run}`, { waitUntil: 'load', timeout: 60_000 });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const cpu = spent(before, cpuTicks(variant.root));
  await checkLoaded(page);
  await page.close();
  const requests = server.log.slice(seen).filter((e) => e.path.includes(`run=${run}`)).length;
  return { ...cpu, worker: Math.max(0, cpu.worker), requests };
}

/** One load traced: the page's main thread CPU, the content scripts' evaluation and the probe's sampled CPU. */
async function tracedLoad(variant, run) {
  const page = await variant.newPage();
  const cdp = await variant.context.newCDPSession(page);
  const events = [];
  let complete;
  const completed = new Promise((r) => {
    complete = r;
  });
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  cdp.on('Tracing.tracingComplete', () => complete());
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler',
    transferMode: 'ReportEvents',
  });
  await page.goto(`${ORIGIN}?run=${run}`, { waitUntil: 'load', timeout: 60_000 });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  await cdp.send('Tracing.end');
  await completed;
  await checkLoaded(page);
  await page.close();
  return pageFigures(events, `${ORIGIN}?run=${run}`);
}

function pageFigures(trace, url) {
  const parse = trace.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
  if (!parse) throw new Error(`no ParseHTML of ${url} in the trace`);
  const onMain = (e) => e.pid === parse.pid && e.tid === parse.tid;
  const main = trace.filter((e) => onMain(e) && e.name === 'RunTask' && e.ph === 'X').reduce((sum, e) => sum + (e.tdur ?? e.dur), 0) / 1000;
  const evaluate = {};
  let frames = 0;
  for (const e of trace.filter((e) => onMain(e) && e.name === 'EvaluateScript')) {
    const script = /^chrome-extension:\/\/[a-p]{32}\/content-scripts\/(.+)$/.exec(e.args?.data?.url ?? '')?.[1];
    if (!script) continue;
    evaluate[script] = (evaluate[script] ?? 0) + (e.tdur ?? e.dur) / 1000;
    if (script === 'probe.js') frames++;
  }
  const sampled = sampledMs(trace, parse.pid, parse.tid);
  return { main, evaluate, frames, probe: sampled['probe.js'] ?? 0, sampled };
}

/** Milliseconds of V8 samples on thread pid/tid by content script, from the leaf frame or the nearest frame with a URL. */
function sampledMs(trace, pid, tid) {
  const profiles = new Set(trace.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id));
  const nodes = new Map();
  const total = {};
  for (const e of trace.filter((e) => e.name === 'ProfileChunk' && e.pid === pid && profiles.has(e.id))) {
    const profile = e.args.data.cpuProfile ?? {};
    for (const node of profile.nodes ?? []) nodes.set(node.id, node);
    const deltas = e.args.data.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, k) => {
      let node = nodes.get(id);
      while (node && !node.callFrame.url && node.parent) node = nodes.get(node.parent);
      const script = /^chrome-extension:\/\/[a-p]{32}\/content-scripts\/(.+)$/.exec(node?.callFrame.url ?? '')?.[1];
      if (script) total[script] = (total[script] ?? 0) + Math.max(0, deltas[k + 1] ?? 0) / 1000;
    });
  }
  return total;
}

async function checkLoaded(page) {
  const loaded = await page.evaluate(() => window.__loaded ?? 0);
  if (loaded !== 60) throw new Error(`only ${loaded} of 60 scripts ran`);
}
