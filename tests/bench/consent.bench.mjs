// Consent timeline benchmark: node tests/bench/consent.bench.mjs [--records 10000]
// detectConsent over a heavy visit: cookie and localStorage churn (every change replays the jar through all CMP
// readers), a Cookiebot save, Consent Mode updates and ad requests carrying TC strings. Prints median ms per visit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';
import { ROOT } from './load-classifier.mjs';

const count = Number(process.argv[process.argv.indexOf('--records') + 1]) || 10_000;
// Written under node_modules so the bundle's bare imports (@iabtechlabtcf/core) resolve.
const dir = join(ROOT, 'node_modules/.cache/consent-bench');
mkdirSync(dir, { recursive: true });
const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  `export { detectConsent } from ${JSON.stringify(join(ROOT, 'lib/consent/detect-consent.ts'))};\nexport { makeTcString } from ${JSON.stringify(join(ROOT, 'tests/unit/consent/tc-strings.ts'))};\n`,
);
const bundle = await rolldown({ input: entry, platform: 'node', cwd: ROOT, logLevel: 'silent' });
const file = join(dir, 'consent.mjs');
await bundle.write({ file, format: 'esm' });
await bundle.close();
const { detectConsent, makeTcString } = await import(pathToFileURL(file).href);

const tc = makeTcString({ cmpId: 7, purposes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], vendors: [1, 2, 8] });

const base = { visitId: 'v', frameId: 0 };
const records = [];
for (let i = 0; records.length < count; i++) {
  const t = i * 3;
  const r = i % 10;
  if (r < 5)
    records.push({
      ...base,
      kind: 'cookie',
      id: `c:${i}`,
      t,
      source: 'probe',
      via: 'script',
      action: 'set',
      name: `_ga_${i % 40}`,
      value: `GA1.1.${i}`,
      domain: 'shop.example',
      hostOnly: false,
      path: '/',
      secure: false,
      httpOnly: false,
      sameSite: 'lax',
      partitioned: false,
      declaredLifetime: 86400,
      party: 'first',
    });
  else if (r < 7)
    records.push({
      ...base,
      kind: 'storage',
      id: `s:${i}`,
      t,
      source: 'probe',
      area: 'localStorage',
      action: 'set',
      origin: 'https://shop.example',
      key: `k${i % 60}`,
      value: `v${i}`,
    });
  else if (r < 9)
    records.push({
      ...base,
      kind: 'request',
      id: `r:${i}`,
      t,
      source: 'network',
      requestId: String(i),
      method: 'GET',
      url: `https://ads.example/bid?i=${i}&gdpr=1&gdpr_consent=${tc}`,
      type: 'xmlhttprequest',
      redirects: [],
      setCookies: [],
    });
  else
    records.push({
      ...base,
      kind: 'consent',
      id: `k:${i}`,
      t,
      source: 'probe',
      signal: 'gcm',
      command: 'update',
      params: { ad_storage: i % 20 ? 'denied' : 'granted' },
    });
  if (i === 1000)
    records.push({
      ...base,
      kind: 'cookie',
      id: 'c:cb',
      t,
      source: 'probe',
      via: 'script',
      action: 'set',
      name: 'CookieConsent',
      value: encodeURIComponent("{stamp:'x',necessary:true,preferences:false,statistics:false,marketing:false,method:'explicit',ver:1}"),
      domain: 'shop.example',
      hostOnly: false,
      path: '/',
      secure: false,
      httpOnly: false,
      sameSite: 'lax',
      partitioned: false,
      declaredLifetime: 86400,
      party: 'first',
    });
}

detectConsent({ records });
const times = [];
let view;
for (let i = 0; i < 7; i++) {
  const t0 = process.hrtime.bigint();
  view = detectConsent({ records });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`Consent timeline benchmark (Node ${process.version})`);
console.log(`  visit: ${records.length} records (cookie and localStorage churn, TC strings on requests, Consent Mode updates)`);
console.log(
  `  detectConsent: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms; ${view.events.length} events, choice ${view.choice} at ${view.choiceAt} ms`,
);
console.log(`  goal ≤ 250 ms per 10,000-record visit: ${median <= 250 * (records.length / 10_000) ? 'met' : 'NOT met'}`);
