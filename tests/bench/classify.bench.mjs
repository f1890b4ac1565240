// Classifier benchmark: node tests/bench/classify.bench.mjs [--urls 100000]
// Prints load + index build time (the vendor files as the build reads them, and the compiled database as the extension
// reads it), median / p99 ns per URL for classifyUrl and for @ghostery/trackerdb (comparison only; never imported from
// lib/ or entrypoints/), and the gzipped size of the bundled database.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, loadClassifier } from './load-classifier.mjs';

const count = Number(process.argv[process.argv.indexOf('--urls') + 1]) || 100_000;
const classify = await loadClassifier();

const t0 = process.hrtime.bigint();
const files = classify.readVendorFiles(ROOT);
const { vendors, problems } = classify.loadVendors(files);
const t1 = process.hrtime.bigint();
const built = classify.buildVendorIndex(vendors);
const t2 = process.hrtime.bigint();
if (problems.length > 0) console.warn(`! ${problems.length} vendor file problems (files left out)`);
const compiled = classify.compileVendorFiles(files);
if (!compiled.ok) throw new Error(compiled.problems.join('\n'));
const compiledText = JSON.stringify(compiled.database);
const t3 = process.hrtime.bigint();
const index = classify.readVendorDatabase(JSON.parse(compiledText));
const t4 = process.hrtime.bigint();
if (index.hosts.size !== built.hosts.size) throw new Error('the compiled database differs from the files');

const corpus = buildCorpus(vendors, count);
const topSite = 'news-site.example';

// Warm up, then time each call. The timer's own cost is measured and subtracted.
for (let i = 0; i < 3; i++) for (const url of corpus) classify.classifyUrl(index, url, topSite);
const overhead = timerOverhead();
const ours = timeEach(corpus, (url) => classify.classifyUrl(index, url, topSite), overhead);
const kinds = countKinds(corpus.map((url) => classify.classifyUrl(index, url, topSite).kind));

const ghostery = await timeGhostery(corpus, overhead);

const jsonBytes = Buffer.from(compiledText);
console.log(`Consent Inspector classifier benchmark (Node ${process.version})`);
console.log(`  vendors: ${vendors.length} files, ${index.hosts.size} host entries`);
console.log(`  cold load, files: read + JSON.parse + parseVendor ${ms(t1 - t0)} ms, buildVendorIndex ${ms(t2 - t1)} ms, total ${ms(t2 - t0)} ms`);
console.log(
  `  cold load, compiled database (as the extension reads it): JSON.parse + readVendorDatabase ${ms(t4 - t3)} ms, ratio to files ${(Number(t4 - t3) / Number(t2 - t0)).toFixed(2)}`,
);
console.log(`  bundled database (compiled JSON): ${jsonBytes.length} bytes, ${gzipSync(jsonBytes, { level: 9 }).length} bytes gzipped`);
console.log(
  `  corpus: ${corpus.length} URLs (${kinds.vendor ?? 0} vendor, ${kinds.unclassified ?? 0} unclassified, ${kinds.unclassifiable ?? 0} unclassifiable)`,
);
console.log(`  classifyUrl:            median ${ours.median} ns/URL, p99 ${ours.p99} ns/URL, mean ${ours.mean} ns/URL`);
if (ghostery) {
  console.log(
    `  @ghostery/trackerdb:    median ${ghostery.median} ns/URL, p99 ${ghostery.p99} ns/URL, mean ${ghostery.mean} ns/URL (engine load ${ghostery.loadMs} ms)`,
  );
  console.log(
    `  ratio (trackerdb / ours): median ×${(ghostery.median / Math.max(ours.median, 1)).toFixed(1)}, mean ×${(ghostery.mean / Math.max(ours.mean, 1)).toFixed(1)}`,
  );
}
console.log(`  goal ≤ 1000 ns median per URL: ${ours.median <= 1000 ? 'met' : 'NOT met'}`);

