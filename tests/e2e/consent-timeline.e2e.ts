import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { BROWSERS, startSession } from './harness';

// The consent manager's own cookie dates the refusal (no TCF, no Consent Mode): the CMP readers replay the cookie jar
// from the cookie records of the real browser.
describe.each(BROWSERS)('consent timeline from CMP storage in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let first: Report;
  let second: Report;
  beforeAll(async () => {
    env = await startSession(kind);
    ({ report: first } = await env.visit('https://cmp-cookie.example/', { settle: 2500 }));
    ({ report: second } = await env.visit('https://cmp-cookie.example/?again=1', { settle: 2500 }));
  });
  afterAll(() => env?.close());

  it('dates the refusal by the CMP cookie and phases the evidence around it', () => {
    expect(first.consent).toMatchObject({
      cmps: ['cookiebot'],
      choice: 'reject',
      state: { choice: 'reject', source: 'cmp-storage', purposes: { marketing: false } },
    });
    const refusal = first.cookies.find((c) => c.name === 'CookieConsent' && c.action === 'set');
    expect(first.consent.choiceAt).toBe(refusal?.t);
    expect(first.consent.transitions).toEqual([{ t: refusal?.t, phase: 'after-refusal' }]);
    expect(first.consent.inconclusiveReasons).toEqual([]);
    expect(first.requests.find((r) => r.url.includes('early=1'))?.phase).toBe('before-choice');
    expect(first.requests.find((r) => r.url.startsWith('https://connect.facebook.net/'))?.phase).toBe('after-refusal');
  });

  it('reports the pixel before the choice and the script after the refusal, with times relative to the choice', () => {
    const before = first.findings.find((f) => f.rule === 'tracker-before-consent' && f.vendor?.id === 'meta-pixel');
    const after = first.findings.find((f) => f.rule === 'tracker-after-refusal' && f.vendor?.id === 'meta-pixel');
    expect(before?.evidence.when).toMatch(/before the choice$/);
    expect(after?.evidence.when).toMatch(/after the choice$/);
    expect(after?.confidence).toBe('high');
  });

  it('on the next page, the stored refusal holds from the start', () => {
    expect(second.consent).toMatchObject({ choice: 'reject', choiceAt: 0 });
    expect(second.consent.events.find((e) => e.kind === 'choice')?.prior).toBe(true);
    expect(second.requests.find((r) => r.url.includes('early=1'))?.phase).toBe('after-refusal');
    expect(second.findings.map((f) => f.rule)).not.toContain('tracker-before-consent');
  });
});
