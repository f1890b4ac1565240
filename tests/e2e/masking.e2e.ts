import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { BROWSERS, startSession } from './harness';

// The static masking audit: fields and markers read from the page, judged against each recorder's markers and defaults.
describe.each(BROWSERS)('masking audit in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let report: Report;
  beforeAll(async () => {
    env = await startSession(kind);
    ({ report } = await env.visit('https://replay-markers.example/', { settle: 2500 }));
  });
  afterAll(() => env?.close());

  it('finds the fillable fields, what they hold, and the markers around them', () => {
    const fields = Object.fromEntries(report.fields.map((f) => [f.selector, [f.fieldKind, f.markers]]));
    expect(fields).toMatchObject({
      '#email': ['email', ['[data-hj-allow]']],
      '#pw': ['password', []],
      '#fullname': ['name', ['.data-hj-suppress']],
      '#notes': ['free-text', []],
    });
    expect(report.fields.find((f) => f.label === 'Card number')?.fieldKind).toBe('card');
    expect(report.fields.find((f) => f.element === 'input:hidden')?.fieldKind).toBe('hidden-token');
    expect(report.fields.every((f) => f.source === 'snapshot')).toBe(true);
  });

  it('judges each field for the recorder on the page', () => {
    const verdicts = Object.fromEntries(report.masking.filter((m) => m.vendor === 'hotjar').map((m) => [m.selector, m.verdict]));
    expect(verdicts).toMatchObject({ '#email': 'unmasked', '#pw': 'masked', '#fullname': 'masked', '#notes': 'masked' });
  });

  it('reports the recorder as loaded and recording, before any choice', () => {
    expect(report.recorders).toMatchObject([{ vendor: 'hotjar', loadedPhase: 'no-cmp', recordingPhase: 'no-cmp', recordingVia: 'ingest' }]);
    expect(report.recorders[0]?.recordingAt ?? 0).toBeGreaterThanOrEqual(report.recorders[0]?.loadedAt ?? 0);
  });

  it('flags the unmasked e-mail field and the recorded sign-up page', () => {
    const rules = report.findings.map((f) => `${f.rule}:${f.vendor?.id}:${f.severity}`);
    expect(rules).toEqual(
      expect.arrayContaining(['replay-unmask-attribute:hotjar:high', 'replay-on-sensitive-page:hotjar:high', 'replay-before-consent:hotjar:critical']),
    );
    expect(report.findings.find((f) => f.rule === 'replay-unmask-attribute')?.fix).toContain('data-hj-allow');
    expect(report.findings.filter((f) => f.rule === 'replay-unmask-attribute')).toHaveLength(1);
  });
});
