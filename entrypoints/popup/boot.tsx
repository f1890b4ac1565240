import { type ComponentType, render } from 'preact';
import { browser } from 'wxt/browser';
import type { Settings } from '@/lib/store/db';
import { I18nContext, i18nForPage } from './i18n';

/** Renders an extension page in the user's language: the settings' choice, else the browser's UI language. */
export async function boot(App: ComponentType): Promise<void> {
  const settings = (await browser.runtime.sendMessage({ type: 'get-settings' }).catch((error: unknown) => {
    console.error('[consent-inspector] settings', error);
    return undefined;
  })) as Settings | undefined;
  const i18n = i18nForPage(location.search, settings?.language ?? 'auto', [browser.i18n.getUILanguage(), ...navigator.languages]);
  document.documentElement.lang = i18n.lang;
  render(
    <I18nContext.Provider value={i18n}>
      <App />
    </I18nContext.Provider>,
    document.getElementById('app') as HTMLElement,
  );
}
