import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '@/lib/findings/rules/index';
import { RULE_IDS } from '@/lib/model';

const root = path.resolve(import.meta.dirname, '../..');
const files = readdirSync(path.join(root, 'lib/findings/rules'))
  .filter((f) => f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''));
const tests = readdirSync(path.join(root, 'tests/unit/findings/rules')).map((f) => f.replace(/\.test\.ts$/, ''));

describe('rule registry', () => {
  it('registers every rule file, once, under its file name', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...files].sort());
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('uses only the fixed rule vocabulary', () => {
    for (const rule of RULES) expect(RULE_IDS).toContain(rule.id);
  });

  it('has a test file for every rule', () => {
    expect(files.filter((f) => !tests.includes(f))).toEqual([]);
  });

  it('gives every rule at least one legal reference', () => {
    for (const rule of RULES) expect(rule.references.length, rule.id).toBeGreaterThan(0);
  });
});
