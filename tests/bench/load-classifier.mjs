// Bundles lib/classify (TypeScript) into one ESM file with rolldown (installed with Vite), so the benches run on plain
// Node: the classifier, and the build-time tools that read, validate and compile the vendor files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

export const ROOT = resolve(import.meta.dirname, '../..');

export async function loadClassifier() {
  const dir = mkdtempSync(join(tmpdir(), 'ci-bench-'));
  const entry = join(dir, 'entry.ts');
  const lib = (file) => JSON.stringify(join(ROOT, 'lib/classify', file));
  writeFileSync(
    entry,
    [
      `export * from ${lib('match.ts')};`,
      `export { buildVendorIndex } from ${lib('vendor-index.ts')};`,
      `export { parseVendor } from ${lib('vendor-parse.ts')};`,
      `export { compileVendorDatabase, readVendorDatabase } from ${lib('vendor-database.ts')};`,
      `export { compileVendorFiles, loadVendors, readVendorFiles } from ${lib('vendor-files.ts')};`,
      `export { vendorDatabasePlugin, vendorDatabaseText } from ${lib('vendor-database-plugin.ts')};`,
    ].join('\n'),
  );
  const bundle = await rolldown({ input: entry, platform: 'node', cwd: ROOT, logLevel: 'silent' });
  const file = join(dir, 'classify.mjs');
  await bundle.write({ file, format: 'esm' });
  await bundle.close();
  return import(pathToFileURL(file).href);
}
