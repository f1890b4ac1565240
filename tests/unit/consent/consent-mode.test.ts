import { describe, expect, it } from 'vitest';
import { parseConsentCommand, parseGtagArguments, readConsentModeFromUrl, readGcd } from '../../../lib/consent/consent-mode';

describe('parseGtagArguments', () => {
  it('reads a default command as gtag pushes it to dataLayer', () => {
    const args = [
      'consent',
      'default',
      {
        ad_storage: 'denied',
        analytics_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        wait_for_update: 800,
        region: ['FR', 'DE-BY', 12],
      },
    ];
    expect(parseGtagArguments(args)).toEqual({
      command: 'default',
      values: { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
      region: ['FR', 'DE-BY'],
      waitForUpdate: 800,
    });
  });

  it('reads an arguments-like object and drops values gtag would ignore', () => {
    const args = { 0: 'consent', 1: 'update', 2: { analytics_storage: 'granted', ad_storage: 'GRANTED', foo: 'granted' }, length: 3 };
    expect(parseGtagArguments(args)).toEqual({ command: 'update', values: { analytics_storage: 'granted' } });
  });

  it.each([null, 'consent', ['config', 'G-1'], ['consent', 'revoke', {}], ['consent', 'update', 'granted'], ['consent', 'update', []]])(
    'ignores %j',
    (args) => {
      expect(parseGtagArguments(args)).toBeUndefined();
    },
  );

  it('never reads inherited keys', () => {
    const params = Object.create({ ad_storage: 'granted' });
    expect(parseConsentCommand('update', params)).toEqual({ command: 'update', values: {} });
  });

  // Found by tests/fuzz/consent-mode.fuzz.test.ts: converting these to a number threw out of the parser.
  it('ignores a wait or a region it cannot read without converting or trapping', () => {
    const trap = new Proxy([], {
      get() {
        throw new Error('trap');
      },
    });
    for (const wait of [Object.create(null), [Object.create(null)], Symbol('w'), null, true])
      expect(parseConsentCommand('default', { ad_storage: 'denied', wait_for_update: wait })).toEqual({ command: 'default', values: { ad_storage: 'denied' } });
    expect(parseConsentCommand('default', { ad_storage: 'denied', region: trap })).toEqual({ command: 'default', values: { ad_storage: 'denied' } });
    expect(parseConsentCommand('default', { wait_for_update: '800' })).toEqual({ command: 'default', values: {}, waitForUpdate: 800 });
  });
});

describe('readConsentModeFromUrl', () => {
  it('decodes gcs and gcd of a GA4 hit', () => {
    const wire = readConsentModeFromUrl('https://region1.google-analytics.com/g/collect?v=2&tid=G-XYZ&gcs=G100&gcd=13p3r3p2p5&gcu=1&npa=1&dma=1');
    expect(wire).toEqual({
      gcs: 'G100',
      gcd: '13p3r3p2p5',
      updated: true,
      nonPersonalizedAds: true,
      dma: '1',
      signals: {
        ad_storage: { default: 'denied', effective: 'denied' },
        analytics_storage: { default: 'denied', update: 'granted', effective: 'granted' },
        ad_user_data: { default: 'denied', effective: 'denied' },
        ad_personalization: { default: 'denied', effective: 'denied' },
      },
    });
  });

  it.each([
    ['l', { effective: 'not-set' }],
    ['p', { default: 'denied', effective: 'denied' }],
    ['q', { default: 'denied', update: 'denied', effective: 'denied' }],
    ['m', { update: 'denied', effective: 'denied' }],
    ['u', { default: 'granted', update: 'denied', effective: 'denied' }],
    ['t', { default: 'granted', effective: 'granted' }],
    ['r', { default: 'denied', update: 'granted', effective: 'granted' }],
    ['n', { update: 'granted', effective: 'granted' }],
    ['v', { default: 'granted', update: 'granted', effective: 'granted' }],
    ['z', { effective: 'unknown' }],
  ])('reads gcd letter %s', (letter, state) => {
    expect(readGcd(`11${letter}1${letter}1${letter}1${letter}5`)?.ad_personalization).toEqual(state);
  });

  it('falls back to gcs when there is no gcd', () => {
    const wire = readConsentModeFromUrl('https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?gcs=G111');
    expect(wire?.signals.ad_storage).toEqual({ effective: 'granted' });
    expect(wire?.signals.analytics_storage).toEqual({ effective: 'granted' });
    expect(wire?.signals.ad_user_data).toEqual({ effective: 'unknown' });
    expect(readConsentModeFromUrl('https://x.example/g/collect?gcs=G1--')?.signals.ad_storage).toEqual({ effective: 'not-set' });
  });

  it('ignores URLs without consent parameters and garbage', () => {
    expect(readConsentModeFromUrl('https://www.google-analytics.com/g/collect?v=2')).toBeUndefined();
    expect(readConsentModeFromUrl('not a url')).toBeUndefined();
    expect(readConsentModeFromUrl(`https://x.example/?gcd=${'1'.repeat(70_000)}`)).toBeUndefined();
    expect(readConsentModeFromUrl('https://x.example/?gcs=garbage&gcd=__proto__')?.signals.ad_storage).toEqual({ effective: 'unknown' });
  });

  it('returns fresh objects each time', () => {
    const first = readGcd('11p1p1p1p5');
    if (first) first.ad_storage.effective = 'granted';
    expect(readGcd('11p1p1p1p5')?.ad_storage.effective).toBe('denied');
  });
});
