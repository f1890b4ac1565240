import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageFile, siteOf } from '@/lib/batch/page-file.mjs';

describe('pageFile', () => {
  it('names a page <site>/<page>.json, readable', () => {
    expect(pageFile('https://www.shop.example/checkout?step=2')).toMatch(/^shop\.example\/www\.shop\.example_checkout_step_2-[0-9a-f]{8}\.json$/);
    expect(siteOf('https://a.b.example.co.uk/')).toBe('example.co.uk');
    expect(siteOf('http://127.0.0.1:8080/')).toBe('127.0.0.1');
  });

  it('never leaves its directory, whatever the URL', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ unit: 'binary', maxLength: 300 }), (base, tail) => {
        let url: string;
        try {
          url = new URL(`${base}/../..%2f..%5c${encodeURIComponent(tail)}/${tail}`).href;
        } catch {
          return;
        }
        const file = pageFile(url);
        const [dir, name, ...rest] = file.split('/');
        expect(rest).toEqual([]);
        for (const part of [dir, name]) {
          expect(part).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
          expect(part).not.toContain('..');
        }
        expect(file.length).toBeLessThanOrEqual(80 + 1 + 80 + 1 + 8 + 5);
      }),
    );
  });

  it('gives two URLs two files, even when their readable parts are the same', () => {
    const a = pageFile(`https://shop.example/${'x'.repeat(200)}a`);
    const b = pageFile(`https://shop.example/${'x'.repeat(200)}b`);
    expect(a).not.toBe(b);
    expect(pageFile('https://shop.example/a?b')).not.toBe(pageFile('https://shop.example/a_b'));
  });

  it('keeps hostile hosts to the safe alphabet', () => {
    expect(pageFile('https://xn--80ak6aa92e.com/..%2F..%2Fetc%2Fpasswd')).toMatch(
      /^xn--80ak6aa92e\.com\/xn--80ak6aa92e\.com_\._2f\._2fetc_2fpasswd-[0-9a-f]{8}\.json$/,
    );
    expect(pageFile('http://[::1]/')).toMatch(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*\.json$/);
  });
});
