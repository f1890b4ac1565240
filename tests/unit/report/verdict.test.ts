import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/finding';
import type { Report, ReportVendor } from '@/lib/report/types';
import { groupVendorsByCategory, severityCounts, verdictLine, verdictOf } from '@/lib/report/verdict';

const finding = (severity: Finding['severity']): Finding => ({
  rule: 'tracker-before-consent',
  severity,
  title: 't',
  phase: 'no-cmp',
  evidence: { records: [], urls: [], times: [] },
  references: [{ title: 'r' }],
  fix: 'f',
});
const report = (findings: Finding[], scenario = 'observe') => ({ findings, scenario }) as unknown as Report;

describe('verdictLine', () => {
  it('counts findings and the serious ones', () => {
    expect(verdictLine(report([finding('critical'), finding('high'), finding('low')]))).toBe('3 findings, 2 critical or high.');
  });

  it('never says "No problems found" for a visit that was only observed', () => {
    expect(verdictLine(report([]))).toContain('Not checked');
    expect(verdictLine(report([]))).not.toContain('No problems found');
    expect(verdictLine(report([], 'reject'))).toBe('No problems found.');
  });
});

describe('verdictOf', () => {
  it('only gives the clean verdict after an audit scenario ran', () => {
    expect(verdictOf(report([finding('critical'), finding('low')]))).toEqual({ kind: 'findings', total: 2, serious: 1 });
    expect(verdictOf(report([]))).toEqual({ kind: 'observed' });
    expect(verdictOf(report([], 'clean-observe'))).toEqual({ kind: 'clean-observe' });
    expect(verdictOf(report([], 'canary'))).toEqual({ kind: 'clean' });
  });
});

describe('severityCounts', () => {
  it('lists every severity, most severe first', () => {
    expect(severityCounts([finding('low'), finding('low'), finding('critical')])).toEqual([
      ['critical', 1],
      ['high', 0],
      ['medium', 0],
      ['low', 2],
      ['info', 0],
    ]);
  });
});

describe('groupVendorsByCategory', () => {
  it('groups in order of first appearance', () => {
    const v = (id: string, category: ReportVendor['category']) => ({ id, category }) as ReportVendor;
    expect(groupVendorsByCategory([v('a', 'advertising'), v('b', 'session-replay'), v('c', 'advertising')]).map(([c, vs]) => [c, vs.map((x) => x.id)])).toEqual(
      [
        ['advertising', ['a', 'c']],
        ['session-replay', ['b']],
      ],
    );
  });
});
