import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { vendorDatabasePlugin } from './lib/classify/vendor-database-plugin';
import { vendorGlobalsDefine } from './lib/classify/vendor-globals-define';

export default defineConfig({
  plugins: [WxtVitest(), vendorDatabasePlugin(import.meta.dirname)],
  define: vendorGlobalsDefine(import.meta.dirname),
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/data/**/*.test.ts', 'tests/meta/**/*.test.ts', 'tests/fuzz/**/*.fuzz.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    // One seed per run for the property-based tests (tests/fuzz): every file prints it, FUZZ_SEED=<seed> replays the run.
    env: { FUZZ_SEED: process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31)) },
  },
});
