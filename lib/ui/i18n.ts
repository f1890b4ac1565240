import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LanguageSetting } from '@/lib/store/db';
import { createTranslator, type Lang, pickLang, type Translate } from '@/lib/i18n/translate';

export interface I18n {
  lang: Lang;
  t: Translate;
  /** The user's choice in the settings, which `lang` follows unless `?lang=` overrides it. */
  setting: LanguageSetting;
}

export const I18nContext = createContext<I18n>({ lang: 'en', t: createTranslator('en'), setting: 'auto' });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/**
 * The page's language: `?lang=` when given (tests, links from the popup to the report page), else the user's choice
 * in the settings, else the browser's languages (most preferred first).
 */
export function i18nForPage(search: string, setting: LanguageSetting, languages: readonly string[]): I18n {
  const lang = pickLang([...new URLSearchParams(search).getAll('lang'), ...(setting === 'auto' ? [] : [setting]), ...languages]);
  return { lang, t: createTranslator(lang), setting };
}
