import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readBodies } from '@/lib/scan/bodies';
import { body, canary, request } from '../../fixtures/evidence';

const nestBase64 = (text: string, times: number) => {
  let out = text;
  for (let i = 0; i < times; i++) out = btoa(out);
  return out;
};

describe('readBodies', () => {
  it('finds a value a few base64 layers down, marks the one nested past the depth limit, and a decompression bomb', async () => {
    const typed = canary('cnrybombtest@example.com', 'email', 100);
    const bomb = gzipSync(gzipSync(new Uint8Array(40 * 1024 * 1024)));
    const shallow = request('https://collector.example/a', 200, { method: 'POST', body: body(nestBase64(JSON.stringify({ email: typed.value }), 3)) });
    const deep = request('https://collector.example/b', 300, { method: 'POST', body: body(nestBase64(JSON.stringify({ email: typed.value }), 12)) });
    const bombed = request('https://collector.example/c', 400, { method: 'POST', body: body(bomb) });
    const { leaks, limits } = await readBodies([typed, shallow, deep, bombed]);
    expect(leaks.map((l) => [l.record.url, l.chain.join('>')])).toEqual([['https://collector.example/a', 'base64>base64>base64>json']]);
    expect(limits.map((l) => [l.record.url, l.where, l.capped])).toEqual([
      ['https://collector.example/b', 'body', 'depth'],
      ['https://collector.example/c', 'body', 'total'],
    ]);
    expect(bomb.length).toBeLessThan(100 * 1024);
  }, 60_000);
});
