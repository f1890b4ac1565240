export declare const CLI_LANGS: readonly ['en', 'fr'];
export declare function systemLang(env: Record<string, string | undefined>): 'en' | 'fr';
