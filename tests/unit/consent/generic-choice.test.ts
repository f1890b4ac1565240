import { describe, expect, it } from 'vitest';
import { changedValues, readGenericChoice } from '@/lib/consent/generic-choice';

describe('readGenericChoice', () => {
  it.each([
    ['cookieconsent_status', 'deny', 'reject'],
    ['cookieconsent_status', 'allow', 'accept'],
    ['cookie_einwilligung', 'abgelehnt', 'reject'],
    ['cookie_einwilligung', 'akzeptiert', 'accept'],
    ['toestemming', 'geweigerd', 'reject'],
    ['site_consent', 'rejected', 'reject'],
    ['cookies_aceptadas', 'false', 'reject'],
    ['cookies_aceptadas', 'true', 'accept'],
    ['cookie_consent', '0', 'reject'],
    ['cookie_consent', '1', 'accept'],
    ['consenso_cookie', '"0"', 'reject'],
    ['tracking_optout', '1', 'reject'],
    ['cookies_rejected', 'true', 'reject'],
    ['consentement', '{"mesure_audience":false,"publicite":false,"date":1700000000000}', 'reject'],
    ['consentement', '{"mesure_audience":true,"publicite":true,"date":1700000000000}', 'accept'],
    ['site_consent', '%7B%22analytics%22%3Afalse%2C%22marketing%22%3Afalse%7D', 'reject'],
    ['prefs', '{"necessary":true,"analytics":true,"marketing":false}', 'partial'],
    ['prefs', '{"consent":{"status":"denied"},"version":3}', 'reject'],
    ['consent_categories', '["necessary"]', 'reject'],
    ['consent_categories', '["necessary","analytics"]', 'accept'],
    ['cc', '{"categories":[]}', 'reject'],
  ])('%s=%s → %s', (name, value, choice) => {
    expect(readGenericChoice(name, value)).toBe(choice);
  });

  it.each([
    // A key that does not say what a `1` means.
    ['cookie_notice_seen', '1'],
    ['cookie_banner_closed', 'true'],
    ['consent_version', '1'],
    ['cookie_consent_dismissed', 'true'],
    ['consent_date', '0'],
    ['theme', 'deny'],
    ['_ga', 'GA1.1.123.456'],
    ['session', 'abc123'],
    ['bnr', 'a7'],
    ['cookies_rejected', 'false'],
    // Readings that disagree.
    ['consent', '{"status":"deny","analytics":true}'],
    ['consent', '{not json'],
    ['consent', ''],
  ])('%s=%s says nothing', (name, value) => {
    expect(readGenericChoice(name, value)).toBeUndefined();
  });

  it('is bounded on deep or hostile JSON and never throws', () => {
    const deep = `${'{"a":'.repeat(50)}{"analytics":false}${'}'.repeat(50)}`;
    expect(readGenericChoice('consent', deep)).toBeUndefined();
    expect(readGenericChoice('consent', '{"__proto__":{"analytics":false}}')).toBeUndefined();
    expect(readGenericChoice('consent', 'x'.repeat(200_000))).toBeUndefined();
  });
});

describe('changedValues', () => {
  it('lists values that appeared or changed, cookies then localStorage', () => {
    const before = {
      cookies: [
        { name: 'a', value: '1' },
        { name: 'b', value: '1' },
      ],
      localStorage: [{ name: 'k', value: 'x' }],
    };
    const after = {
      cookies: [
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
        { name: 'c', value: '3' },
      ],
      localStorage: [{ name: 'k', value: 'y' }],
    };
    expect(changedValues(before, after)).toEqual([
      { where: 'cookie', name: 'b', value: '2' },
      { where: 'cookie', name: 'c', value: '3' },
      { where: 'localStorage', name: 'k', value: 'y' },
    ]);
  });
});
