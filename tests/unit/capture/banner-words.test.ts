import { describe, expect, it } from 'vitest';
import { bannerKind, classifyControlLabel, cleanLabel, consentTopics, isExcludedDialog } from '@/lib/capture/banner-words';

describe('classifyControlLabel', () => {
  it.each([
    // EN
    ['Reject all', 'reject'],
    ['Decline', 'reject'],
    ['I do not accept', 'reject'],
    ['Only necessary', 'reject'],
    ['Necessary cookies only', 'reject'],
    ['Use necessary cookies only', 'reject'],
    ['Continue without accepting →', 'reject'],
    ['Accept all', 'accept'],
    ['Accept All Cookies', 'accept'],
    ['I agree', 'accept'],
    ['Allow all', 'accept'],
    ['Manage settings', 'settings'],
    ['Cookie settings', 'settings'],
    ['Got it!', 'acknowledge'],
    ['OK', 'acknowledge'],
    // FR
    ['Tout refuser', 'reject'],
    ['Continuer sans accepter', 'reject'],
    ['Refuser', 'reject'],
    ['Je refuse', 'reject'],
    ['Tout accepter', 'accept'],
    ['J’accepte', 'accept'],
    ['Accepter et fermer', 'accept'],
    ['Personnaliser', 'settings'],
    ["J'ai compris", 'acknowledge'],
    // DE
    ['Alle ablehnen', 'reject'],
    ['Ablehnen', 'reject'],
    ['Nur notwendige Cookies', 'reject'],
    ['Nur notwendige', 'reject'],
    ['Alle akzeptieren', 'accept'],
    ['Zustimmen', 'accept'],
    ['Einverstanden', 'accept'],
    ['Cookie-Einstellungen', 'settings'],
    ['Einstellungen', 'settings'],
    // ES
    ['Rechazar todo', 'reject'],
    ['Rechazar', 'reject'],
    ['Aceptar todo', 'accept'],
    ['Aceptar', 'accept'],
    ['Configurar', 'settings'],
    // IT
    ['Rifiuta tutto', 'reject'],
    ['Rifiuta', 'reject'],
    ['Accetta tutto', 'accept'],
    ['Accetta', 'accept'],
    ['Personalizza', 'settings'],
    // NL
    ['Alles weigeren', 'reject'],
    ['Weigeren', 'reject'],
    ['Alleen noodzakelijke cookies', 'reject'],
    ['Alles accepteren', 'accept'],
    ['Akkoord', 'accept'],
    ['Instellingen', 'settings'],
  ])('%s → %s', (label, role) => {
    expect(classifyControlLabel(label)).toBe(role);
  });

  it.each([
    'Subscribe',
    'No thanks',
    'Yes',
    'No',
    'Yes, I am over 18',
    'Close',
    'Fermer',
    'Accept offer',
    'Start chat',
    'Later',
    'Log in',
    'Print recipe',
    'Add to cart',
    'Necessary',
    'Read our cookie policy to learn how we use cookies and how to refuse them',
    '',
  ])('%j is not a consent control', (label) => {
    expect(classifyControlLabel(label)).toBeUndefined();
  });

  it('matches whole labels only, after cleaning punctuation, quotes, emoji and spacing', () => {
    expect(cleanLabel('  ✅ Tout   accepter !  ')).toBe('tout accepter');
    expect(classifyControlLabel('Accept all and subscribe to our newsletter')).toBeUndefined();
    expect(classifyControlLabel('x'.repeat(500))).toBeUndefined();
  });
});

describe('consentTopics', () => {
  it.each([
    ['Nous utilisons des cookies pour mesurer l’audience', ['cookies']],
    ['Wir verwenden Cookies. Mehr in unserer Datenschutzerklärung', ['cookies', 'privacy']],
    ['We and our partners store and access information on your device.', ['device storage']],
    ['Votre consentement', ['consent']],
    ['Utilizamos tecnologías similares. Política de privacidad', ['similar technologies', 'privacy']],
    ['Informativa sulla riservatezza', ['privacy']],
    ['Geef je toestemming', ['consent']],
  ])('%s', (text, topics) => {
    expect(consentTopics(text)).toEqual(topics);
  });

  it('finds nothing in a newsletter or an age gate that does not mention them', () => {
    expect(consentTopics('Join our newsletter and get 10% off')).toEqual([]);
    expect(consentTopics('Are you over 18?')).toEqual([]);
  });
});

describe('isExcludedDialog', () => {
  it.each([
    'Age verification: you must be 18',
    'By entering you confirm that you are over 18 years of age',
    'Vous êtes majeur ? Ce site vend du vin',
    'Sind Sie über 18 Jahre alt?',
    'Eres mayor de edad?',
  ])('excludes an age gate: %s', (text) => {
    expect(isExcludedDialog(text)).toBe(true);
  });

  it('keeps a banner that mentions a cookie lifetime of over 18 months', () => {
    expect(isExcludedDialog('Our cookies last no longer than 13 months, never over 18 months.')).toBe(false);
  });
});

describe('bannerKind', () => {
  it('a consent banner has consent wording and a way to refuse, or to choose beside accepting', () => {
    expect(bannerKind(['cookies'], ['accept', 'reject'])).toBe('consent-banner');
    expect(bannerKind(['cookies'], ['accept', 'settings'])).toBe('consent-banner');
    expect(bannerKind(['cookies'], ['reject'])).toBe('consent-banner');
  });

  it('with only "OK" or "Accept" it is a notice that offers no choice', () => {
    expect(bannerKind(['cookies'], ['acknowledge'])).toBe('notice');
    expect(bannerKind(['cookies'], ['accept'])).toBe('notice');
  });

  it('nothing without consent wording, or without a consent control', () => {
    expect(bannerKind([], ['accept', 'reject'])).toBeUndefined();
    expect(bannerKind(['cookies'], ['settings'])).toBeUndefined();
    expect(bannerKind(['cookies'], [])).toBeUndefined();
  });
});