function buildCorpus(vendors, n) {
  const random = mulberry32(0x5eed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const known = vendors.flatMap((vendor) => vendor.domains);
  const subdomains = ['www', 'cdn', 'static', 'api', 'px', 'collect', 'sync', 'ads', 'eu', 'region1', 'a1', 'img'];
  const paths = [
    '/',
    '/js/tag.js',
    '/collect?v=2&tid=G-XXXX&cid=123.456',
    '/pixel.gif?id=42',
    '/recaptcha/api.js',
    '/pagead/1p-user-list/1/',
    '/tr?id=1&ev=PageView',
    '/sync?partner=x&uid=abc',
    '/v1/track',
    '/static/app.min.js',
  ];
  const tlds = ['com', 'net', 'org', 'io', 'de', 'fr', 'co.uk', 'com.au', 'github.io', 'myshopify.com', 'co.jp', 'es'];
  const words = ['shop', 'news', 'metrics', 'widget', 'media', 'assets', 'cloud', 'data', 'track', 'pixel', 'font', 'video', 'stats', 'chat'];
  const urls = [];
  while (urls.length < n) {
    const r = random();
    if (r < 0.6) {
      const entry = pick(known);
      const slash = entry.indexOf('/');
      const host = slash < 0 ? entry : entry.slice(0, slash);
      const sub = random() < 0.7 ? `${pick(subdomains)}.` : '';
      const path = slash < 0 ? pick(paths) : `${entry.slice(slash)}/x.js`;
      urls.push(`https://${sub}${host}${path}`);
    } else if (r < 0.95) {
      const host = `${random() < 0.5 ? `${pick(subdomains)}.` : ''}${pick(words)}${Math.floor(random() * 5000)}.${pick(tlds)}`;
      urls.push(`https://${host}${pick(paths)}`);
    } else {
      urls.push(
        pick([
          'data:image/png;base64,iVBORw0KGgo=',
          'blob:https://news-site.example/0b1c',
          'about:blank',
          'https://WWW.Google-Analytics.COM./g/collect',
          'http://192.168.1.10:8080/x',
          'https://[2001:db8::1]/x',
          'wss://ws1.example-rt.io/socket',
          'https://news-site.example/app.js',
        ]),
      );
    }
  }
  return urls;
}

async function timeGhostery(corpus, overhead) {
  try {
    const require = createRequire(import.meta.url);
    const enginePath = join(dirname(require.resolve('@ghostery/trackerdb')), '../trackerdb.engine');
    const { default: loadTrackerDB } = await import('@ghostery/trackerdb');
    const s = process.hrtime.bigint();
    const db = await loadTrackerDB(new Uint8Array(readFileSync(enginePath)));
    const loadMs = ms(process.hrtime.bigint() - s);
    const run = (url) => {
      try {
        return db.matchUrl({ url, type: 'script', sourceUrl: 'https://news-site.example/' });
      } catch {
        return [];
      }
    };
    for (const url of corpus) run(url);
    return { ...timeEach(corpus, run, overhead), loadMs };
  } catch (error) {
    console.warn(`! @ghostery/trackerdb comparison skipped: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
}

function timeEach(corpus, fn, overhead) {
  const times = new Float64Array(corpus.length);
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < corpus.length; i++) {
    const s = process.hrtime.bigint();
    const result = fn(corpus[i]);
    times[i] = Math.max(0, Number(process.hrtime.bigint() - s) - overhead);
    if (result) sink++;
  }
  const total = Number(process.hrtime.bigint() - start) - overhead * corpus.length;
  times.sort();
  if (sink < 0) console.log(sink);
  return {
    median: Math.round(times[Math.floor(times.length / 2)] ?? 0),
    p99: Math.round(times[Math.floor(times.length * 0.99)] ?? 0),
    mean: Math.round(total / corpus.length),
  };
}

function timerOverhead() {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const s = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - s);
  }
  samples.sort();
  return samples[samples.length >> 1] ?? 0;
}

function countKinds(kinds) {
  const counts = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function ms(ns) {
  return (Number(ns) / 1e6).toFixed(1);
}

function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
