import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/pii-in-url';
import { request, scanOf } from '../../../fixtures/evidence';

describe('pii-in-url', () => {
  it('fires for an e-mail address in a third-party URL, even URL-encoded twice', () => {
    const findings = rule.check(scanOf([request('https://www.facebook.com/tr?ev=Lead&em=jane.doe%2540mail.example', 100, { type: 'image' })]));
    expect(findings).toMatchObject([{ vendor: { id: 'meta-pixel' }, severity: 'high' }]);
  });

  it('groups unclassified third parties', () => {
    expect(rule.check(scanOf([request('https://collect.unknown.example/p?u=a@b.example', 100)]))).toMatchObject([
      { title: expect.stringContaining('unclassified') },
    ]);
  });

  it('does not fire for first-party URLs or URLs without an address', () => {
    expect(rule.check(scanOf([request('https://shop.example/newsletter?email=a@b.example', 100), request('https://www.facebook.com/tr?id=1@2', 100)]))).toEqual(
      [],
    );
  });
});
