import { describe, expect, it } from 'vitest';
import { normalizeUrl, readUrlList } from '@/lib/batch/url-list.mjs';

describe('readUrlList', () => {
  it('reads one URL a line, skips comments and blank lines, reports bad lines with their number', () => {
    const { urls, invalid } = readUrlList(
      [
        '# client sites',
        'https://shop.example/',
        '',
        '   shop.example/login   # the login page',
        'https://shop.example/#top',
        'ftp://files.example/',
        'not a url',
        'javascript:alert(1)',
        'http://[::1',
        'localhost:8080/x',
        'https://shop.example/',
      ].join('\r\n'),
    );
    expect(urls).toEqual(['https://shop.example/', 'https://shop.example/login', 'https://localhost:8080/x']);
    expect(invalid).toEqual([
      { line: 6, text: 'ftp://files.example/', reason: 'not-http' },
      { line: 7, text: 'not a url', reason: 'not-a-url' },
      { line: 8, text: 'javascript:alert(1)', reason: 'not-http' },
      { line: 9, text: 'http://[::1', reason: 'not-a-url' },
    ]);
  });

  it('bounds what a bad line keeps', () => {
    const { invalid } = readUrlList(`x y ${'z'.repeat(10_000)}`);
    expect(invalid[0]?.text.length).toBe(200);
    expect(normalizeUrl(`https://a.example/${'a'.repeat(5000)}`)).toEqual({ ok: false, reason: 'too-long' });
  });

  it('spells a URL one way whatever the input', () => {
    expect(normalizeUrl('HTTPS://Shop.Example:443/a/../b?x=1#frag')).toEqual({ ok: true, url: 'https://shop.example/b?x=1' });
    expect(normalizeUrl('shop.example')).toEqual({ ok: true, url: 'https://shop.example/' });
  });
});
