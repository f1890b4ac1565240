export declare const PROXY_PATTERN: RegExp;
export declare function proxyLaunch(browser: 'chromium' | 'firefox', proxy: string | undefined): { args: string[]; prefs: Record<string, string | number> };
