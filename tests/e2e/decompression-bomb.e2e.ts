import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import schema from '@/lib/report/report.schema.json';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// A hostile page answers the canary test with a decompression bomb (1,791 bytes that inflate to 1 GiB, twice: raw and
// inside JSON), the typed value nested in base64 3 and 12 times, and 2,000 bodies of random bytes. The decoder must
// stay within its caps, mark where it stopped, still find what lies within reach, and the extension must keep working.
const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

describe.each(BROWSERS)('decompression bomb and deep nesting in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  it('caps and marks the bomb and the deep nesting, finds the reachable leaks, and stays responsive', async () => {
    const url = 'https://bomb.example/';
    const page = await env.session.newPage();
    await env.session.goto(page, url);
    await sleep(1000);
    const tabId = (await findTabId(env.session, url)) ?? -1;
    const run = await sendToExtension(env.session, { type: 'run-canary', tabId, seconds: 5 });
    expect(run).toMatchObject({ ok: true, typed: 1 });
    expect(await page.evaluate(() => document.body.dataset.sent)).toBe('1');
    const { report } = (await requestReport(env.session, tabId)) as { report: Report };

    const found = [...new Set(report.leaks.map((l) => `${new URL(l.url).search} ${l.chain.join('>')}`))].sort();
    expect(found).toEqual(expect.arrayContaining(['?bomb=json json', '?nest=3 base64>base64>base64>json']));
    expect(found.some((f) => f.startsWith('?nest=12'))).toBe(false);

    const limits = report.decodeLimits.map((d) => `${new URL(d.url).search} ${d.chain.join('>')} ${d.capped ?? d.error}`);
    expect(limits).toEqual(expect.arrayContaining(['?bomb=raw gzip>gzip total', '?bomb=json json>string>latin1>gzip>gzip total']));
    expect(limits.some((l) => l.startsWith('?nest=12') && l.endsWith(' depth'))).toBe(true);

    const garbage = report.requests.filter((r) => r.url.includes('garbage=')).length + report.payloads.filter((p) => p.url.includes('garbage=')).length;
    expect(garbage).toBeGreaterThanOrEqual(2000);
    expect(await sendToExtension(env.session, { type: 'get-settings' })).toMatchObject({ retentionDays: 7 });
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});
