import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LANGUAGE_SETTINGS, type LanguageSetting } from '@/lib/store/db';
import { rememberLanguageSetting } from '../boot';
import { useI18n } from '../i18n';
import { send } from '@/lib/messages';

/** The UI language, kept in the extension settings. Changing it reloads the page in that language. */
export function LanguagePicker() {
  const { t, setting } = useI18n();
  const [value, setValue] = useState<LanguageSetting>(setting);

  async function choose(language: LanguageSetting) {
    setValue(language);
    try {
      await send(browser.runtime, { type: 'set-settings', settings: { language } });
      rememberLanguageSetting(language);
      const params = new URLSearchParams(location.search);
      params.delete('lang');
      location.replace(`${location.pathname}?${params}`);
    } catch (error) {
      console.error('[consent-inspector] language', error);
    }
  }

  return (
    <label class="language muted">
      {t('settings.language')}{' '}
      <select value={value} onChange={(e) => void choose(e.currentTarget.value as LanguageSetting)} data-testid="language">
        {LANGUAGE_SETTINGS.map((l) => (
          <option key={l} value={l} lang={l === 'auto' ? undefined : l}>
            {t(`settings.language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
