import type { CmpStorage } from '../consent/cmp-reader';

export interface CmpStorageApi {
  cookies: { getAll(details: { url: string }): Promise<{ name: string; value: string }[]> };
  scripting: {
    executeScript(injection: { target: { tabId: number; frameIds: number[] }; func: () => unknown }): Promise<{ result?: unknown }[]>;
  };
}

const MAX_ITEMS = 300;
const MAX_VALUE = 8192;

/**
 * What a CMP stored for the page: the cookies the browser would send to `url` and the top frame's localStorage (read
 * in the isolated world, where the page cannot wrap `Storage`). Bounded; the page's values stay untrusted text.
 */
export async function captureCmpStorage(api: CmpStorageApi, tabId: number, url: string): Promise<CmpStorage> {
  const cookies = (await api.cookies.getAll({ url })).slice(0, MAX_ITEMS).map((c) => ({ name: c.name.slice(0, 200), value: c.value.slice(0, MAX_VALUE) }));
  const [injection] = await api.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: readLocalStorage }).catch(() => []);
  return { cookies, localStorage: parseNamedValues(injection?.result) };
}

export function parseNamedValues(raw: unknown): { name: string; value: string }[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .slice(0, MAX_ITEMS)
    .filter((e): e is { name: string; value: string } => typeof e === 'object' && e !== null && typeof e.name === 'string' && typeof e.value === 'string')
    .map((e) => ({ name: e.name.slice(0, 200), value: e.value.slice(0, MAX_VALUE) }));
}

/** Runs in the page's frame (isolated world): must be self-contained. */
function readLocalStorage(): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  try {
    for (let i = 0; i < Math.min(localStorage.length, 300); i++) {
      const name = localStorage.key(i);
      if (name !== null) out.push({ name: name.slice(0, 200), value: (localStorage.getItem(name) ?? '').slice(0, 8192) });
    }
  } catch {
    // Storage can be blocked (sandboxed frame, disabled cookies): nothing to read.
  }
  return out;
}
