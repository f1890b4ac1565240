import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/replay-after-refusal';
import { consentViewOf } from '@/lib/consent/detect-consent';
import { CMP_ACCEPTED_AT_1000, CMP_REFUSED_AT_1000, request, scanOf } from '../../../fixtures/evidence';
import { overviewOf } from '@/lib/report/overview';

describe('replay-after-refusal', () => {
  it('fires for recordings sent after a refusal', () => {
    const records = [request('https://static.hotjar.com/c/hotjar-1.js', 100), request('https://in.hotjar.com/x', 2500, { method: 'POST' })];
    expect(rule.check(scanOf(records, { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { vendor: { id: 'hotjar' }, severity: 'critical', confidence: 'high', evidence: { relativeToChoice: [1500] } },
    ]);
  });

  it('says "unverified", at medium, when every upload after the refusal left within a second of it and nothing later', () => {
    const loader = request('https://static.hotjar.com/c/hotjar-1.js', 100);
    const flush = request('https://in.hotjar.com/x', 1029, { method: 'POST', type: 'xmlhttprequest' });
    const findings = rule.check(scanOf([loader, flush], { consent: CMP_REFUSED_AT_1000 }));
    expect(findings).toMatchObject([
      {
        severity: 'medium',
        confidence: 'low',
        title: 'Hotjar sent a recording just after the visitor refused, and nothing later (unverified)',
        evidence: { records: [flush.id], details: { ingestRequests: 1, unverified: 'at-answer' } },
      },
    ]);
    expect(findings[0]?.inconclusive).toContain('left 29 ms after it');
    const consent = { choice: 'reject', choiceAt: 1000, cmps: ['onetrust'], events: [], inconclusiveReasons: [] };
    const overview = overviewOf({ findings, consent, scenario: 'reject', recorders: [], masking: [], canaries: [], decodeLimits: [] } as never);
    expect(overview.refusal).toMatchObject({ recorded: 0, recordedUnverified: 0, recordedAtAnswer: 1 });
    expect(overview.sentences[1]?.text).toContain('1 session recorder sent a recording just after the refusal and nothing later');
    // At 999 ms it is still the flush; an upload a second or more after the refusal is recording after it.
    expect(rule.check(scanOf([loader, request('https://in.hotjar.com/x', 1999, { method: 'POST' })], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { severity: 'medium', evidence: { details: { unverified: 'at-answer' } } },
    ]);
    const later = request('https://in.hotjar.com/x', 2000, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([loader, flush, later], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { severity: 'critical', confidence: 'high', evidence: { records: [flush.id, later.id], details: { ingestRequests: 2 } } },
    ]);
  });

  it('a refusal stored before the visit: an upload right at the start is recording after it', () => {
    const stored = consentViewOf([{ t: 0, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'reject' }]);
    const findings = rule.check(
      scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 10), request('https://in.hotjar.com/x', 300, { method: 'POST' })], { consent: stored }),
    );
    expect(findings).toMatchObject([{ severity: 'critical', confidence: 'high' }]);
    expect(findings[0]?.evidence.details?.unverified).toBeUndefined();
  });

  it('does not fire after an acceptance or when nothing is sent after the refusal', () => {
    expect(rule.check(scanOf([request('https://in.hotjar.com/x', 1500)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([request('https://in.hotjar.com/x', 500)], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
  });

  it('says "unverified", at medium, when every upload after the refusal was cut off before any response', () => {
    const loader = request('https://static.hotjar.com/c/hotjar-1.js', 100);
    const cut = request('https://in.hotjar.com/x', 1500, { method: 'POST', type: 'xmlhttprequest', error: 'net::ERR_ABORTED' });
    const findings = rule.check(scanOf([loader, cut], { consent: CMP_REFUSED_AT_1000 }));
    expect(findings).toMatchObject([
      {
        vendor: { id: 'hotjar' },
        severity: 'medium',
        confidence: 'low',
        title: 'Hotjar was still recording after the visitor refused (its upload was cut off: unverified)',
        evidence: { records: [cut.id], details: { ingestRequests: 0, cutOffUploads: 1, unverified: 'cut-off' } },
      },
    ]);
    expect(findings[0]?.inconclusive).toContain('whether Hotjar received it is unverified');
    // The overview counts it apart: an unproven delivery is never "kept recording".
    const consent = { choice: 'reject', choiceAt: 1000, cmps: ['onetrust'], events: [], inconclusiveReasons: [] };
    const overview = overviewOf({ findings, consent, scenario: 'reject', recorders: [], masking: [], canaries: [], decodeLimits: [] } as never);
    expect(overview.refusal).toMatchObject({ recorded: 0, recordedUnverified: 1 });
    expect(overview.sentences[1]?.text).toContain('1 session recorder was still recording, but its upload was cut off (unverified)');
    // One delivered upload after the refusal is proof: the finding is the critical one, on the delivered uploads only.
    const delivered = request('https://in.hotjar.com/x', 2700, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([loader, cut, delivered], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { severity: 'critical', confidence: 'high', evidence: { records: [delivered.id], details: { ingestRequests: 1 } } },
    ]);
  });
});
