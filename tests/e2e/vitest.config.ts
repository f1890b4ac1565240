import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { vendorDatabasePlugin } from '../../lib/classify/vendor-database-plugin';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  plugins: [vendorDatabasePlugin(root)],
  resolve: { alias: { '@': root } },
  test: {
    root,
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Real browsers on a 2-core machine: one file at a time.
    fileParallelism: false,
    // Tests a file marks concurrent (audits of distinct sites) run three at a time: most of an audit is waiting.
    maxConcurrency: 3,
  },
});
