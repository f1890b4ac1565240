import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/replay-on-sensitive-page';
import { request, scanOf } from '../../../fixtures/evidence';

const recording = [request('https://static.hotjar.com/c/hotjar-1.js', 100), request('https://in.hotjar.com/x', 200, { method: 'POST' })];

describe('replay-on-sensitive-page', () => {
  it.each(['https://shop.example/checkout', 'https://shop.example/account/login', 'https://shop.example/sign-in?next=/'])(
    'fires when %s is recorded',
    (url) => {
      expect(rule.check(scanOf(recording, { url }))).toMatchObject([{ vendor: { id: 'hotjar' }, severity: 'high' }]);
    },
  );

  it('does not fire on ordinary pages, or when the recorder only loaded', () => {
    expect(rule.check(scanOf(recording, { url: 'https://shop.example/products/logistics' }))).toEqual([]);
    expect(rule.check(scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100)], { url: 'https://shop.example/checkout' }))).toEqual([]);
  });
});
