// Build B of the update test (tests/e2e/update.e2e.ts): this source built as it is, but for its database schema, one
// version higher with one upgrade step more (a new object store), the way a release with a schema change differs from
// the one before it. The source is changed in the build only, by a Vite transform of lib/store/db.ts; nothing of it is
// in the extension's own code. Run: node tests/e2e/schema-bump-build.mjs <out dir> <chrome|firefox>
// Writes the new schema version and the new store's name to <out dir>/schema.json.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'wxt';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const [outDir, browser] = process.argv.slice(2);
if (!outDir || (browser !== 'chrome' && browser !== 'firefox')) throw new Error('usage: schema-bump-build.mjs <out dir> <chrome|firefox>');
export const PROBE_STORE = 'schema-bump-probe';

let bumped;
const schemaBump = {
  name: 'schema-bump',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/lib/store/db.ts')) return undefined;
    const version = /export const DB_VERSION = (\d+);/.exec(code);
    const upgrade = 'upgrade(db, oldVersion) {';
    if (!version || !code.includes(upgrade)) throw new Error('lib/store/db.ts changed: DB_VERSION or its upgrade() not found');
    bumped = Number(version[1]) + 1;
    return code
      .replace(version[0], `export const DB_VERSION = ${bumped};`)
      .replace(upgrade, `${upgrade}\n      if (oldVersion < ${bumped}) db.createObjectStore('${PROBE_STORE}');`);
  },
};

await build({
  root,
  browser,
  ...(browser === 'firefox' && { manifestVersion: 3 }),
  outDir,
  vite: () => ({ plugins: [schemaBump] }),
});
if (!bumped) throw new Error('lib/store/db.ts was not built');
writeFileSync(path.join(outDir, 'schema.json'), JSON.stringify({ version: bumped, store: PROBE_STORE }));
