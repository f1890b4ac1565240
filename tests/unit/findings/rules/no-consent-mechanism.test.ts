import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/no-consent-mechanism';
import { consentViewOf } from '@/lib/consent/detect-consent';
import { CMP_NO_CHOICE, cookie, request, scanOf } from '../../../fixtures/evidence';

const pixel = (t: number) => request(`https://www.facebook.com/tr?id=1&ev=PageView&t=${t}`, t, { type: 'image' });

describe('no-consent-mechanism', () => {
  it('fires when trackers that need consent processed data and no consent mechanism was seen', () => {
    const findings = rule.check(scanOf([pixel(100), request('https://static.hotjar.com/c/hotjar-1.js', 50), cookie('_hjSessionUser_1', 60)]));
    expect(findings).toMatchObject([{ phase: 'no-cmp', severity: 'high', evidence: { details: { vendors: ['hotjar', 'meta-pixel'] } } }]);
  });

  it('does not fire for trackers that only loaded, page globals, or generic first-party cookie names', () => {
    const global = {
      kind: 'global' as const,
      id: 'g:1',
      visitId: 'visit-1',
      t: 5,
      source: 'probe' as const,
      frameId: 0,
      origin: 'https://shop.example',
      name: 'gtag',
    };
    expect(rule.check(scanOf([request('https://connect.facebook.net/en_US/fbevents.js', 100), global, cookie('visitor_id', 200)]))).toEqual([]);
  });

  it('does not fire when a consent banner of an unknown manager was seen', () => {
    const unknown = consentViewOf([{ t: 100, source: 'autoconsent', kind: 'banner-shown', cmp: 'unknown' }]);
    expect(rule.check(scanOf([pixel(300)], { consent: unknown }))).toEqual([]);
  });

  it('counts a CMP seen in the evidence', () => {
    expect(rule.check(scanOf([request('https://cdn.cookielaw.org/scripttemplates/otSDKStub.js', 10), pixel(100)]))).toEqual([]);
    expect(rule.check(scanOf([pixel(100)], { consent: CMP_NO_CHOICE }))).toEqual([]);
  });

  it('does not fire on a page with only essential vendors', () => {
    expect(rule.check(scanOf([request('https://fonts.gstatic.com/s/x.woff2', 100)]))).toEqual([]);
  });

  it('does not take storage that never leaves the device (an SDK waiting for consent keeps a session there) for tracking', () => {
    const session = {
      kind: 'storage' as const,
      id: 's:1',
      visitId: 'visit-1',
      t: 300,
      source: 'probe' as const,
      frameId: 0,
      area: 'localStorage' as const,
      action: 'set' as const,
      origin: 'https://shop.example',
      key: 'mp_0123_mixpanel',
    };
    expect(rule.check(scanOf([request('https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js', 100), session]))).toEqual([]);
  });
});
