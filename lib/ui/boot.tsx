import { type ComponentType, render } from 'preact';
import { browser } from 'wxt/browser';
import { LANGUAGE_SETTINGS, type LanguageSetting } from '@/lib/store/db';
import type { Lang } from '@/lib/i18n/translate';
import { send } from '@/lib/messages';
import { I18nContext, i18nForPage } from './i18n';

/** Renders an extension page in the user's language: the settings' choice, else the browser's UI language. */
export async function boot(App: ComponentType): Promise<void> {
  const answer = await send(browser.runtime, { type: 'get-settings' }).catch((error: unknown) => {
    console.error('[consent-inspector] settings', error);
    return undefined;
  });
  const settings = answer && 'language' in answer ? answer : undefined;
  const i18n = i18nForPage(location.search, settings?.language ?? 'auto', browserLanguages());
  rememberLanguageSetting(i18n.setting);
  document.documentElement.lang = i18n.lang;
  render(
    <I18nContext.Provider value={i18n}>
      <App />
    </I18nContext.Provider>,
    document.getElementById('app') as HTMLElement,
  );
}

/**
 * The language `boot` will most likely pick, known before the settings arrive: the setting it read last time. A page
 * uses it to send its first request at once instead of after the settings' round trip; it checks the guess against
 * the language `boot` gives it, and asks again when they differ (the setting was changed since, or never stored).
 */
export function likelyLang(): Lang {
  return i18nForPage(location.search, lastLanguageSetting(), browserLanguages()).lang;
}

/** Kept in the extension's own localStorage (one of a few language codes; a page never sees it). */
const LANGUAGE_KEY = 'consent-inspector.language';

export function rememberLanguageSetting(setting: LanguageSetting): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, setting);
  } catch {
    // Storage disabled or full: the guess is only an optimisation.
  }
}

function lastLanguageSetting(): LanguageSetting {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return LANGUAGE_SETTINGS.find((s) => s === stored) ?? 'auto';
  } catch {
    return 'auto';
  }
}

/**
 * `uiLanguage` is translated as its own locale code, so the browser's locale choice for the manifest strings (its UI
 * language, falling back to default_locale) is the UI's default too.
 */
function browserLanguages(): string[] {
  return [browser.i18n.getMessage('uiLanguage'), browser.i18n.getUILanguage(), ...navigator.languages].filter(Boolean);
}
