import { EN, type MessageKey } from './en';
import { FR } from './fr';

export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];
export type { MessageKey };

/** A translator bound to one language. Parameters fill `{name}` placeholders; a missing one is left visible. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Keys that come in `.one`/`.other` pairs, without the suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

/** Every shipped language's catalogue. A language is one file, `<lang>.ts`, registered here and in `LANGS`. */
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en: EN, fr: FR };

/** The first supported language among the user's preferences (BCP 47 tags, most preferred first), else English. */
export function pickLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const lang = LANGS.find((l) => l === base);
    if (lang) return lang;
  }
  return 'en';
}

export function createTranslator(lang: Lang): Translate {
  const dictionary = DICTIONARIES[lang];
  return (key, params) => fill(dictionary[key], params);
}

/** The plural form of `base` for `n`: French uses the singular for 0 and 1, English only for 1. */
export function plural(t: Translate, lang: Lang, base: PluralKey, n: number, params: Record<string, string | number> = {}): string {
  const one = lang === 'fr' ? n === 0 || n === 1 : n === 1;
  return t(`${base}.${one ? 'one' : 'other'}`, { n, ...params });
}

function fill(template: string, params: Record<string, string | number> | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
