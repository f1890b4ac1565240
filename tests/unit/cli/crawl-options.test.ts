import { describe, expect, it } from 'vitest';
import { isCrawl, readCrawlOptions } from '@/lib/cli/crawl.mjs';

describe('readCrawlOptions', () => {
  it('reads a crawl, with crawl-<site> as the default output directory', () => {
    expect(isCrawl(['https://shop.example/', '--crawl', '3'])).toBe(true);
    expect(isCrawl(['--crawl=3', 'shop.example'])).toBe(true);
    expect(isCrawl(['https://shop.example/'])).toBe(false);
    expect(readCrawlOptions(['www.shop.example/#top', '--crawl', '3', '--scenario', 'reject', '--ignore-robots'])).toMatchObject({
      url: 'https://www.shop.example/',
      crawl: 3,
      outDir: 'crawl-shop.example',
      scenario: 'reject',
      ignoreRobots: true,
      browser: 'chromium',
      wait: 5,
      pageTimeout: 90,
    });
    expect(readCrawlOptions(['https://shop.example/', '--crawl', '0', '--out-dir', 'out'])).toMatchObject({ crawl: 0, outDir: 'out' });
    expect(readCrawlOptions(['https://shop.example/', '--crawl', '1', '--host-map', 'shop.example=10.0.0.5:8443'])).toMatchObject({
      hostMap: [expect.objectContaining({ host: 'shop.example' })],
    });
  });

  it.each([
    [['https://shop.example/', '--crawl=-1'], /--crawl takes/],
    [['https://shop.example/', '--crawl', '501'], /--crawl takes/],
    [['https://shop.example/', '--crawl', '2.5'], /--crawl takes/],
    [['ftp://shop.example/', '--crawl', '2'], /not an http\(s\) URL/],
    [['--crawl', '2'], /exactly one start URL/],
    [['https://shop.example/', '--crawl', '2', '--scenario', 'canary'], /--scenario/],
    [['https://shop.example/', '--crawl', '2', '--out', 'x.json'], /Unknown option/],
    [['https://shop.example/', '--crawl', '2', '--proxy', 'nope'], /--proxy/],
    [['https://shop.example/', '--crawl', '2', '--host-map', 'www.shop.example=10.0.0.5', '--proxy', '127.0.0.1:8080'], /does not go with --proxy/],
  ])('refuses %j', (argv, message) => {
    expect(() => readCrawlOptions(argv)).toThrow(message);
  });
});
