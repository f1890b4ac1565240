import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EN } from '@/lib/i18n/en';
import { CATALOGUES } from '@/lib/i18n/message';
import { LANGS } from '@/lib/i18n/translate';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !/^(en|fr)\.ts$/.test(e.name))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'));
}

describe('message catalogues (lib/i18n/<lang>.ts)', () => {
  it('exist for every shipped language, each with every key of the English one and no other, none empty', () => {
    const keys = Object.keys(EN).sort();
    for (const lang of LANGS) {
      const catalogue: Record<string, string> = CATALOGUES[lang];
      expect(Object.keys(catalogue).sort(), lang).toEqual(keys);
      for (const key of keys) expect(catalogue[key]?.trim(), `${lang}: ${key}`).toBeTruthy();
    }
  });

  it('hold no key the code never uses (a key is used literally, by its plural base, or under a template starting with its prefix)', () => {
    const code = [...sources('lib'), ...sources('entrypoints')].join('\n');
    const literals = new Set([...code.matchAll(/['"`]([\w.-]+)['"`]/g)].map((m) => m[1]));
    const prefixes = [...new Set([...code.matchAll(/`([\w.-]+\.)\$\{/g)].map((m) => m[1] ?? ''))];
    const unused = Object.keys(EN).filter((key) => {
      const base = key.replace(/\.(one|other)$/, '');
      return !literals.has(key) && !literals.has(base) && !prefixes.some((p) => key.startsWith(p));
    });
    expect(unused).toEqual([]);
  });
});
