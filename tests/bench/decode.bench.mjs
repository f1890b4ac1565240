// Throughput of the canary leak test core (lib/replay: decodePayload + findCanaries) on recorder-shaped payloads,
// against the goal of 50 MB/s on the wire (issue 11), on both inflation paths: the platform's DecompressionStream
// (decodePayloadAsync, what the extension runs) and fflate alone (decodePayload, the fallback). The previous decoder
// (decoding every layer to text, a regular expression for value anchors and a second pass for digests) is measured in
// the same run, interleaved, so that load from other processes skews all alike; the ratios are the figures to trust
// on a shared machine.
// Run: npx node tests/bench/decode.bench.mjs [--mb=60] [--rounds=3] [--against=<git revision>|none] [--no-browser] [--profile]
// The TypeScript sources are bundled to /tmp with rolldown (installed with vite), then imported.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import * as fflate from 'fflate';
import lzString from 'lz-string';
import { build } from 'rolldown';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const targetMb = Number(option('mb', 60));
const rounds = Number(option('rounds', 3));
const GOAL_MB_S = 50;
/** The last commit with the previous decoder; `--against` measures another revision instead. */
const PREVIOUS = 'b598072';
const against = option('against', PREVIOUS);

const outDir = fs.mkdtempSync(join(tmpdir(), 'replay-bench-'));
/** Bundles lib/replay/{decode,canary}.ts under `base` and imports it. */
async function bundle(base, name) {
  const entry = join(base, `${name}-entry.ts`);
  fs.writeFileSync(
    entry,
    `export * from ${JSON.stringify(join(base, 'lib/replay/decode.ts'))};\nexport * from ${JSON.stringify(join(base, 'lib/replay/canary.ts'))};\n`,
  );
  await build({ input: entry, output: { file: join(outDir, `${name}.mjs`), format: 'esm' }, logLevel: 'silent', cwd: root });
  fs.rmSync(entry);
  return import(pathToFileURL(join(outDir, `${name}.mjs`)).href);
}
const current = await bundle(root, 'replay');
const { makeCanaries } = current;

