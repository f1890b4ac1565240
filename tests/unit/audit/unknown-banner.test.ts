import { describe, expect, it } from 'vitest';
import { confirmUnknownChoice, parseBannerClick, parseFrameBanners } from '@/lib/audit/unknown-banner';
import type { CmpReading, CmpStorage } from '@/lib/consent/cmp-reader';

const none: CmpStorage = { cookies: [], localStorage: [] };
const evidence = (after: Partial<CmpStorage>, extra = {}) => ({
  before: none,
  after: { ...none, ...after },
  readingsBefore: [] as CmpReading[],
  readings: [] as CmpReading[],
  started: [] as string[],
  ...extra,
});

describe('confirmUnknownChoice', () => {
  it('a CMP reader that reads a new stored state as the choice confirms it (cmp-state)', () => {
    const tcf: CmpReading = { cmp: 'iab-tcf', choice: 'reject', raw: 'CQ' };
    expect(confirmUnknownChoice('reject', evidence({}, { readings: [tcf] }))).toEqual({ outcome: 'confirmed', how: 'cmp-state', detail: 'iab-tcf: reject' });
    // The same state before the click is not the click's doing.
    expect(confirmUnknownChoice('reject', evidence({}, { readings: [tcf], readingsBefore: [tcf] })).outcome).toBe('unconfirmed');
  });

  it('a value written after the click that reads as the choice confirms it (stored-value)', () => {
    expect(confirmUnknownChoice('reject', evidence({ localStorage: [{ name: 'consentement', value: '{"publicite":false}' }] }))).toEqual({
      outcome: 'confirmed',
      how: 'stored-value',
      detail: 'unknown: reject, read from localStorage consentement written after the click',
    });
    expect(confirmUnknownChoice('accept', evidence({ cookies: [{ name: 'cookie_consent', value: '1' }] })).how).toBe('stored-value');
  });

  it('values that disagree, or that read as the opposite choice, confirm nothing', () => {
    const both = evidence({
      cookies: [
        { name: 'consent', value: 'deny' },
        { name: 'tracking_consent', value: 'true' },
      ],
    });
    expect(confirmUnknownChoice('reject', both)).toMatchObject({ outcome: 'unconfirmed', how: 'none', detail: expect.stringContaining('disagree') });
    expect(confirmUnknownChoice('reject', evidence({ cookies: [{ name: 'consent', value: 'allow' }] }))).toEqual({
      outcome: 'unconfirmed',
      how: 'none',
      detail: 'unknown: cookie consent written after the click reads accept',
    });
  });

  it('traffic confirms an acceptance only, and only with a value written after the click', () => {
    const opaque = { cookies: [{ name: 'bnr', value: 'a7' }] };
    expect(confirmUnknownChoice('accept', evidence(opaque, { started: ['google-analytics', 'meta-pixel'] }))).toEqual({
      outcome: 'confirmed',
      how: 'traffic',
      detail: 'unknown: accept, cookie bnr written after the click and google-analytics, meta-pixel started sending',
    });
    expect(confirmUnknownChoice('accept', evidence({}, { started: ['google-analytics'] })).outcome).toBe('unconfirmed');
    expect(confirmUnknownChoice('reject', evidence(opaque, { started: ['google-analytics'] }))).toEqual({
      outcome: 'unconfirmed',
      how: 'none',
      detail: 'unknown: cookie bnr written after the click, unreadable',
    });
  });

  it('nothing written and nothing changed: unconfirmed', () => {
    expect(confirmUnknownChoice('reject', evidence({}))).toEqual({ outcome: 'unconfirmed', how: 'none', detail: 'unknown: nothing stored after the click' });
  });
});

describe('parseFrameBanners and parseBannerClick', () => {
  it('keep what a frame said within bounds, and drop the rest', () => {
    const raw = { banners: [{ type: 'consent-banner', text: 't'.repeat(1000), controls: 'reject:No', selector: 'div', extra: 1 }, { type: 'popup' }, 'x'] };
    expect(parseFrameBanners(raw, 2, 'https://a.example/', true)).toEqual([
      { frameId: 2, frameUrl: 'https://a.example/', sameSite: true, type: 'consent-banner', text: 't'.repeat(300), controls: 'reject:No', selector: 'div' },
    ]);
    expect(parseFrameBanners(undefined, 0, '', true)).toEqual([]);
    expect(parseFrameBanners({ banners: 'x' }, 0, '', true)).toEqual([]);
    expect(parseBannerClick({ ok: true, label: 'Refuser', selector: 'div#b' })).toEqual({ ok: true, label: 'Refuser', selector: 'div#b' });
    expect(parseBannerClick({ ok: true, label: 'Refuser', selector: 'div#b', at: 1234 })).toMatchObject({ at: 1234 });
    for (const at of ['1234', Number.NaN, Number.POSITIVE_INFINITY])
      expect(parseBannerClick({ ok: true, label: 'R', selector: 'd', at })).not.toHaveProperty('at');
    expect(parseBannerClick({ ok: false, reason: 'no-control' })).toEqual({ ok: false, reason: 'no-control' });
    expect(parseBannerClick(undefined)).toEqual({ ok: false, reason: 'no answer' });
  });
});
