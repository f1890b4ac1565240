import { describe, expect, it } from 'vitest';
import { i18nForPage } from '@/lib/ui/i18n';

describe('i18nForPage', () => {
  it('follows the browser when the setting is auto', () => {
    expect(i18nForPage('', 'auto', ['fr-FR', 'en']).lang).toBe('fr');
    expect(i18nForPage('', 'auto', ['de-DE']).lang).toBe('en');
  });

  it('lets the user override the browser, and ?lang= override both', () => {
    expect(i18nForPage('', 'en', ['fr-FR']).lang).toBe('en');
    expect(i18nForPage('', 'fr', ['en-US']).lang).toBe('fr');
    expect(i18nForPage('?tabId=3&lang=en', 'fr', ['fr']).lang).toBe('en');
    expect(i18nForPage('?lang=xx', 'fr', ['en']).lang).toBe('fr');
  });

  it('translates with the chosen language and keeps the setting', () => {
    const i18n = i18nForPage('', 'fr', ['en']);
    expect(i18n.t('settings.language')).toBe('Langue');
    expect(i18n.setting).toBe('fr');
  });
});
