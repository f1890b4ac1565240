import { describe, expect, it } from 'vitest';
import { whyNoReport, whyNot } from '@/lib/cli/trusted-input.mjs';

describe('whyNot', () => {
  it("gives the extension's reason, what it threw when it failed, or that nothing answered", () => {
    expect(whyNot(undefined)).toBe('no answer');
    expect(whyNot({ ok: false, reason: 'no-visit' })).toBe('no-visit');
    expect(whyNot({ ok: false, reason: 'error', error: 'TypeError: x is undefined' })).toBe('the extension failed: TypeError: x is undefined');
    // An answer from a version before `error` existed.
    expect(whyNot({ ok: false, reason: 'error' })).toBe('error');
  });
});

describe('whyNoReport', () => {
  it('tells a visit with nothing recorded from a report the extension failed to build', () => {
    expect(whyNoReport({ ok: false, reason: 'no-visit' })).toBe('recorded nothing (no-visit)');
    expect(whyNoReport({ ok: false, reason: 'error', error: 'AbortError: aborted' })).toBe(
      'could not build the report (the extension failed: AbortError: aborted)',
    );
    expect(whyNoReport(undefined)).toBe('recorded nothing (no answer)');
  });
});
