import preact from '@preact/preset-vite';
import { createRequire } from 'node:module';
import { defineConfig } from 'wxt';
import { browserInteropPlugin } from './lib/build/browser-interop-plugin';
import { lazyDependencyPlugin } from './lib/build/lazy-dependency-plugin';
import { VENDOR_DATABASE_FILE, vendorDatabasePlugin, vendorDatabaseText } from './lib/classify/vendor-database-plugin';
import { vendorGlobalsDefine } from './lib/classify/vendor-globals-define';

const require = createRequire(import.meta.url);

// Gecko id is fixed so Firefox tests can pin the moz-extension:// UUID.
export const GECKO_ID = 'consent-inspector@consent-inspector.dev';

export default defineConfig({
  imports: false,
  // Only the manifest's locale files are copied as they are; they live with the UI strings.
  publicDir: 'lib/i18n/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [
      preact(),
      browserInteropPlugin(),
      lazyDependencyPlugin(import.meta.dirname, ['tldts', 'fflate']),
      vendorDatabasePlugin(import.meta.dirname, { database: 'file' }),
    ],
    define: vendorGlobalsDefine(import.meta.dirname),
  }),
  manifest: ({ browser }) => ({
    // Manifest strings come from lib/i18n/public/_locales (browser.i18n); the UI's own strings are in lib/i18n, because the
    // user may choose a language other than the browser's and browser.i18n cannot switch.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['webRequest', 'cookies', 'storage', 'tabs', 'webNavigation', 'scripting', 'browsingData', ...(browser === 'firefox' ? ['dns'] : [])],
    host_permissions: ['<all_urls>'],
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        // The extension collects nothing and sends nothing anywhere.
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: '142.0' },
    },
  }),
  hooks: {
    // autoconsent's rules ship as extension files, read by the background when a frame asks (not bundled into code).
    'build:publicAssets': (_wxt, files) => {
      for (const name of ['rules.json', 'compact-rules.json']) {
        files.push({ absoluteSrc: require.resolve(`@duckduckgo/autoconsent/rules/${name}`), relativeDest: `autoconsent/${name}` });
      }
      // The vendor database too: read on first use, it stays out of the script every worker start loads.
      files.push({ contents: vendorDatabaseText(import.meta.dirname), relativeDest: VENDOR_DATABASE_FILE.slice(1) });
    },
  },
  zip: {
    excludeSources: ['tests/e2e/out/**', 'tests/e2e/certs/**', '**/*.pem', '**/*.key', 'coverage/**', 'bench/out/**'],
  },
});
