export interface Link {
  url: string;
  text: string;
  form: boolean;
}
export declare const MAX_LINKS_PER_PAGE: number;
export declare const MAX_SITEMAP_URLS: number;
export declare const MAX_SITEMAP_BYTES: number;
export declare function readLinks(raw: unknown, site: string): Link[];
export declare function crawlableUrl(href: unknown, site: string): string | undefined;
export declare function readSitemap(text: string): { pages: string[]; sitemaps: string[] };
