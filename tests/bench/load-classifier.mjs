// Bundles lib/classify (TypeScript) into one ESM file with rolldown (installed with Vite) and loads the vendor JSON
// with fs, so the benches run on plain Node without import.meta.glob.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

export const ROOT = resolve(import.meta.dirname, '../..');
export const VENDOR_DIR = join(ROOT, 'data/vendors');

export async function loadClassifier() {
  const dir = mkdtempSync(join(tmpdir(), 'ci-bench-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export * from ${JSON.stringify(join(ROOT, 'lib/classify/match.ts'))};`,
      `export { buildVendorIndex } from ${JSON.stringify(join(ROOT, 'lib/classify/vendor-index.ts'))};`,
      `export { parseVendor } from ${JSON.stringify(join(ROOT, 'lib/classify/vendor.ts'))};`,
    ].join('\n'),
  );
  const bundle = await rolldown({ input: entry, platform: 'node', cwd: ROOT, logLevel: 'silent' });
  const file = join(dir, 'classify.mjs');
  await bundle.write({ file, format: 'esm' });
  await bundle.close();
  return import(pathToFileURL(file).href);
}

/** Reads and parses every vendor file; returns the parsed vendors, the raw bytes and the problems. */
export function readVendorFiles(parseVendor) {
  const files = readdirSync(VENDOR_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const vendors = [];
  const problems = [];
  const texts = [];
  for (const name of files) {
    const text = readFileSync(join(VENDOR_DIR, name), 'utf8');
    texts.push(text);
    const result = parseVendor(name.slice(0, -5), JSON.parse(text));
    if (result.ok) vendors.push(result.vendor);
    else problems.push(...result.problems.map((problem) => `${name}: ${problem}`));
  }
  return { vendors, problems, texts };
}
