import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, parseShard, shardOf, takeShard } from '@/lib/batch/shard.mjs';

const urlList = fc.uniqueArray(fc.webUrl({ withQueryParameters: true }), { maxLength: 60 });

describe('shards', () => {
  it('are complete and disjoint for any list and any N', () => {
    fc.assert(
      fc.property(urlList, fc.integer({ min: 1, max: 64 }), (urls, count) => {
        const shards = Array.from({ length: count }, (_, i) => takeShard(urls, { index: i + 1, count }));
        const all = shards.flat();
        expect(all.length).toBe(urls.length);
        expect(new Set(all)).toEqual(new Set(urls));
      }),
    );
  });

  it("give a URL the same shard whatever the list's order or length", () => {
    fc.assert(
      fc.property(urlList, fc.integer({ min: 1, max: 12 }), (urls, count) => {
        const reversed = [...urls].reverse();
        for (let i = 1; i <= count; i++) {
          expect(new Set(takeShard(reversed, { index: i, count }))).toEqual(new Set(takeShard(urls, { index: i, count })));
          expect(takeShard(urls.slice(0, 3), { index: i, count })).toEqual(takeShard(urls, { index: i, count }).filter((u) => urls.slice(0, 3).includes(u)));
        }
      }),
    );
  });

  it('spread a list over every shard', () => {
    const urls = Array.from({ length: 300 }, (_, i) => `https://site${i}.example/`);
    const sizes = [1, 2, 3].map((index) => takeShard(urls, { index, count: 3 }).length);
    for (const size of sizes) expect(size).toBeGreaterThan(60);
  });

  it('hash the same on every machine (FNV-1a test vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(shardOf('https://shop.example/', 1)).toBe(1);
  });

  it('parse I/N and refuse the rest', () => {
    expect(parseShard('2/3')).toEqual({ ok: true, shard: { index: 2, count: 3 } });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '-1/2', '1/2/3', '1/99999']) expect(parseShard(bad).ok, bad).toBe(false);
  });
});
