// Throughput of the canary leak test core (lib/replay: decodePayload + findCanaries) on recorder-shaped payloads.
// Run: npx node tests/bench/decode.bench.mjs [--mb=60] [--against=<git revision>] [--profile]
// The TypeScript sources are bundled to /tmp with rolldown (installed with vite), then imported.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import * as fflate from 'fflate';
import lzString from 'lz-string';
import { build } from 'rolldown';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const targetMb = Number(process.argv.find((a) => a.startsWith('--mb='))?.slice(5) ?? 60);

const outDir = mkdtempSync(join(tmpdir(), 'replay-bench-'));
const entry = join(outDir, 'entry.ts');
await import('node:fs').then((fs) =>
  fs.writeFileSync(
    entry,
    `export * from ${JSON.stringify(join(root, 'lib/replay/decode.ts'))};\nexport * from ${JSON.stringify(join(root, 'lib/replay/canary.ts'))};\n`,
  ),
);
await build({ input: entry, output: { file: join(outDir, 'replay.mjs'), format: 'esm' }, logLevel: 'silent', cwd: root });
const { decodePayload, buildMatchers, findCanaries, makeCanaries } = await import(pathToFileURL(join(outDir, 'replay.mjs')).href);

// `--against=<git revision>`: the decoder of that revision too, measured in the same run, interleaved with this one,
// so that load from other processes on a shared machine skews both alike. Prints the ratio of the two.
const against = process.argv.find((a) => a.startsWith('--against='))?.slice(10);
let previous;
if (against) {
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs');
  // Inside node_modules, so the old sources resolve their packages (fflate, lz-string) like the current ones.
  const oldRoot = join(root, 'node_modules/.cache/decode-bench-against');
  fs.rmSync(oldRoot, { recursive: true, force: true });
  for (const file of execFileSync('git', ['ls-tree', '--name-only', against, 'lib/replay/'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)) {
    fs.mkdirSync(join(oldRoot, 'lib/replay'), { recursive: true });
    fs.writeFileSync(join(oldRoot, file), execFileSync('git', ['show', `${against}:${file}`], { cwd: root }));
  }
  const oldEntry = join(oldRoot, 'entry.ts');
  fs.writeFileSync(
    oldEntry,
    `export * from ${JSON.stringify(join(oldRoot, 'lib/replay/decode.ts'))};\nexport * from ${JSON.stringify(join(oldRoot, 'lib/replay/canary.ts'))};\n`,
  );
  await build({ input: oldEntry, output: { file: join(outDir, 'replay-old.mjs'), format: 'esm' }, logLevel: 'silent', cwd: root });
  previous = await import(pathToFileURL(join(outDir, 'replay-old.mjs')).href);
}

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
const matchers = await buildMatchers(canaries);
const MB = 1e6;
function run(lib = { decodePayload, findCanaries }) {
  const latencies = [];
  let decodedChars = 0;
  let found = 0;
  let missed = 0;
  const started = performance.now();
  for (const payload of corpus) {
    const t = performance.now();
    const layers = lib.decodePayload(payload.bytes);
    const hits = lib.findCanaries(layers, matchers);
    latencies.push(performance.now() - t);
    for (const l of layers) decodedChars += l.text.length;
    const ok = payload.leaked ? hits.some((h) => h.matchKind === 'exact') : hits.length === 0;
    if (ok && payload.leaked) found++;
    if (!ok) {
      missed++;
      payload.missed = true;
    }
  }
  return { ms: performance.now() - started, latencies, decodedChars, found, missed };
}
/** `--profile`: a CPU profile of the measured run only, written to /tmp/decode-bench.cpuprofile. */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync('/tmp/decode-bench.cpuprofile', JSON.stringify(profile));
    console.error('(profile written to /tmp/decode-bench.cpuprofile)');
  };
}
function isGzip(bytes) {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}
function isZlib(bytes) {
  return bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
}
function baseline() {
  // The least any decoder must do: undo the outer compression with fflate and JSON.parse the result.
  const started = performance.now();
  for (const { bytes } of corpus) {
    if (isGzip(bytes)) JSON.parse(fflate.strFromU8(fflate.gunzipSync(bytes)));
    else if (isZlib(bytes)) JSON.parse(fflate.strFromU8(fflate.unzlibSync(bytes)));
  }
  return performance.now() - started;
}
function nativeBaseline() {
  const started = performance.now();
  for (const { bytes } of corpus) {
    if (isGzip(bytes)) gunzipSync(bytes);
    else if (isZlib(bytes)) inflateSync(bytes);
  }
  return performance.now() - started;
}

