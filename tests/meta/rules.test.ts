import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '@/lib/findings/rules/index';
import schema from '@/lib/report/report.schema.json';

const root = path.resolve(import.meta.dirname, '../..');
const ids = RULES.map((r) => r.id);
const files = readdirSync(path.join(root, 'lib/findings/rules'))
  .filter((f) => f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''));
const testDir = path.join(root, 'tests/unit/findings/rules');
const tests = readdirSync(testDir).map((f) => f.replace(/\.test\.ts$/, ''));
/** The table of the `## Rules` section of the findings documentation: its first column, in order. */
const rulesSection =
  readFileSync(path.join(root, 'docs/consent-and-findings.md'), 'utf8')
    .split(/^## Rules$/m)[1]
    ?.split(/^## /m)[0] ?? '';
const documented = [...rulesSection.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]);

describe('rule registry', () => {
  it('registers every rule file, once, under its file name, and nothing else', () => {
    expect([...ids].sort()).toEqual([...files].sort());
    expect(new Set(ids).size).toBe(RULES.length);
  });

  it('has a test file for every rule, and no test without a rule', () => {
    expect([...tests].sort()).toEqual([...files].sort());
  });

  it("has, in each rule's test, a case that fires and a case that does not", () => {
    for (const id of ids) {
      const text = readFileSync(path.join(testDir, `${id}.test.ts`), 'utf8');
      expect(/toHaveLength\([1-9]|toMatchObject\(\[?\s*\{|\.rule\)\.toBe\(|rule: '/.test(text), `${id}: no case where it fires`).toBe(true);
      expect(/toEqual\(\s*\[\]\s*,?\s*\)|toHaveLength\(0\)/.test(text), `${id}: no case where it stays silent`).toBe(true);
    }
  });

  it('gives every rule at least one legal reference', () => {
    for (const rule of RULES) expect(rule.references.length, rule.id).toBeGreaterThan(0);
  });

  it("matches the report schema's rule enum, both ways", () => {
    const finding = (schema as { $defs: { finding: { properties: { rule: { enum: string[] } } } } }).$defs.finding;
    expect([...finding.properties.rule.enum].sort()).toEqual([...ids].sort());
  });

  it('matches the documented rules table (docs/consent-and-findings.md), in report order', () => {
    expect(documented).toEqual(ids);
  });
});
