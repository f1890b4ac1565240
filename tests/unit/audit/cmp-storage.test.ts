import { describe, expect, it } from 'vitest';
import { captureCmpStorage, type CmpStorageApi, parseNamedValues } from '@/lib/audit/cmp-storage';

function api(localStorage: unknown, fail = false): CmpStorageApi & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    cookies: { getAll: async (details) => (calls.push(details), [{ name: 'klaro', value: '{"analytics":false}' }]) },
    scripting: {
      executeScript: async (injection) => {
        calls.push(injection.target);
        if (fail) throw new Error('Cannot access contents of the page');
        return [{ result: localStorage }];
      },
    },
  };
}

describe('captureCmpStorage', () => {
  it("reads the cookies sent to the page and the top frame's localStorage", async () => {
    const a = api([{ name: 'uc_settings', value: '{}' }]);
    expect(await captureCmpStorage(a, 4, 'https://shop.example/')).toEqual({
      cookies: [{ name: 'klaro', value: '{"analytics":false}' }],
      localStorage: [{ name: 'uc_settings', value: '{}' }],
    });
    expect(a.calls).toEqual([{ url: 'https://shop.example/' }, { tabId: 4, frameIds: [0] }]);
  });

  it('keeps the cookies when the page cannot be scripted', async () => {
    expect((await captureCmpStorage(api(undefined, true), 4, 'https://shop.example/')).cookies).toHaveLength(1);
  });

  it('bounds and validates what the page returned', () => {
    expect(parseNamedValues('x')).toEqual([]);
    expect(parseNamedValues([{ name: 1, value: 'a' }, null, { name: 'k', value: 'v'.repeat(10_000) }])).toEqual([{ name: 'k', value: 'v'.repeat(8192) }]);
    expect(parseNamedValues(Array.from({ length: 1000 }, (_, i) => ({ name: `k${i}`, value: '' })))).toHaveLength(300);
  });
});
