// The measuring loop of decode.bench.mjs, shared by Node and the Chromium worker it also runs in (plain JS, no imports).

/**
 * Runs each path over every payload: a warm-up, then `rounds` rounds interleaved, so that load from other processes
 * skews every path alike; keeps each path's fastest round. A path is `{ name, decode(bytes), find(layers) }`; a payload
 * `{ bytes, leaked }`, where `leaked` is the canary value it holds, if any. `cpu()` returns CPU ms so far, where there is one.
 */
export async function measure(paths, payloads, rounds, cpu = () => Number.NaN) {
  const best = new Map();
  for (let round = -1; round < rounds; round++) {
    for (const path of paths) {
      const r = await runOnce(path, payloads, cpu);
      const previous = best.get(path.name);
      if (round < 0) continue;
      if (!previous || r.ms < previous.ms) best.set(path.name, { ...r, cpuMs: Math.min(r.cpuMs, previous?.cpuMs ?? Number.POSITIVE_INFINITY) });
      else previous.cpuMs = Math.min(previous.cpuMs, r.cpuMs);
    }
  }
  return paths.map((path) => ({ name: path.name, ...best.get(path.name) }));
}

async function runOnce(path, payloads, cpu) {
  const latencies = [];
  let searchedBytes = 0;
  let found = 0;
  let missed = 0;
  const cpuAtStart = cpu();
  const started = performance.now();
  for (const payload of payloads) {
    const t = performance.now();
    const layers = await path.decode(payload.bytes);
    const hits = path.find(layers);
    latencies.push(performance.now() - t);
    // Layers kept as bytes are counted as bytes: reading `text` would decode them, which the search never does.
    for (const l of layers) searchedBytes += l.bytes?.length ?? l.text.length;
    const ok = payload.leaked ? hits.some((h) => h.matchKind === 'exact') : hits.length === 0;
    if (ok && payload.leaked) found++;
    if (!ok) missed++;
  }
  return { ms: performance.now() - started, cpuMs: cpu() - cpuAtStart, latencies, searchedBytes, found, missed };
}
