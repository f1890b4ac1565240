import { describe, expect, it } from 'vitest';
import { detectConsent } from '@/lib/consent/detect-consent';
import { phaseAt as phaseIn } from '@/lib/consent/timeline';
import { eventsFromBanners } from '@/lib/consent/banner-events';
import { rule as noConsentMechanism } from '@/lib/findings/rules/no-consent-mechanism';
import type { ConsentSignalRecord, EvidenceRecord } from '@/lib/model';
import { cookie, request, scanOf } from '../../fixtures/evidence';

let n = 0;
const banner = (t: number, command: 'shown' | 'clicked', params: Record<string, string>): ConsentSignalRecord => ({
  kind: 'consent',
  id: `k:b${++n}`,
  visitId: 'visit-1',
  t,
  source: 'snapshot',
  frameId: 0,
  signal: 'banner',
  command,
  params,
});
const audit = (t: number, signal: 'autoconsent' | 'scenario', command: string, params: Record<string, string>): ConsentSignalRecord => ({
  kind: 'consent',
  id: `k:a${++n}`,
  visitId: 'visit-1',
  t,
  source: 'audit',
  frameId: 0,
  signal,
  command,
  params,
});
const SHOWN = banner(800, 'shown', { type: 'consent-banner', controls: 'accept:Tout accepter|reject:Tout refuser', selector: 'div#b' });
const NOTICE = banner(800, 'shown', { type: 'notice', controls: 'acknowledge:OK', selector: 'div#n' });
const refuseClick = (t: number) => banner(t, 'clicked', { type: 'consent-banner', role: 'reject', label: 'Tout refuser', selector: 'div#b' });
const consent = (records: EvidenceRecord[]) => detectConsent({ records });
const pixel = request('https://www.facebook.com/tr?id=1', 500, { type: 'image' });

describe('consent banners of unknown managers in the timeline', () => {
  it('a consent banner is cmp unknown: the page has a consent mechanism, and what came before it is before-choice', () => {
    const view = consent([SHOWN]);
    expect(view.cmps).toEqual(['unknown']);
    expect(view.events.map((e) => [e.t, e.source, e.kind, e.cmp])).toEqual([
      [800, 'banner', 'cmp-detected', 'unknown'],
      [800, 'banner', 'banner-shown', 'unknown'],
    ]);
    expect(phaseIn(view, 100)).toBe('before-choice');
    expect(noConsentMechanism.check(scanOf([pixel, SHOWN]))).toEqual([]);
  });

  it('a notice with only "OK" is no consent mechanism: no event, and no-consent-mechanism fires', () => {
    const view = consent([NOTICE]);
    expect(view.cmps).toEqual([]);
    expect(view.events).toEqual([]);
    expect(noConsentMechanism.check(scanOf([pixel, NOTICE])).map((f) => f.rule)).toEqual(['no-consent-mechanism']);
  });

  it('a named consent manager explains the banner: unknown is dropped, and no "several CMPs"', () => {
    const view = consent([audit(700, 'autoconsent', 'cmpDetected', { cmp: 'Klaro', result: 'true' }), SHOWN]);
    expect(view.cmps).toEqual(['klaro']);
    expect(view.events.some((e) => e.cmp === 'unknown')).toBe(false);
    expect(view.inconclusive).toEqual([]);
  });

  it('a framework alone (a TCF API of an unknown CMP) does not name the banner', () => {
    const tcf: ConsentSignalRecord = { ...audit(600, 'scenario', 'cmpuishown', {}), source: 'probe', signal: 'tcf', params: { cmpId: '1000', purposes: '' } };
    expect(consent([tcf, SHOWN]).cmps).toEqual(['unknown']);
  });

  it('a click on the refuse control is the refusal when a value written right after it reads as one', () => {
    const view = consent([SHOWN, refuseClick(2000), cookie('site_consent', 2010, { value: 'deny' }), cookie('_ga', 2020, { value: 'GA1.1.1.1' })]);
    expect(view).toMatchObject({ cmps: ['unknown'], choice: 'reject', choiceAt: 2000 });
    expect(view.state).toMatchObject({ choice: 'reject', source: 'cmp-storage', cmp: 'unknown' });
    expect(phaseIn(view, 2500)).toBe('after-refusal');
  });

  it.each([
    ['nothing was written', [] as EvidenceRecord[]],
    ['what was written says nothing', [cookie('bnr', 2010, { value: 'r7' })]],
    ['it was written too late', [cookie('site_consent', 5500, { value: 'deny' })]],
    ['it says the opposite', [cookie('site_consent', 2010, { value: 'allow' })]],
    ['it was in the jar before the visit', [cookie('site_consent', 2010, { value: 'deny', via: 'jar' })]],
  ])('a click alone is no choice when %s', (_name, writes) => {
    const view = consent([SHOWN, refuseClick(2000), ...writes]);
    expect(view.choice).toBeUndefined();
    expect(phaseIn(view, 6000)).toBe('before-choice');
  });

  it('reads localStorage written after the click too, and ignores clicks on notices', () => {
    const stored = {
      kind: 'storage' as const,
      id: 's:1',
      visitId: 'visit-1',
      t: 2050,
      source: 'probe' as const,
      frameId: 0,
      area: 'localStorage' as const,
      action: 'set' as const,
      origin: 'https://shop.example',
      key: 'consentement',
      value: '{"mesure_audience":false}',
    };
    expect(consent([SHOWN, refuseClick(2000), stored]).choice).toBe('reject');
    const noticeClick = banner(2000, 'clicked', { type: 'notice', role: 'reject', label: 'x' });
    expect(eventsFromBanners([NOTICE, noticeClick, stored])).toEqual([]);
  });

  it("autoconsent's heuristic popup is cmp unknown, and its opt-out is no choice (a click, not a stored refusal)", () => {
    const view = consent([
      audit(900, 'autoconsent', 'cmpDetected', { cmp: 'HEURISTIC-REJECT', result: 'true' }),
      audit(900, 'autoconsent', 'popupFound', { cmp: 'HEURISTIC-REJECT', result: 'true' }),
      audit(3000, 'autoconsent', 'optOutResult', { cmp: 'HEURISTIC-REJECT', result: 'true' }),
    ]);
    expect(view.cmps).toEqual(['unknown']);
    expect(view.choice).toBeUndefined();
  });

  it("our scenario's confirmed choice on an unknown banner holds, whether or not a named manager was seen", () => {
    const run = [
      audit(3000, 'scenario', 'opt-out', { scenario: 'reject', cmp: 'unknown', detail: 'unknown', run: 'r1' }),
      audit(3500, 'scenario', 'confirmed', { scenario: 'reject', cmp: 'unknown', detail: 'unknown: reject', run: 'r1', how: 'stored-value' }),
    ];
    expect(consent([SHOWN, ...run])).toMatchObject({ cmps: ['unknown'], choice: 'reject', choiceAt: 3000 });
    const named = consent([audit(700, 'autoconsent', 'cmpDetected', { cmp: 'Klaro', result: 'true' }), SHOWN, ...run]);
    expect(named).toMatchObject({ cmps: ['klaro'], choice: 'reject', choiceAt: 3000, inconclusive: [] });
  });
});
