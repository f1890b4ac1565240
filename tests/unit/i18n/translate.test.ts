import { describe, expect, it } from 'vitest';
import { EN, type MessageKey } from '@/lib/i18n/en';
import { FR } from '@/lib/i18n/fr';
import { createTranslator, pickLang, plural } from '@/lib/i18n/translate';

// A translation may use a parameter more or fewer times than the English, but must use the same ones.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('pickLang', () => {
  it('takes the first supported language among the preferences, by base tag, else English', () => {
    expect(pickLang(['fr-CA', 'en-US'])).toBe('fr');
    expect(pickLang(['de-DE', 'FR'])).toBe('fr');
    expect(pickLang(['de', 'es'])).toBe('en');
    expect(pickLang([])).toBe('en');
  });
});

describe('createTranslator', () => {
  it('fills parameters and leaves an unknown one visible', () => {
    const t = createTranslator('fr');
    expect(t('tab.findings', { n: 3 })).toBe('Constats (3)');
    expect(createTranslator('en')('tab.findings')).toBe('Findings ({n})');
  });

  it('treats parameter values as text', () => {
    expect(createTranslator('en')('consent.cmps', { cmps: '{n}<b>$&' })).toBe('Consent manager: {n}<b>$&');
  });
});

describe('plural', () => {
  it('uses the singular for 1 in English and for 0 and 1 in French', () => {
    const en = createTranslator('en');
    const fr = createTranslator('fr');
    expect(plural(en, 'en', 'verdict.findings', 1, { serious: 0 })).toBe('1 finding, 0 critical or high.');
    expect(plural(en, 'en', 'verdict.findings', 0, { serious: 0 })).toBe('0 findings, 0 critical or high.');
    expect(plural(fr, 'fr', 'header.dropped', 0)).toBe('0 enregistrement n\u2019a pas été conservé (limites atteintes).');
    expect(plural(fr, 'fr', 'header.dropped', 2)).toMatch(/^2 enregistrements/);
  });
});

describe('the French dictionary', () => {
  it('translates every key with the same placeholders as the English one', () => {
    for (const key of Object.keys(EN) as MessageKey[]) {
      expect(FR[key].trim(), key).not.toBe('');
      expect(placeholders(FR[key]), key).toEqual(placeholders(EN[key]));
    }
  });

  it('has a one and an other form for every plural', () => {
    for (const key of Object.keys(EN)) {
      if (key.endsWith('.one')) expect(Object.keys(EN)).toContain(key.replace(/\.one$/, '.other'));
    }
  });
});
