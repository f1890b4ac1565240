export declare function siteOf(url: string): string;
export declare function pageFile(url: string): string;
