import { describe, expect, it } from 'vitest';
import { doneUrls, failedResult, okResult, parseResults } from '@/lib/batch/page-result.mjs';

const report = {
  scenario: 'observe',
  consent: { cmps: ['Cookiebot'] },
  recorders: [{ vendor: 'hotjar' }, { vendor: 'hotjar' }],
  findings: [
    { rule: 'tracker-before-consent', severity: 'high', vendor: { id: 'google-analytics', name: 'Google Analytics' } },
    { rule: 'cookie-before-consent', severity: 'medium', vendor: { id: 'hotjar', name: 'Hotjar' } },
    { rule: 'replay-before-consent', severity: 'critical', vendor: { id: 'hotjar', name: 'Hotjar' } },
  ],
};

describe('page results', () => {
  it("keep the report's verdict, counts by severity, CMP, recorders and before-consent vendors", () => {
    expect(okResult('https://shop.example/', 'shop.example', report, 'shop.example/x.json')).toEqual({
      url: 'https://shop.example/',
      site: 'shop.example',
      status: 'ok',
      scenario: 'observe',
      verdict: 'findings',
      counts: { critical: 1, high: 1, medium: 1, low: 0, info: 0 },
      rules: ['cookie-before-consent', 'replay-before-consent', 'tracker-before-consent'],
      cmps: ['Cookiebot'],
      replayVendors: ['hotjar'],
      beforeConsentVendors: ['Google Analytics', 'Hotjar'],
      file: 'shop.example/x.json',
    });
  });

  it('say "observed", never "clean", for an observed page without findings', () => {
    expect(okResult('https://a.example/', 'a.example', { scenario: 'observe', findings: [] }, 'f').verdict).toBe('observed');
    expect(okResult('https://a.example/', 'a.example', { scenario: 'reject', findings: [] }, 'f').verdict).toBe('clean');
  });

  it('record an error in one bounded line', () => {
    const line = failedResult('https://a.example/', 'a.example', new Error(`timeout ${'x'.repeat(900)}\nstack`));
    expect(line.status).toBe('failed');
    expect(line.error.length).toBe(500);
    expect(line.error).not.toContain('\n');
  });

  it('read back, skipping a line cut short by a crash, the last line of a URL standing', () => {
    const a1 = failedResult('https://a.example/', 'a.example', 'timeout');
    const a2 = okResult('https://a.example/', 'a.example', report, 'a.json');
    const b = failedResult('https://b.example/', 'b.example', 'refused');
    const text = [a1, b, a2].map((l) => JSON.stringify(l)).join('\n') + '\n{"url":"https://c.exa';
    const { results, skipped } = parseResults(text);
    expect(skipped).toBe(1);
    expect(results).toEqual([b, a2]);
    expect(doneUrls(results)).toEqual(new Set(['https://a.example/']));
  });
});
