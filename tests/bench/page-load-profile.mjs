// Profiles the page-load overhead: the load-event time of the 300-subresource fixture page without the extension and
// with each of several builds of it, all open at once and taken in rotating order each round, so the machine's load
// drifts over all of them alike. Usage: node tests/bench/page-load-profile.mjs name=dir [name=dir …]
// (build variants with parts switched off, e.g. no extraHeaders, no content scripts, no IndexedDB writes).
import path from 'node:path';
import { launchBrowser } from '../../lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { median, plainChromium } from './capture-variants.mjs';
import { loadTime } from './load-time.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const builds = process.argv.slice(2).map((arg) => arg.split('='));
if (!builds.length || builds.some(([name, dir]) => !name || !dir)) throw new Error('usage: page-load-profile.mjs name=dir [name=dir …]');

const server = await startFixtureServer();
const plain = await plainChromium(server);
const contexts = [['without', () => plain.newPage(), plain]];
for (const [name, dir] of builds) {
  const session = await launchBrowser('chromium', { extensionDir: path.resolve(dir), server });
  contexts.push([name, () => session.newPage(), session]);
}

const samples = Object.fromEntries(contexts.map(([name]) => [name, []]));
for (let i = -2; i < RUNS; i++) {
  const shift = ((i % contexts.length) + contexts.length) % contexts.length;
  for (const [name, open] of [...contexts.slice(shift), ...contexts.slice(0, shift)]) {
    const ms = await loadTime(open, `${name}-${i}`);
    if (i >= 0) samples[name].push(ms);
  }
}
for (const [, , context] of contexts) await context.close();
await server.close();

const base = median(samples.without);
console.log(`page load, 300 subresources, ${RUNS} rounds (median load-event time, ratio to without)`);
for (const [name] of contexts)
  console.log(`  ${name.padEnd(12)} ${median(samples[name]).toFixed(1).padStart(8)} ms  ${(median(samples[name]) / base).toFixed(3)}`);
