import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { previewOf } from '@/lib/report/preview';

const list = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));
const report = (requests: number, payloads: number) =>
  ({ requests: list(requests, 'r'), payloads: list(payloads, 'p'), cookies: list(500, 'c'), summary: { requests, payloads } }) as unknown as Report;

describe('previewOf', () => {
  it('keeps the first page of requests and payloads, and everything else', () => {
    const full = report(5000, 300);
    const preview = previewOf(full, 100);
    expect(preview.requests).toEqual(full.requests.slice(0, 100));
    expect(preview.payloads).toEqual(full.payloads.slice(0, 100));
    expect(preview.cookies).toBe(full.cookies);
    expect(preview.summary).toEqual({ requests: 5000, payloads: 300 });
    expect(full.requests).toHaveLength(5000);
  });

  it('returns a report that already fits unchanged', () => {
    const small = report(100, 3);
    expect(previewOf(small, 100)).toBe(small);
  });
});
