import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { vendorGlobalsDefine } from './lib/classify/vendor-globals-define';

export default defineConfig({
  plugins: [WxtVitest()],
  define: vendorGlobalsDefine(import.meta.dirname),
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/data/**/*.test.ts', 'tests/meta/**/*.test.ts', 'tests/fuzz/**/*.fuzz.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
  },
});
