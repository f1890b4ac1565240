import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGS } from '@/lib/i18n/translate';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const LOCALES = path.join(ROOT, 'lib/i18n/public/_locales');
const read = (lang: string) => JSON.parse(readFileSync(path.join(LOCALES, lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

describe('manifest strings (lib/i18n/public/_locales, browser.i18n)', () => {
  it('exist for every UI language, with the same keys, none empty', () => {
    expect(readdirSync(LOCALES).sort()).toEqual([...LANGS].sort());
    const keys = Object.keys(read('en')).sort();
    for (const lang of LANGS) {
      expect(Object.keys(read(lang)).sort(), lang).toEqual(keys);
      for (const [key, { message }] of Object.entries(read(lang))) expect(message.trim(), `${lang} ${key}`).not.toBe('');
    }
    expect(read('fr').extDescription?.message).not.toBe(read('en').extDescription?.message);
  });

  it('name their own language in uiLanguage, which the popup starts in', () => {
    for (const lang of LANGS) expect(read(lang).uiLanguage?.message, lang).toBe(lang);
  });

  it('are what the manifest uses: every __MSG_key__ in wxt.config.ts and the popup is defined', () => {
    const sources = ['wxt.config.ts', 'entrypoints/popup/index.html'].map((f) => readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
    const used = [...sources.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]);
    expect(used).toEqual(expect.arrayContaining(['extName', 'extDescription', 'actionTitle']));
    for (const key of used) expect(Object.keys(read('en')), key).toContain(key);
    expect(sources).toMatch(/default_locale: 'en'/);
  });
});
