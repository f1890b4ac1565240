import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { createReportCache } from '@/lib/analysis/report-cache';

const report = (id: string) => ({ visit: { id } }) as unknown as Report;

describe('createReportCache', () => {
  it('keeps the most recently used reports up to its limit', () => {
    const cache = createReportCache(2);
    cache.set('a', false, 1, report('a'));
    cache.set('b', false, 1, report('b'));
    expect(cache.get('a', false, 1)).toEqual(report('a'));
    cache.set('c', false, 1, report('c'));
    expect(cache.get('b', false, 1)).toBeUndefined();
    expect(cache.get('a', false, 1)).toEqual(report('a'));
    expect(cache.get('c', false, 1)).toEqual(report('c'));
  });

  it('answers only for the version it was given, and tells redacted from unredacted', () => {
    const cache = createReportCache();
    cache.set('a', false, 3, report('a'));
    expect(cache.get('a', false, 4)).toBeUndefined();
    expect(cache.get('a', true, 3)).toBeUndefined();
    expect(cache.has('a')).toBe(false);
    cache.set('a', false, 4, report('a'));
    expect(cache.has('a')).toBe(true);
  });
});
