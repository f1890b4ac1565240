import { describe, expect, it } from 'vitest';
import { durationMessage, formatMessage, formatParam, msg, pluralForm, relativeToChoiceMessage } from '@/lib/i18n/message';
import { formatLifetime, formatTime } from '@/lib/report/format';

describe('formatMessage', () => {
  it('picks the plural form from n: English singular for 1 only, French for 0 and 1', () => {
    const title = (n: number, lang: 'en' | 'fr') => formatMessage(msg('rule.no-consent-mechanism.title', { n }), lang);
    expect(title(1, 'en')).toMatch(/^1 tracker that needs consent/);
    expect(title(0, 'en')).toMatch(/^0 trackers that need consent/);
    expect(title(2, 'en')).toMatch(/^2 trackers/);
    expect(title(0, 'fr')).toMatch(/^0 traceur soumis au consentement a traité/);
    expect(title(1, 'fr')).toMatch(/^1 traceur soumis/);
    expect(title(2, 'fr')).toMatch(/^2 traceurs soumis au consentement ont traité/);
    expect([0, 1, 1.5, 2].map((n) => pluralForm(n, 'fr'))).toEqual(['one', 'one', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralForm(n, 'en'))).toEqual(['other', 'one', 'other']);
  });

  it('formats numbers the language\u2019s way: decimal comma and spaced thousands in French', () => {
    expect(formatParam({ decimal: 24, digits: 1 }, 'en')).toBe('24.0');
    expect(formatParam({ decimal: 3.25, digits: 1 }, 'fr')).toBe('3,3');
    expect(formatParam(33_696_000, 'en')).toBe('33,696,000');
    expect(formatParam(33_696_000, 'fr').replace(/\s/g, ' ')).toBe('33 696 000');
    const title = { key: 'rule.cookie-lifetime-over-13-months.title', params: { cookie: '_ga', vendor: 'GA', months: { decimal: 24.04, digits: 1 } } } as const;
    expect(formatMessage(title, 'en')).toBe('Cookie _ga (GA) is declared for 24.0 months');
    expect(formatMessage(title, 'fr')).toBe('Le cookie _ga (GA) est déclaré pour 24,0 mois');
  });

  it('says times relative to the choice in each language', () => {
    const when = (t: number, lang: 'en' | 'fr') => {
      const message = relativeToChoiceMessage(t, 5000);
      return message && formatMessage(message, lang);
    };
    expect(when(1800, 'en')).toBe('3.2 s before the choice');
    expect(when(1800, 'fr')).toBe('3,2 s avant le choix');
    expect(when(5300, 'en')).toBe('300 ms after the choice');
    expect(when(5300, 'fr')).toBe('300 ms après le choix');
    expect(when(5000, 'fr')).toBe('au moment du choix');
    expect(relativeToChoiceMessage(100, undefined)).toBeUndefined();
    expect(formatMessage(msg('time.noChoice', { time: durationMessage(1234) }), 'fr')).toBe(
      '1,2 s après le début de la visite ; aucun choix n\u2019a été fait',
    );
  });

  it('renders nested messages and lists, treats string parameters as data, and refuses an unknown key', () => {
    const what = { list: [msg('observation.tc-string'), msg('observation.consent-mode')] };
    expect(formatMessage(msg('rule.consent-stored-despite-refusal.title', { what }), 'en')).toBe(
      'After the refusal, the TCF consent string and Google Consent Mode still says consent was granted',
    );
    expect(formatMessage(msg('rule.consent-stored-despite-refusal.title', { what }), 'fr')).toBe(
      'Après le refus, la chaîne de consentement TCF et le Consent Mode de Google indique toujours que le consentement a été donné',
    );
    expect(formatMessage(msg('rule.replay-after-refusal.title', { vendor: '{n}<b>$&' }), 'en')).toBe('{n}<b>$& kept recording after the visitor refused');
    expect(() => formatMessage({ key: 'no.such.key' as 'time.ms' }, 'fr')).toThrow(/no.such.key/);
  });
});

describe('formatTime and formatLifetime', () => {
  it('keep their English output and use French words and decimal commas in French', () => {
    expect(formatTime(-1234)).toBe('−1.23 s');
    expect(formatTime(-1234, 'fr')).toBe('−1,23 s');
    expect(formatTime(450, 'fr')).toBe('450 ms');
    expect(formatLifetime(2 * 365.25 * 86_400 + 86_400 * 40)).toBe('2.1 years');
    expect(formatLifetime(2 * 365.25 * 86_400 + 86_400 * 40, 'fr')).toBe('2,1 ans');
    expect(formatLifetime(86_400, 'fr')).toBe('1 jour');
    expect(formatLifetime(3 * 86_400, 'fr')).toBe('3 jours');
    expect(formatLifetime(null, 'fr')).toBe('session');
  });
});
