import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/form-data-leak';
import { rule as piiInUrl } from '@/lib/findings/rules/pii-in-url';
import { body, canary, request, scanWithBodies } from '../../../fixtures/evidence';

const EMAIL = 'cnryasdfghjk@example.com';

describe('form-data-leak', () => {
  it('fires when a typed value reaches a third party before any submit, even as a SHA-256 hash', async () => {
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(EMAIL)))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    const scan = await scanWithBodies([canary(EMAIL), request('https://www.facebook.com/tr', 2600, { method: 'POST', body: body(`ev=Lead&ud[em]=${hash}`) })]);
    expect(rule.check(scan)).toMatchObject([{ vendor: { id: 'meta-pixel' }, severity: 'high', evidence: { details: { matchKind: 'sha256' } } }]);
  });

  it('also reports a typed value in a third-party URL as pii-in-url', async () => {
    const scan = await scanWithBodies([canary(EMAIL), request(`https://collect.unknown.example/p?q=${encodeURIComponent(EMAIL)}`, 2600)]);
    expect(rule.check(scan)).toHaveLength(1);
    expect(piiInUrl.check(scan)).toHaveLength(1);
  });

  it('does not fire for first-party requests or recordings', async () => {
    expect(rule.check(await scanWithBodies([canary(EMAIL), request('https://shop.example/api/save', 2600, { method: 'POST', body: body(EMAIL) })]))).toEqual(
      [],
    );
  });
});
