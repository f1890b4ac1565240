import { describe, expect, it } from 'vitest';
import {
  eventFromAutoconsent,
  eventsFromCmpReadings,
  eventsFromConsentMode,
  eventsFromSignalRecords,
  eventsFromTcf,
} from '../../../lib/consent/consent-events';
import { parseGtagArguments } from '../../../lib/consent/consent-mode';
import { parseTcfEvent, type TcfEvent } from '../../../lib/consent/tcf';
import { buildTimeline, phaseAt } from '../../../lib/consent/timeline';
import type { ConsentSignalRecord } from '../../../lib/model';
import { ALL_PURPOSES, makeTcString } from '../../fixtures/tc-strings';

const tcf = (data: unknown): TcfEvent => {
  const parsed = parseTcfEvent(data);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
};

describe('eventsFromTcf', () => {
  it('turns the cmpuishown → useractioncomplete sequence into banner then refusal', () => {
    const events = eventsFromTcf([
      { t: 100, event: tcf({ eventStatus: 'cmpuishown', cmpId: 7, tcString: '', purpose: { consents: {} } }) },
      { t: 900, event: tcf({ eventStatus: 'useractioncomplete', cmpId: 7, tcString: makeTcString({ cmpId: 7 }), purpose: { consents: {} } }) },
    ]);
    const timeline = buildTimeline(events);
    expect(timeline.cmps).toEqual(['didomi']);
    expect(phaseAt(timeline, 500)).toBe('before-choice');
    expect(phaseAt(timeline, 900)).toBe('after-refusal');
  });

  it('reads tcloaded as a choice stored before the visit, from the TC string when purposes are absent', () => {
    const [, choice] = eventsFromTcf([{ t: 300, event: tcf({ eventStatus: 'tcloaded', cmpId: 10, tcString: makeTcString({ purposes: ALL_PURPOSES }) }) }]);
    expect(choice).toEqual({ t: 300, source: 'tcf', kind: 'choice', cmp: 'inmobi-quantcast-choice', choice: 'accept', prior: true });
  });
});

describe('eventsFromConsentMode', () => {
  it('ignores defaults and reads updates cumulatively', () => {
    const commands = [
      ['consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }],
      ['consent', 'update', { analytics_storage: 'granted' }],
      ['consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }],
    ].map((args, i) => ({ t: i * 100, command: parseGtagArguments(args) ?? { command: 'default' as const, values: {} } }));
    expect(eventsFromConsentMode(commands).map((e) => e.choice)).toEqual(['accept', 'accept']);
    expect(eventsFromConsentMode(commands.slice(0, 2))).toEqual([
      { t: 100, source: 'consent-mode', kind: 'choice', choice: 'accept', purposes: { analytics_storage: true } },
    ]);
  });

  it('reads a tarteaucitron-style denied update as a refusal', () => {
    const command = parseGtagArguments(['consent', 'update', { analytics_storage: 'denied' }]);
    expect(command && eventsFromConsentMode([{ t: 5, command }])[0]?.choice).toBe('reject');
  });
});

describe('eventsFromCmpReadings', () => {
  it('detects each CMP and skips implicit, undecided and unreadable states', () => {
    const events = eventsFromCmpReadings([
      {
        t: 0,
        prior: true,
        readings: [
          { cmp: 'cookiebot', choice: 'accept', raw: '-1', implicit: true },
          { cmp: 'tarteaucitron', choice: 'none', raw: '!gtag=wait' },
          { cmp: 'osano', choice: 'unknown', error: 'opaque', raw: 'x' },
          { cmp: 'klaro', choice: 'reject', raw: '{}', purposes: { ads: false } },
        ],
      },
    ]);
    expect(events.filter((e) => e.kind === 'choice')).toEqual([
      { t: 0, source: 'cmp-storage', kind: 'choice', cmp: 'klaro', choice: 'reject', purposes: { ads: false }, prior: true },
    ]);
    expect(events.filter((e) => e.kind === 'cmp-detected')).toHaveLength(4);
  });
});

describe('eventFromAutoconsent', () => {
  it('reads the messages that matter and ignores the rest', () => {
    expect(eventFromAutoconsent(10, { type: 'cmpDetected', cmp: 'Klaro' })).toEqual({ t: 10, source: 'autoconsent', kind: 'cmp-detected', cmp: 'Klaro' });
    expect(eventFromAutoconsent(20, { type: 'popupFound', cmp: 'Klaro' })?.kind).toBe('banner-shown');
    expect(eventFromAutoconsent(30, { type: 'optOutResult', result: true })?.choice).toBe('reject');
    expect(eventFromAutoconsent(30, { type: 'optInResult', result: true })?.choice).toBe('accept');
    expect(eventFromAutoconsent(30, { type: 'optOutResult', result: false })).toBeUndefined();
    expect(eventFromAutoconsent(30, { type: 'eval', code: 'x' })).toBeUndefined();
    expect(eventFromAutoconsent(30, 'optOutResult')).toBeUndefined();
  });
});

describe('eventsFromSignalRecords', () => {
  const record = (t: number, signal: 'tcf' | 'gcm', command: string, params: Record<string, string>): ConsentSignalRecord => ({
    id: `consent:${t}`,
    visitId: 'v',
    t,
    source: 'probe',
    frameId: 0,
    kind: 'consent',
    signal,
    command,
    params,
  });

  it('reads what the page probe recorded', () => {
    const events = eventsFromSignalRecords([
      record(100, 'gcm', 'default', { ad_storage: 'denied', analytics_storage: 'denied' }),
      record(200, 'tcf', 'cmpuishown', { tcString: '', cmpId: '28', gdprApplies: 'true', purposes: '' }),
      record(900, 'tcf', 'useractioncomplete', {
        tcString: makeTcString({ cmpId: 28, purposes: [1, 7, 8] }),
        cmpId: '28',
        gdprApplies: 'true',
        purposes: '1,7,8',
      }),
      record(950, 'gcm', 'update', { analytics_storage: 'granted', ad_storage: 'denied' }),
    ]);
    const timeline = buildTimeline(events);
    expect(timeline.cmps).toEqual(['onetrust']);
    expect(timeline.choice).toBe('partial');
    expect(phaseAt(timeline, 1000)).toBe('after-accept');
    expect(timeline.inconclusive).toEqual([]);
  });
});
