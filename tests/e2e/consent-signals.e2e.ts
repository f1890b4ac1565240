import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { BROWSERS, startSession } from './harness';

// Google Consent Mode commands are read in the page (MAIN-world probe); a refusal then anchors every phase.
describe.each(BROWSERS)('consent signals in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let report: Report;
  beforeAll(async () => {
    env = await startSession(kind);
    ({ report } = await env.visit('https://consent-mode.example/', { settle: 2500 }));
  });
  afterAll(() => env?.close());

  it('reads the Consent Mode default and updates, and dates the refusal', () => {
    expect(report.consent.signals.map((s) => [s.signal, s.command, s.choice ?? null])).toEqual([
      ['gcm', 'default', null],
      ['gcm', 'update', 'reject'],
      // Read cumulatively: the second update grants two of the four types the first one denied.
      ['gcm', 'update', 'partial'],
    ]);
    expect(report.consent.choice).toBe('reject');
    expect(report.consent.choiceAt).toBe(report.consent.signals[1]?.t);
    expect(report.consent.events.map((e) => [e.source, e.kind, e.choice])).toEqual([
      ['consent-mode', 'choice', 'reject'],
      ['consent-mode', 'choice-changed', 'partial'],
    ]);
    expect(report.consent.transitions.map((t) => t.phase)).toEqual(['after-refusal', 'after-accept']);
    // Granting after a refusal with no banner shown in between: the timeline says it cannot be trusted.
    expect(report.consent.inconclusiveReasons.map((r) => r.kind)).toEqual(['choice-flipped']);
  });

  it('stamps evidence with the phase, and reports tracking after the refusal', () => {
    const pixel = report.requests.find((r) => r.url.startsWith('https://connect.facebook.net/'));
    expect(pixel?.phase).toBe('after-refusal');
    expect(report.requests.find((r) => r.type === 'main_frame')?.phase).toBe('before-choice');
    const rules = report.findings.map((f) => `${f.rule}:${f.vendor?.id ?? ''}`);
    expect(rules).toEqual(expect.arrayContaining(['tracker-after-refusal:meta-pixel', 'consent-stored-despite-refusal:']));
    const after = report.findings.find((f) => f.rule === 'tracker-after-refusal');
    expect(after?.evidence.relativeToChoice?.every((ms) => ms >= 0)).toBe(true);
    expect(after?.evidence.when).toMatch(/ms after the choice$/);
    const stored = report.findings.find((f) => f.rule === 'consent-stored-despite-refusal');
    expect(stored?.evidence.details).toMatchObject({ which: ['consent-mode'] });
    expect(stored?.confidence).toBe('low');
  });
});
