export declare const CRAWL_USAGE: string;
export declare function isCrawl(argv: readonly string[]): boolean;
export interface CrawlOptions {
  url: string;
  crawl: number;
  outDir: string;
  scenario: 'observe' | 'reject' | 'accept';
  ignoreRobots: boolean;
  browser: 'chromium' | 'firefox';
  browserPath?: string;
  browserArgs: string[];
  proxy?: string;
  hostMap?: { host: string; ip: string; port?: number }[];
  wait: number;
  pageTimeout: number;
}
/** Throws a usage error (exit code 2) on bad options. */
export declare function readCrawlOptions(argv: readonly string[]): CrawlOptions | { help: true };
export declare function crawlMain(argv: readonly string[], deps: { root: string; ensureBuilt(browser: string): void }): Promise<number>;
