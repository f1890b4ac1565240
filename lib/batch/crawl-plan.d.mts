import type { Candidate } from './crawl-rank.mjs';
import type { RobotsRule } from './robots.mjs';

export interface Pool {
  byUrl: Map<string, Candidate & { text: string; form: boolean }>;
  found: number;
}
export declare const MAX_POOL: number;
export declare function createPool(): Pool;
export declare function addToPool(pool: Pool, links: readonly { url: string; text?: string; form?: boolean; sitemapIndex?: number }[], depth: number): void;
export declare function pickNext(
  pool: Pool,
  visited: ReadonlySet<string>,
  rules: readonly RobotsRule[],
  ignoreRobots: boolean,
): { next: (Candidate & { text: string; form: boolean }) | undefined; disallowed: string[] };
