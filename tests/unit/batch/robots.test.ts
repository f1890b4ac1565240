import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowed, parseRobots } from '@/lib/batch/robots.mjs';

const allowed = (robots: string, path: string, token?: string) => isAllowed(parseRobots(robots, token).rules, `https://shop.example${path}`);

describe('parseRobots / isAllowed (RFC 9309)', () => {
  it('takes the * group when no group names the crawler, and reads Sitemap lines anywhere', () => {
    const robots = [
      'User-agent: OtherBot',
      'Disallow: /',
      '',
      'User-agent: *',
      'Disallow: /private/',
      'Sitemap: https://shop.example/sm.xml',
      'Sitemap: /relative.xml',
    ].join('\n');
    expect(parseRobots(robots)).toEqual({ rules: [{ allow: false, pattern: '/private/' }], sitemaps: ['https://shop.example/sm.xml'] });
    expect(allowed(robots, '/private/a.html')).toBe(false);
    expect(allowed(robots, '/privateer')).toBe(true);
    expect(allowed(robots, '/')).toBe(true);
  });

  it('takes the group that names the crawler over *, with several User-agent lines per group', () => {
    const robots = ['User-agent: *', 'Disallow: /', '', 'User-agent: SomeBot', 'User-agent: ConsentInspector', 'Disallow: /cart'].join('\r\n');
    expect(allowed(robots, '/')).toBe(true);
    expect(allowed(robots, '/cart')).toBe(false);
    expect(allowed(robots, '/', 'otherbot')).toBe(false);
  });

  it('lets the longest match win, Allow on a tie; * and $ as wildcards; an empty Disallow allows all', () => {
    const robots = ['User-agent: *', 'Disallow: /shop/', 'Allow: /shop/login', 'Disallow: /*.php$', 'Allow: /a', 'Disallow: /a', 'Disallow:'].join('\n');
    expect(allowed(robots, '/shop/cart')).toBe(false);
    expect(allowed(robots, '/shop/login?next=1')).toBe(true);
    expect(allowed(robots, '/x/index.php')).toBe(false);
    expect(allowed(robots, '/x/index.php?q=1')).toBe(true);
    expect(allowed(robots, '/abc')).toBe(true);
    expect(allowed('User-agent: *\nDisallow:\n', '/anything')).toBe(true);
  });

  it('matches queries, compares percent-escapes in one case, and always allows /robots.txt', () => {
    const robots = 'User-agent: *\nDisallow: /*?sessionid=\nDisallow: /caf%c3%a9\nDisallow: /';
    expect(allowed(robots, '/page?sessionid=1')).toBe(false);
    expect(allowed(robots, '/caf%C3%A9')).toBe(false);
    expect(allowed(robots, '/robots.txt')).toBe(true);
  });

  it('reads anything (a GIF, HTML, no group) as no rule', () => {
    expect(parseRobots('GIF89a\u0001\u0000')).toEqual({ rules: [], sitemaps: [] });
    expect(parseRobots('<html><body>Not found</body></html>').rules).toEqual([]);
    expect(parseRobots('Disallow: /\n').rules).toEqual([]);
  });

  it('never throws and stays fast on hostile files and paths', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.string({ maxLength: 300 }), (text, path) => {
        const { rules } = parseRobots(`User-agent: *\n${text}`);
        expect(typeof isAllowed(rules, `https://shop.example/${encodeURI(path)}`)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    const stars = `User-agent: *\n${Array.from({ length: 1000 }, () => `Disallow: /${'*a'.repeat(200)}$`).join('\n')}`;
    const started = performance.now();
    expect(allowed(stars, `/${'a'.repeat(4000)}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
