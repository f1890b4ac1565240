import { describe, expect, it } from 'vitest';
import { systemLang } from '@/lib/cli/lang.mjs';

describe('systemLang (the CLI --lang default)', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG; French locales give fr, others en', () => {
    expect(systemLang({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(systemLang({ LANG: 'fr_FR.UTF-8', LC_ALL: 'en_GB.UTF-8' })).toBe('en');
    expect(systemLang({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'fr_CA' })).toBe('fr');
    expect(systemLang({ LANG: 'C' })).toBe('en');
    expect(systemLang({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(systemLang({})).toBe('en');
  });
});