console.error(`(corpus built in ${(builtAt / 1000).toFixed(1)} s)`);
run(); // warm-up
const profiling = process.argv.includes('--profile') ? await startProfile() : undefined;
// Interleaved and best-of-3, so that load from other processes skews both sides alike.
let result;
let baseMs = Number.POSITIVE_INFINITY;
let nativeMs = Number.POSITIVE_INFINITY;
let previousMs = Number.POSITIVE_INFINITY;
if (previous) run(previous); // warm-up
for (let round = 0; round < 3; round++) {
  const r = run();
  if (!result || r.ms < result.ms) result = r;
  if (previous) previousMs = Math.min(previousMs, run(previous).ms);
  baseMs = Math.min(baseMs, baseline());
  nativeMs = Math.min(nativeMs, nativeBaseline());
}
await profiling?.();
const sorted = [...result.latencies].sort((a, b) => a - b);
const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const compressedOuter = corpus.filter(({ bytes }) => isGzip(bytes) || isZlib(bytes)).reduce((n, { bytes }) => n + bytes.length, 0);

const perKind = {};
for (const [i, payload] of corpus.entries()) {
  const k = (perKind[payload.kind] ??= { n: 0, bytes: 0, ms: 0, missed: 0 });
  k.n++;
  if (payload.missed) k.missed++;
  k.bytes += payload.bytes.length;
  k.ms += result.latencies[i];
}
console.log(
  `corpus: ${corpus.length} payloads, ${(totalBytes / MB).toFixed(1)} MB on the wire, ${(result.decodedChars / MB).toFixed(1)} M chars decoded; ${canaries.length} canaries (${matchers.digests.length} digest patterns)`,
);
console.log(`node ${process.version}`);
for (const [kind, k] of Object.entries(perKind))
  console.log(
    `  ${kind.padEnd(16)} ${String(k.n).padStart(4)} payloads ${(k.bytes / MB).toFixed(1).padStart(6)} MB  ${(k.bytes / MB / (k.ms / 1000)).toFixed(1).padStart(7)} MB/s${k.missed ? `  ${k.missed} wrong` : ''}`,
  );
console.log(
  `decode+match: ${(result.ms / 1000).toFixed(2)} s = ${(totalBytes / MB / (result.ms / 1000)).toFixed(1)} MB/s on the wire, ${(result.decodedChars / MB / (result.ms / 1000)).toFixed(1)} M decoded chars/s`,
);
console.log(`latency per payload: median ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
console.log(
  `baseline fflate gunzip/unzlib + JSON.parse of the outer layer only (${(compressedOuter / MB).toFixed(1)} MB): ${(baseMs / 1000).toFixed(2)} s = ${(compressedOuter / MB / (baseMs / 1000)).toFixed(1)} MB/s`,
);
console.log(`baseline node:zlib native inflate of the outer layer only: ${(nativeMs / 1000).toFixed(2)} s`);
const subsetMs = corpus.reduce((ms, { bytes }, i) => ms + (isGzip(bytes) || isZlib(bytes) ? result.latencies[i] : 0), 0);
console.log(`same payloads through decode+match: ${(subsetMs / 1000).toFixed(2)} s = ${(compressedOuter / MB / (subsetMs / 1000)).toFixed(1)} MB/s`);
console.log(
  `ratio on those payloads, decode+match / (fflate + JSON.parse): ${(subsetMs / baseMs).toFixed(2)}x the time (the baseline stops at the outer layer and matches nothing)`,
);
if (previous)
  console.log(
    `against ${against}: ${(previousMs / 1000).toFixed(2)} s = ${(totalBytes / MB / (previousMs / 1000)).toFixed(1)} MB/s; this tree takes ${(result.ms / previousMs).toFixed(2)}x its time`,
  );
console.log(`canaries: ${result.found} leaked payloads found, ${result.missed} misses or false positives`);
if (result.missed > 0) process.exitCode = 1;
