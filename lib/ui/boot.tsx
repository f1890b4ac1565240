import { type ComponentType, render } from 'preact';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messages';
import { I18nContext, i18nForPage } from './i18n';

/** Renders an extension page in the user's language: the settings' choice, else the browser's UI language. */
export async function boot(App: ComponentType): Promise<void> {
  const answer = await send(browser.runtime, { type: 'get-settings' }).catch((error: unknown) => {
    console.error('[consent-inspector] settings', error);
    return undefined;
  });
  const settings = answer && 'language' in answer ? answer : undefined;
  // `uiLanguage` is translated as its own locale code, so the browser's locale choice for the manifest strings (its UI
  // language, falling back to default_locale) is the UI's default too.
  const browserLanguages = [browser.i18n.getMessage('uiLanguage'), browser.i18n.getUILanguage(), ...navigator.languages].filter(Boolean);
  const i18n = i18nForPage(location.search, settings?.language ?? 'auto', browserLanguages);
  document.documentElement.lang = i18n.lang;
  render(
    <I18nContext.Provider value={i18n}>
      <App />
    </I18nContext.Provider>,
    document.getElementById('app') as HTMLElement,
  );
}
