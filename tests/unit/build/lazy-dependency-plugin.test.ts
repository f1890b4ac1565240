import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyDependencyPlugin } from '../../../lib/build/lazy-dependency-plugin';

const root = mkdtempSync(join(tmpdir(), 'ci-lazy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A package whose top level leaves a trace, and the bundle (as the extension's build makes it) of `entry`. */
async function bundle(entry: string, plugins = [lazyDependencyPlugin(root, ['tables'])]): Promise<string> {
  mkdirSync(join(root, 'node_modules/tables'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"app","type":"module"}');
  writeFileSync(join(root, 'node_modules/tables/package.json'), '{"name":"tables","type":"module","main":"index.js"}');
  writeFileSync(
    join(root, 'node_modules/tables/index.js'),
    'globalThis.trace?.push("tables set up");\nconst table = [1, 2, 3];\nexport function sum() { return table.reduce((a, b) => a + b, 0); }\nexport class Counter { count = table.length; }\n',
  );
  writeFileSync(join(root, 'entry.js'), entry);
  const build = await rolldown({ input: join(root, 'entry.js'), cwd: root, platform: 'browser', logLevel: 'silent', plugins });
  const { output } = await build.generate({ format: 'iife', name: 'app' });
  await build.close();
  return output[0].code;
}

/** Runs a bundle; returns what it traced and its exports. */
function run(code: string): { trace: string[]; app: Record<string, () => unknown> } {
  const trace: string[] = [];
  const app = new Function('globalThis', `${code}\nreturn app;`)({ trace }) as Record<string, () => unknown>;
  return { trace, app };
}

describe('lazyDependencyPlugin', () => {
  const entry =
    'import { Counter, sum } from "tables";\nglobalThis.trace.push("app started");\nexport const total = () => sum();\nexport const count = () => new Counter().count;\n';

  it('sets a package up on its first use, not when the bundle starts, with the same functions and classes', async () => {
    const { trace, app } = run(await bundle(entry));
    expect(trace).toEqual(['app started']);
    expect(app.total?.()).toBe(6);
    expect(trace).toEqual(['app started', 'tables set up']);
    expect(app.count?.()).toBe(3);
    expect(trace).toEqual(['app started', 'tables set up']);
  });

  it('is what makes it lazy: without it the package is set up at start', async () => {
    const { trace, app } = run(await bundle(entry, []));
    expect(trace).toEqual(['tables set up', 'app started']);
    expect(app.total?.()).toBe(6);
  });
});
