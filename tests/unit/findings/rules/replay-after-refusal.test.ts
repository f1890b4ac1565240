import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/replay-after-refusal';
import { CMP_ACCEPTED_AT_1000, CMP_REFUSED_AT_1000, request, scanOf } from '../../../fixtures/evidence';

describe('replay-after-refusal', () => {
  it('fires for recordings sent after a refusal', () => {
    const records = [request('https://static.hotjar.com/c/hotjar-1.js', 100), request('https://in.hotjar.com/x', 1500, { method: 'POST' })];
    expect(rule.check(scanOf(records, { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([
      { vendor: { id: 'hotjar' }, severity: 'critical', evidence: { relativeToChoice: [500] } },
    ]);
  });

  it('does not fire after an acceptance or when nothing is sent after the refusal', () => {
    expect(rule.check(scanOf([request('https://in.hotjar.com/x', 1500)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([request('https://in.hotjar.com/x', 500)], { consent: CMP_REFUSED_AT_1000 }))).toEqual([]);
  });
});
