import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import { afterAll, describe, expect, it } from 'vitest';
import { browserInteropPlugin } from '../../../lib/build/browser-interop-plugin';

const root = mkdtempSync(join(tmpdir(), 'ci-interop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * The bundle of `import { browser } from '@wxt-dev/webextension-polyfill/browser'` (what `wxt/browser` resolves to),
 * with stand-ins for the two packages: the polyfill exports the browser's own `browser` object, as it does where one
 * exists, and the WXT module re-exports it as its default export.
 */
async function bundle(plugins = [browserInteropPlugin()]): Promise<string> {
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('node_modules/webextension-polyfill/package.json', '{"name":"webextension-polyfill","main":"index.js"}');
  write('node_modules/webextension-polyfill/index.js', 'module.exports = globalThis.browser;\n');
  write(
    'node_modules/@wxt-dev/webextension-polyfill/package.json',
    '{"name":"@wxt-dev/webextension-polyfill","type":"module","exports":{"./browser":"./browser.mjs"}}',
  );
  write('node_modules/@wxt-dev/webextension-polyfill/browser.mjs', "export { default as browser } from 'webextension-polyfill';\n");
  write('entry.js', "import { browser } from '@wxt-dev/webextension-polyfill/browser';\nexport const api = () => browser;\n");
  const build = await rolldown({ input: join(root, 'entry.js'), cwd: root, platform: 'browser', logLevel: 'silent', plugins });
  const { output } = await build.generate({ format: 'iife', name: 'app' });
  await build.close();
  return output[0].code;
}

/** Runs a bundle against a `browser` whose namespaces record being looked at; returns the namespaces read at start. */
function run(code: string): { read: string[]; browser: object; api: () => unknown } {
  const read: string[] = [];
  const browser = new Proxy(
    { runtime: { id: 'x' }, tabs: {}, windows: {} },
    {
      getOwnPropertyDescriptor: (target, key) => (read.push(String(key)), Reflect.getOwnPropertyDescriptor(target, key)),
      get: (target, key) => (read.push(String(key)), Reflect.get(target, key)),
    },
  );
  const app = new Function('globalThis', `${code}\nreturn app;`)({ browser }) as { api: () => unknown };
  return { read, browser, api: app.api };
}

describe('browserInteropPlugin', () => {
  it('hands the polyfill over without reading any browser namespace at start', async () => {
    const { read, browser, api } = run(await bundle());
    expect(read).toEqual([]);
    expect(api()).toBe(browser);
  });

  it('is what spares the reads: the bundler interop alone reads every namespace', async () => {
    const { read, browser, api } = run(await bundle([]));
    expect(read).toEqual(expect.arrayContaining(['runtime', 'tabs', 'windows']));
    expect(api()).toBe(browser);
  });
});
