import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FINDINGS = path.resolve(import.meta.dirname, '../../../lib/findings');

/** String literals of two or more words: text for people, which belongs in the catalogues (lib/i18n). */
function sentenceLiterals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...code.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2] ?? '').filter((text) => /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text));
}

describe('rules assemble no text', () => {
  it('finds sentences in a literal', () => {
    expect(sentenceLiterals("const a = `it was set`; // a comment\nconst b = 'rule.id';")).toEqual(['it was set']);
  });

  it('no rule file, nor the finding helpers, holds a sentence literal', () => {
    const files = [...readdirSync(path.join(FINDINGS, 'rules')).map((f) => path.join('rules', f)), ...readdirSync(FINDINGS).filter((f) => f.endsWith('.ts'))];
    const found = files.flatMap((file) => sentenceLiterals(readFileSync(path.join(FINDINGS, file), 'utf8')).map((text) => `${file}: ${text}`));
    expect(found).toEqual([]);
  });
});