/** The decoder of revision `revision`, or undefined (with the reason) when git or the revision is not at hand. */
async function bundleRevision(revision) {
  // Inside node_modules, so the old sources resolve their packages (fflate, lz-string) like the current ones.
  const oldRoot = join(root, 'node_modules/.cache/decode-bench-against');
  try {
    fs.rmSync(oldRoot, { recursive: true, force: true });
    const files = execFileSync('git', ['ls-tree', '--name-only', revision, 'lib/replay/'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    for (const file of files.split('\n').filter(Boolean)) {
      fs.mkdirSync(join(oldRoot, 'lib/replay'), { recursive: true });
      fs.writeFileSync(join(oldRoot, file), execFileSync('git', ['show', `${revision}:${file}`], { cwd: root, stdio: 'pipe' }));
    }
    return await bundle(oldRoot, 'replay-previous');
  } catch (e) {
    console.log(`(no baseline decoder: ${revision} could not be read from git: ${String(e.message).split('\n')[0]})`);
    return undefined;
  }
}
const previous = against === 'none' ? undefined : await bundleRevision(against);

// ---- deterministic corpus -------------------------------------------------------------------
let seed = 12345;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const WORDS =
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(
    ' ',
  );
const text = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const css = () =>
  Array.from(
    { length: 200 },
    (_, i) => `.c${i}-${pick(WORDS)}{margin:${i % 17}px;color:#${Math.floor(random() * 0xffffff).toString(16)};font:${12 + (i % 6)}px/1.4 sans-serif}`,
  ).join('');

const fields = Array.from({ length: 20 }, (_, i) => ({ id: `f${i}`, kind: i === 0 ? 'email' : i % 5 === 0 ? 'password' : 'text' }));
const canaries = makeCanaries(fields, random);
let nextId = 10;
function node(depth) {
  const id = nextId++;
  if (depth > 4 || random() < 0.3) return { type: 3, textContent: text(3 + Math.floor(random() * 12)), id };
  const children = Array.from({ length: 1 + Math.floor(random() * 4) }, () => node(depth + 1));
  const attributes = { class: `c${Math.floor(random() * 200)} ${pick(WORDS)}-${pick(WORDS)}`, 'data-id': String(id) };
  if (random() < 0.02)
    attributes.src = `data:image/png;base64,${Buffer.from(Array.from({ length: 3000 }, () => Math.floor(random() * 256))).toString('base64')}`;
  return { type: 2, tagName: pick(['div', 'span', 'p', 'a', 'li', 'section']), attributes, childNodes: children, id };
}
function session(typed) {
  const t0 = 1_700_000_000_000;
  const events = [
    { type: 4, data: { href: 'https://shop.test/checkout', width: 1280, height: 720 }, timestamp: t0 },
    {
      type: 2,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [{ type: 2, tagName: 'style', attributes: { _cssText: css() }, childNodes: [], id: 2 }, ...Array.from({ length: 30 }, () => node(0))],
        },
        initialOffset: { left: 0, top: 0 },
      },
      timestamp: t0 + 5,
    },
  ];
  for (let i = 0; i < 150; i++) {
    const t = t0 + 100 + i * 50;
    const r = random();
    if (r < 0.5)
      events.push({
        type: 3,
        data: {
          source: 1,
          positions: Array.from({ length: 10 }, (_, k) => ({ x: Math.floor(random() * 1280), y: Math.floor(random() * 720), id: 10 + k, timeOffset: -k * 5 })),
        },
        timestamp: t,
      });
    else if (r < 0.7) events.push({ type: 3, data: { source: 3, id: 1, x: 0, y: Math.floor(random() * 4000) }, timestamp: t });
    else
      events.push({
        type: 3,
        data: {
          source: 0,
          texts: [],
          attributes: [{ id: 12, attributes: { class: pick(WORDS) } }],
          removes: [],
          adds: [{ parentId: 11, nextId: null, node: node(2) }],
        },
        timestamp: t,
      });
  }
  if (typed)
    for (let i = 1; i <= typed.length; i++)
      events.push({ type: 3, data: { source: 5, text: typed.slice(0, i), isChecked: false, id: 77 }, timestamp: t0 + 9000 + i });
  return events;
}
const latin1Gzip = (s) => fflate.strFromU8(new Uint8Array(gzipSync(s)), true);
const u8 = (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const KINDS = {
  posthog: (events) =>
    u8(
      gzipSync(
        JSON.stringify([
          {
            event: '$snapshot',
            properties: {
              $snapshot_data: events.map((e) =>
                e.type === 2 || (e.type === 3 && e.data.source === 0) ? { ...e, cv: '2024-10', data: latin1Gzip(JSON.stringify(e.data)) } : e,
              ),
            },
          },
        ]),
      ),
    ),
  'posthog-gzip-js': (events) => new TextEncoder().encode(latin1Gzip(JSON.stringify(events))),
  sentry: (events) => {
    const recording = Buffer.concat([Buffer.from('{"segment_id":0}\n'), deflateSync(JSON.stringify(events))]);
    return u8(
      Buffer.concat([
        Buffer.from(
          `{"event_id":"${'a'.repeat(32)}","sent_at":"2026-01-01T00:00:00Z","sdk":{"name":"sentry.javascript.browser"}}\n{"type":"replay_recording","length":${recording.length}}\n`,
        ),
        recording,
      ]),
    );
  },
  highlight: (events) =>
    new TextEncoder().encode(
      JSON.stringify({ operationName: 'PushPayload', variables: { compressedBase64: gzipSync(JSON.stringify(events)).toString('base64') } }),
    ),
  amplitude: (events) => u8(gzipSync(JSON.stringify({ version: 1, events: events.map((e) => JSON.stringify(e)) }))),
  datadog: (events) => {
    const b = '----WebKitFormBoundaryBench';
    return u8(
      Buffer.concat([
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="segment"; filename="x"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        deflateSync(JSON.stringify({ records: events })),
        Buffer.from(`\r\n--${b}--\r\n`),
      ]),
    );
  },
  'mixpanel-plain': (events) => new TextEncoder().encode(JSON.stringify(events)),
  lzstring: (events) => new TextEncoder().encode(`d=${lzString.compressToEncodedURIComponent(JSON.stringify(events.slice(-12)))}`),
};

const corpus = [];
let totalBytes = 0;
const kinds = Object.keys(KINDS);
for (let i = 0; totalBytes < targetMb * 1e6; i++) {
  const kind = kinds[i % kinds.length];
  const leaked = i % 3 === 0 ? canaries[i % canaries.length].value : undefined;
  const bytes = KINDS[kind](session(leaked));
  corpus.push({ kind, bytes, leaked });
  totalBytes += bytes.length;
}

const builtAt = performance.now();
// ---- measurements ---------------------------------------------------------------------------
const { measure } = await import(pathToFileURL(join(root, 'tests/bench/decode-measure.mjs')).href);
const MB = 1e6;
if (typeof DecompressionStream !== 'function') throw new Error('this Node has no DecompressionStream (Node ≥ 18 has)');

/** The three decoders measured, for a module namespace of the current and of the previous bundle. */
async function pathsOf(currentLib, previousLib, canaryList) {
  const matchers = await currentLib.buildMatchers(canaryList);
  const previousMatchers = previousLib && (await previousLib.buildMatchers(canaryList));
  return [
    { name: 'DecompressionStream', decode: (bytes) => currentLib.decodePayloadAsync(bytes), find: (layers) => currentLib.findCanaries(layers, matchers) },
    { name: 'fflate only', decode: (bytes) => currentLib.decodePayload(bytes), find: (layers) => currentLib.findCanaries(layers, matchers) },
    ...(previousLib
      ? [
          {
            name: 'previous decoder',
            decode: (bytes) => previousLib.decodePayload(bytes),
            find: (layers) => previousLib.findCanaries(layers, previousMatchers),
          },
        ]
      : []),
  ];
}

/** `--profile`: a CPU profile of the Node runs only, written to /tmp/decode-bench.cpuprofile. */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync('/tmp/decode-bench.cpuprofile', JSON.stringify(profile));
    console.error('(profile written to /tmp/decode-bench.cpuprofile)');
  };
}
function isGzip(bytes) {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}
function isZlib(bytes) {
  return bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
}
/** The least any decoder must do: undo the outer compression and JSON.parse the result (best of `rounds`). */
function outerBaseline(inflate) {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (const { bytes } of corpus) {
      if (isGzip(bytes)) JSON.parse(new TextDecoder().decode(inflate.gzip(bytes)));
      else if (isZlib(bytes)) JSON.parse(new TextDecoder().decode(inflate.zlib(bytes)));
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function report(where, results) {
  const rate = (ms) => totalBytes / MB / (ms / 1000);
  const [native, fflateOnly, old] = results;
  console.log(`${where}: decode+match, MB/s on the wire (goal ≥ ${GOAL_MB_S} MB/s), best of ${rounds} interleaved rounds:`);
  for (const r of results) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    const goal = r === old ? '' : rate(r.ms) >= GOAL_MB_S ? '  goal met' : '  goal NOT met';
    const cpuText = Number.isFinite(r.cpuMs) ? `, ${(r.cpuMs / 1000).toFixed(2)} s CPU` : '';
    console.log(
      `  ${r.name.padEnd(20)} ${rate(r.ms).toFixed(1).padStart(6)} MB/s  (${(r.ms / 1000).toFixed(2)} s${cpuText}; per payload median ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms)${goal}`,
    );
  }
  const kinds = [...new Set(corpus.map((p) => p.kind))];
  console.log(`  per recorder shape, MB/s: ${results.map((r) => r.name).join(' | ')}`);
  for (const kind of kinds) {
    const bytes = corpus.reduce((n, p) => n + (p.kind === kind ? p.bytes.length : 0), 0);
    const rates = results.map((r) => {
      const ms = corpus.reduce((t, p, i) => t + (p.kind === kind ? (r.latencies[i] ?? 0) : 0), 0);
      return (bytes / MB / (ms / 1000)).toFixed(1);
    });
    console.log(`    ${kind.padEnd(16)} ${(bytes / MB).toFixed(1).padStart(5)} MB  ${rates.join(' | ')}`);
  }
  console.log(`  ratios, time of the first / time of the second: ${native.name} / ${fflateOnly.name} ${(native.ms / fflateOnly.ms).toFixed(2)}`);
  if (old) {
    console.log(`    ${native.name} / ${old.name} ${(native.ms / old.ms).toFixed(2)} (${(old.ms / native.ms).toFixed(2)}x as fast)`);
    console.log(`    ${fflateOnly.name} / ${old.name} ${(fflateOnly.ms / old.ms).toFixed(2)} (${(old.ms / fflateOnly.ms).toFixed(2)}x as fast)`);
  }
  for (const r of results) {
    console.log(`  canaries, ${r.name}: ${r.found} leaked payloads found, ${r.missed} misses or false positives`);
    if (r.missed > 0) process.exitCode = 1;
  }
}

console.error(`(corpus built in ${(builtAt / 1000).toFixed(1)} s)`);
const nodePaths = await pathsOf(current, previous, canaries);
const profiling = process.argv.includes('--profile') ? await startProfile() : undefined;
const nodeCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const nodeResults = await measure(nodePaths, corpus, rounds, nodeCpu);
await profiling?.();
const compressedOuter = corpus.filter(({ bytes }) => isGzip(bytes) || isZlib(bytes)).reduce((n, { bytes }) => n + bytes.length, 0);
console.log(
  `corpus: ${corpus.length} payloads, ${(totalBytes / MB).toFixed(1)} MB on the wire, ${(nodeResults[0].searchedBytes / MB).toFixed(1)} MB of layers searched; ${canaries.length} canaries; previous decoder: ${previous ? against : 'none'}`,
);
report(`Node ${process.version}`, nodeResults);
const fflateOuterMs = outerBaseline({ gzip: fflate.gunzipSync, zlib: fflate.unzlibSync });
const zlibOuterMs = outerBaseline({ gzip: gunzipSync, zlib: inflateSync });
console.log(
  `  baseline, outer layer only (${(compressedOuter / MB).toFixed(1)} MB): fflate inflate + JSON.parse ${(compressedOuter / MB / (fflateOuterMs / 1000)).toFixed(1)} MB/s, node:zlib inflate + JSON.parse ${(compressedOuter / MB / (zlibOuterMs / 1000)).toFixed(1)} MB/s`,
);

if (!process.argv.includes('--no-browser')) {
  // The same loop in a dedicated worker of real Chromium, where DecompressionStream is Blink's (zlib in the calling
  // thread) rather than Node's (zlib on its thread pool): what the extension's worker runs.
  const { runInChromium } = await import(pathToFileURL(join(root, 'tests/bench/decode-chromium.mjs')).href);
  const files = {
    '/decode-measure.mjs': fs.readFileSync(join(root, 'tests/bench/decode-measure.mjs')),
    '/replay.mjs': fs.readFileSync(join(outDir, 'replay.mjs')),
    ...(previous && { '/replay-previous.mjs': fs.readFileSync(join(outDir, 'replay-previous.mjs')) }),
  };
  const browser = await runInChromium(files, corpus, canaries, rounds).catch((e) => {
    console.log(`(not measured in Chromium: ${e.message})`);
    return undefined;
  });
  if (browser) report(`Chromium ${browser.version}, dedicated worker`, browser.results);
}
