import { describe, expect, it } from 'vitest';
import { crawlableUrl, MAX_LINKS_PER_PAGE, MAX_SITEMAP_URLS, readLinks, readSitemap } from '@/lib/batch/crawl-links.mjs';
import { addToPool, createPool, pickNext } from '@/lib/batch/crawl-plan.mjs';
import { parseRobots } from '@/lib/batch/robots.mjs';

describe('readLinks', () => {
  it('keeps the same site (subdomains too), http(s) pages only, without fragments, each once', () => {
    const links = readLinks(
      [
        { href: 'https://shop.example/login#top', text: '  Sign\n in ' },
        { href: 'https://shop.example/login', text: 'Other text' },
        { href: 'https://www.shop.example/cart', text: 'Cart' },
        { href: 'https://other.example/login', text: 'Log in' },
        { href: 'https://shop.example.evil.example/', text: 'Look-alike' },
        { href: 'mailto:a@shop.example', text: 'Mail' },
        { href: 'javascript:alert(1)', text: 'Script' },
        { href: 'https://shop.example/brochure.PDF', text: 'PDF' },
        { href: 'https://user:pw@shop.example/', text: 'Credentials' },
        { href: 'https://shop.example/search?q=', text: 'Search', form: true },
        { href: 42 },
        null,
        'https://shop.example/string',
      ],
      'shop.example',
    );
    expect(links).toEqual([
      { url: 'https://shop.example/login', text: 'Sign in', form: false },
      { url: 'https://www.shop.example/cart', text: 'Cart', form: false },
      { url: 'https://shop.example/search?q=', text: 'Search', form: true },
    ]);
  });

  it('bounds the number of links and their text, and reads anything that is not a list as none', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ href: `https://shop.example/p${i}`, text: 'x'.repeat(10_000) }));
    const links = readLinks(many, 'shop.example');
    expect(links).toHaveLength(MAX_LINKS_PER_PAGE);
    expect(links[0]?.text.length).toBe(200);
    expect(readLinks({ length: 3 }, 'shop.example')).toEqual([]);
    expect(crawlableUrl(`https://shop.example/${'a'.repeat(5000)}`, 'shop.example')).toBeUndefined();
  });
});

describe('readSitemap', () => {
  it('reads the pages of a urlset and the sitemaps of an index, entities decoded', () => {
    const urlset =
      '<?xml version="1.0"?><urlset><url><loc> https://shop.example/a?x=1&amp;y=2 </loc></url><url><loc>https://shop.example/b</loc></url></urlset>';
    expect(readSitemap(urlset)).toEqual({ pages: ['https://shop.example/a?x=1&y=2', 'https://shop.example/b'], sitemaps: [] });
    expect(readSitemap('<sitemapindex><sitemap><loc>https://shop.example/s1.xml</loc></sitemap></sitemapindex>')).toEqual({
      pages: [],
      sitemaps: ['https://shop.example/s1.xml'],
    });
  });

  it('gives nothing for a page that is not a sitemap, and bounds a long one', () => {
    expect(readSitemap('<html><body><loc>https://shop.example/</loc></body></html>')).toEqual({ pages: [], sitemaps: [] });
    expect(readSitemap('GIF89a')).toEqual({ pages: [], sitemaps: [] });
    const big = `<urlset>${'<url><loc>https://shop.example/p</loc></url>'.repeat(MAX_SITEMAP_URLS + 10)}</urlset>`;
    expect(readSitemap(big).pages).toHaveLength(MAX_SITEMAP_URLS);
  });
});

describe('pickNext', () => {
  const robots = parseRobots('User-agent: *\nDisallow: /private/').rules;

  it('takes the most harmful page robots.txt allows, then the sitemap, never a page visited', () => {
    const pool = createPool();
    addToPool(
      pool,
      [
        { url: 'https://shop.example/', sitemapIndex: 0 },
        { url: 'https://shop.example/products', sitemapIndex: 1 },
      ],
      1,
    );
    addToPool(
      pool,
      [
        { url: 'https://shop.example/signin', text: 'Sign in' },
        { url: 'https://shop.example/private/contact', text: 'Contact us' },
        { url: 'https://shop.example/products', text: 'Our products' },
      ],
      1,
    );
    const visited = new Set(['https://shop.example/']);
    const first = pickNext(pool, visited, robots, false);
    expect(first.next?.url).toBe('https://shop.example/signin');
    visited.add('https://shop.example/signin');
    const second = pickNext(pool, visited, robots, false);
    expect(second).toMatchObject({
      next: { url: 'https://shop.example/products', text: 'Our products', sitemapIndex: 1 },
      disallowed: ['https://shop.example/private/contact'],
    });
    // --ignore-robots: the disallowed contact page comes before the sitemap.
    expect(pickNext(pool, visited, robots, true).next?.url).toBe('https://shop.example/private/contact');
    visited.add('https://shop.example/products');
    visited.add('https://shop.example/private/contact');
    expect(pickNext(pool, visited, robots, true).next).toBeUndefined();
  });

  it('keeps the smallest depth of a page found twice', () => {
    const pool = createPool();
    addToPool(pool, [{ url: 'https://shop.example/a' }], 3);
    addToPool(pool, [{ url: 'https://shop.example/a' }], 2);
    expect(pool.byUrl.get('https://shop.example/a')?.depth).toBe(2);
  });
});
