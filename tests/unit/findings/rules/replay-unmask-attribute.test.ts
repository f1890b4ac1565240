import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/replay-unmask-attribute';
import { field, request, scanOf } from '../../../fixtures/evidence';

const hotjar = request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' });

describe('replay-unmask-attribute', () => {
  it("fires for a sensitive field with the recorder's unmask marker, naming the marker and the field", () => {
    const [finding] = rule.check(scanOf([hotjar, field('email', ['[data-hj-allow]'])]));
    expect(finding).toMatchObject({ vendor: { id: 'hotjar' }, severity: 'high', evidence: { details: { marker: '[data-hj-allow]', selector: '#email' } } });
    expect(finding?.fix).toContain('Remove the data-hj-allow attribute from #email');
  });

  it('is critical on password and card fields', () => {
    expect(rule.check(scanOf([hotjar, field('card', ['[data-hj-allow]'])]))[0]?.severity).toBe('critical');
  });

  it("ignores another vendor's marker, non-sensitive fields, and pages without that recorder", () => {
    expect(rule.check(scanOf([hotjar, field('email', ['.fs-unmask'])]))).toEqual([]);
    expect(rule.check(scanOf([hotjar, field('text', ['[data-hj-allow]'])]))).toEqual([]);
    expect(rule.check(scanOf([field('email', ['[data-hj-allow]'])]))).toEqual([]);
  });
});
