// Deterministic shards: a URL's shard depends only on the URL (a hash of its normalized form), never on the list's
// order or length, so N machines given the same list, or lists in different orders, cover it exactly once.

/** `I/N` with 1 ≤ I ≤ N ≤ 10000, e.g. `2/3`. */
export function parseShard(text) {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(String(text).trim());
  if (!match) return { ok: false, reason: 'not I/N' };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 10_000 || index < 1 || index > count) return { ok: false, reason: 'out of range' };
  return { ok: true, shard: { index, count } };
}

/** The shard (1-based) that owns `url`, out of `count`. */
export function shardOf(url, count) {
  return (fnv1a(url) % count) + 1;
}

/** The URLs of `urls` that `shard` owns, in list order. */
export function takeShard(urls, shard) {
  return shard ? urls.filter((url) => shardOf(url, shard.count) === shard.index) : [...urls];
}

/** 32-bit FNV-1a over the UTF-8 bytes: stable across Node versions and machines. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
