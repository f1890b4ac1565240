import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { hasValidIntegrity, withIntegrity } from '@/lib/report/integrity';
import schema from '@/lib/report/report.schema.json';
import { makeReport } from '../../fixtures/reports';

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

describe('withIntegrity', () => {
  it('adds the SHA-256 of the JSON body without the integrity field, which anyone can recompute', async () => {
    const report = makeReport();
    const signed = await withIntegrity(report);
    const expected = createHash('sha256').update(JSON.stringify(report)).digest('hex');
    expect(signed.integrity).toEqual({ algorithm: 'SHA-256', over: 'json-without-integrity', sha256: expected });
    expect(validate(signed), JSON.stringify(validate.errors)).toBe(true);
  });

  it('survives a pretty-printed round trip and detects a change', async () => {
    const parsed: unknown = JSON.parse(JSON.stringify(await withIntegrity(makeReport()), null, 2));
    expect(await hasValidIntegrity(parsed)).toBe(true);
    const tampered = { ...(parsed as object), scenario: 'reject' };
    expect(await hasValidIntegrity(tampered)).toBe(false);
    expect(await hasValidIntegrity(makeReport())).toBe(false);
  });

  it('re-signing replaces the old field rather than hashing it', async () => {
    const once = await withIntegrity(makeReport());
    expect((await withIntegrity(once)).integrity).toEqual(once.integrity);
  });
});
