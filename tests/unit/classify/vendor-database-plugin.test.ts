import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompiledVendorDatabase } from '../../../lib/classify/vendor-database';
import { VENDOR_DATABASE_FILE, type VendorDatabasePluginOptions, vendorDatabasePlugin, vendorDatabaseText } from '../../../lib/classify/vendor-database-plugin';

const VALID = {
  name: 'Example Analytics',
  organization: 'Example Inc.',
  website: 'https://analytics.example',
  category: 'audience-measurement',
  consent: 'required',
  domains: ['analytics.example'],
  cookies: [{ name: '_ex_*', purpose: 'visitor id' }],
  sources: ['https://analytics.example/docs/cookies'],
};

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project root whose data/vendors holds `files` (name → content, JSON-encoded unless a string). */
function project(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'ci-vendors-'));
  roots.push(root);
  mkdirSync(join(root, 'data/vendors'), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(root, 'data/vendors', name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

/** Runs the plugin's resolve and load hooks as Vite and Rollup do; `this.error` throws, as theirs does. */
function load(root: string, options?: VendorDatabasePluginOptions): { code: string; watched: string[] } {
  const plugin = vendorDatabasePlugin(root, options);
  const resolveId = plugin.resolveId as (source: string) => string | undefined;
  const loadHook = plugin.load as (this: unknown, id: string) => string | undefined;
  const id = resolveId('virtual:vendor-database');
  expect(resolveId('./other')).toBeUndefined();
  const watched: string[] = [];
  const context = {
    addWatchFile: (file: string) => watched.push(file),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const code = id === undefined ? undefined : loadHook.call(context, id);
  if (code === undefined) throw new Error('the plugin did not load its module');
  return { code, watched };
}

/** The module's exports, evaluated as a bundler would (its `export const` lines). */
function exportsOf(code: string): { version: string; database: CompiledVendorDatabase; markers: unknown; file: unknown } {
  const exports: Record<string, unknown> = {};
  new Function('exports', code.replaceAll(/^export const (\w+) =/gm, 'exports.$1 ='))(exports);
  return {
    version: String(exports.DATABASE_VERSION ?? ''),
    database: JSON.parse(String(exports.VENDOR_DATABASE ?? 'null')),
    markers: exports.MARKER_SELECTORS,
    file: exports.VENDOR_DATABASE_FILE,
  };
}

describe('virtual:vendor-database', () => {
  it('compiles the validated vendor files and watches them', () => {
    // Quotes, backslashes and a line separator must survive the string literal the database travels in.
    // Characters beyond ASCII travel as escapes, so the text stays one byte a character in the worker.
    const notes = `It's "quoted", C:\\path\\ and \u2028 a line separator… é 😀`;
    const root = project({
      'example-analytics.json': VALID,
      'other-cdn.json': { ...VALID, name: 'Other', category: 'cdn-fonts', domains: ['cdn.example'], notes },
    });
    const { code, watched } = load(root);
    expect(code).not.toMatch(/[\u0080-\uffff]/);
    const { version, database } = exportsOf(code);
    expect(version).toMatch(/^2-[0-9a-f]{8}$/);
    expect(database.vendors.map((v) => v.id)).toEqual(['example-analytics', 'other-cdn']);
    expect(database.vendors[1]?.notes).toBe(notes);
    expect(database.hosts).toEqual([
      ['analytics.example', 0, []],
      ['cdn.example', 1, []],
    ]);
    expect(database.cookies.patterns).toEqual([
      [0, 0, '_ex_', '^_ex_[^]*$'],
      [1, 0, '_ex_', '^_ex_[^]*$'],
    ]);
    expect(watched).toContain(join(root, 'data/vendors/other-cdn.json'));
  });

  it("for the extension, names the database's file instead, whose text is the inline one", () => {
    const root = project({ 'example-analytics.json': VALID, 'other-cdn.json': { ...VALID, name: 'Other', domains: ['cdn.example'], notes: 'é' } });
    const inline = exportsOf(load(root).code);
    const file = exportsOf(load(root, { database: 'file' }).code);
    expect(inline.file).toBeUndefined();
    expect(file.database).toBeNull();
    expect(file.file).toBe(VENDOR_DATABASE_FILE);
    expect(file.version).toBe(inline.version);
    expect(file.markers).toEqual(inline.markers);
    const text = vendorDatabaseText(root);
    expect(text).not.toMatch(/[\u0080-\uffff]/);
    expect(JSON.parse(text)).toEqual(inline.database);
    expect(() => vendorDatabaseText(project({ 'bad.json': { ...VALID, category: 'tracking' } }))).toThrow(/invalid vendor files[\s\S]*bad\.json/);
  });

  it("serves the replay vendors' marker selectors of their own", () => {
    const sessionReplay = {
      scripts: ['replay.example/recorder.js'],
      ingest: ['ingest.replay.example/*'],
      markers: { mask: ['.ex-mask', '[data-ex-private]'], unmask: ['.ex-unmask'], block: ['img', '.ex-mask'] },
      defaults: { inputsMasked: true, textMasked: false },
    };
    const root = project({
      'example-analytics.json': VALID,
      'replay-example.json': { ...VALID, name: 'Replay', category: 'session-replay', domains: ['replay.example'], sessionReplay },
    });
    expect(exportsOf(load(root).code).markers).toEqual(['.ex-mask', '.ex-unmask', '[data-ex-private]']);
    expect(exportsOf(load(project({ 'example-analytics.json': VALID })).code).markers).toEqual([]);
  });

  it('gives the same version for the same files, another for other content', () => {
    const a = exportsOf(load(project({ 'example-analytics.json': VALID })).code).version;
    const b = exportsOf(load(project({ 'example-analytics.json': VALID })).code).version;
    const c = exportsOf(load(project({ 'example-analytics.json': { ...VALID, name: 'Renamed' } })).code).version;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('fails the build on a broken file, naming every file and the fix', () => {
    const root = project({
      'example-analytics.json': VALID,
      'bad-category.json': { ...VALID, domains: ['bad.example'], category: 'tracking' },
      'not-json.json': '{ "name": "x", }',
      'claims-twice.json': { ...VALID, name: 'Copy' },
    });
    expect(() => load(root)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /invalid vendor files[\s\S]*data\/vendors\/bad-category\.json: "category"[\s\S]*data\/vendors\/not-json\.json: not valid JSON[\s\S]*"analytics\.example" is claimed by claims-twice and example-analytics: keep the entry in one file/,
        ),
      }),
    );
  });
});
