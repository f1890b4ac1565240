import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readExportedReport } from '../../lib/report/import';
import { anyValue, check, FUZZ_TIMEOUT, mutated, QUICK_MS, stringsIn, withinTime } from './fuzz';

// An exported report chosen on the report page to compare (lib/report/import.ts): a file anyone may have edited.
const OLD = readFileSync(path.resolve(import.meta.dirname, '../fixtures/exports/export-1.0.json'), 'utf8');
const SMALL = JSON.stringify({ ...JSON.parse(OLD), requests: [], payloads: [], integrity: undefined });

describe('exported reports read back, generated input', () => {
  it(
    'never throws; keeps strings within 2,000 characters; a report it reads has a valid date',
    () => {
      const text = fc.oneof(
        mutated([SMALL], 8),
        anyValue.map((v) => JSON.stringify({ schema: 'consent-inspector/report@1', vendors: v, findings: v, cookies: v, page: v, visit: v })),
      );
      check(
        fc.property(text, (input) => {
          const result = withinTime(QUICK_MS * 4, () => readExportedReport(input));
          if (!result.ok) return;
          expect(Number.isNaN(Date.parse(result.report.startedAt))).toBe(false);
          expect(stringsIn(result.report).every((s) => s.length <= 2_000)).toBe(true);
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );
});
