export interface Shard {
  index: number;
  count: number;
}
export declare function parseShard(text: string): { ok: true; shard: Shard } | { ok: false; reason: string };
export declare function shardOf(url: string, count: number): number;
export declare function takeShard(urls: readonly string[], shard?: Shard): string[];
export declare function fnv1a(text: string): number;
