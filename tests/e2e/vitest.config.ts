import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { vendorDatabasePlugin } from '../../lib/classify/vendor-database-plugin';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Files that run alone, never beside another file:
 * - the precision suite: it scores the data sent within 100 ms of the answer, and a second browser competing for the
 *   two cores moves those clocks apart;
 * - the full disk: Chromium's store compacts on its own timing;
 * - the load tests: the 100-URL batch (four pages at once), ten tabs at once, and twelve reloads 400 ms apart. Beside
 *   another file, Firefox put one reload's request in the next page's visit once, and lost its background's message
 *   port once, in one trial run of this split (docs/tests.md).
 */
export const SOLO = [
  'tests/e2e/precision.e2e.ts',
  'tests/e2e/quota.e2e.ts',
  'tests/e2e/batch-100.e2e.ts',
  'tests/e2e/many-tabs.e2e.ts',
  'tests/e2e/reloads.e2e.ts',
];

/**
 * `E2E_LANE=shared`: every other file, two at a time (each file has its own fixture server on its own ports and its
 * own browser, and most of an audit is waiting). `E2E_LANE=solo`: the files above, one at a time. Unset: every
 * file, one at a time (a single file run by hand). `npm test` runs the shared lane, then the solo one.
 */
const lane = process.env.E2E_LANE;
if (lane && lane !== 'shared' && lane !== 'solo') throw new Error(`E2E_LANE must be shared or solo, not ${lane}`);

export default defineConfig({
  plugins: [vendorDatabasePlugin(root)],
  resolve: { alias: { '@': root } },
  test: {
    root,
    include: lane === 'solo' ? SOLO : ['tests/e2e/**/*.e2e.ts'],
    exclude: lane === 'shared' ? [...configDefaults.exclude, ...SOLO] : configDefaults.exclude,
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Real browsers on a 2-core machine: two files at once in the shared lane, otherwise one.
    fileParallelism: lane === 'shared',
    maxWorkers: lane === 'shared' ? 2 : 1,
    // Tests a file marks concurrent (audits of distinct sites) run three at a time: most of an audit is waiting.
    maxConcurrency: 3,
  },
});
