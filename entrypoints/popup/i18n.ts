import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createTranslator, type Lang, pickLang, type Translate } from '@/lib/i18n/translate';

export interface I18n {
  lang: Lang;
  t: Translate;
}

export const I18nContext = createContext<I18n>({ lang: 'en', t: createTranslator('en') });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The page's language: `?lang=` when given (tests, links from the report page), else the browser's preferences. */
export function i18nForPage(search: string, languages: readonly string[]): I18n {
  const lang = pickLang([...new URLSearchParams(search).getAll('lang'), ...languages]);
  return { lang, t: createTranslator(lang) };
}
