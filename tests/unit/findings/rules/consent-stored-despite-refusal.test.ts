import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/consent-stored-despite-refusal';
import type { ConsentSignalRecord } from '@/lib/model';
import { cookie, scanOf } from '../../../fixtures/evidence';

let n = 0;
const signal = (t: number, signal: 'tcf' | 'gcm', command: string, params: Record<string, string>): ConsentSignalRecord => ({
  kind: 'consent',
  id: `k:${++n}`,
  visitId: 'visit-1',
  t,
  source: 'probe',
  frameId: 0,
  signal,
  command,
  params,
});
const ALL = '1,2,3,4,5,6,7,8,9,10';

describe('consent-stored-despite-refusal', () => {
  it('fires when Consent Mode grants storage after a TCF refusal', () => {
    const records = [
      signal(100, 'tcf', 'cmpuishown', { purposes: '', cmpId: '300' }),
      signal(900, 'tcf', 'useractioncomplete', { purposes: '', cmpId: '300' }),
      signal(950, 'gcm', 'update', { ad_storage: 'granted', analytics_storage: 'granted' }),
    ];
    const scan = scanOf(records);
    expect(scan.consent).toMatchObject({ choice: 'reject', choiceAt: 900, cmps: ['google-funding-choices'] });
    expect(rule.check(scan)).toMatchObject([{ phase: 'after-refusal', severity: 'high', evidence: { times: [900, 950], relativeToChoice: [0, 50] } }]);
  });

  it('fires when a TC string with purposes follows a Consent Mode refusal', () => {
    const records = [
      signal(500, 'gcm', 'update', { ad_storage: 'denied', analytics_storage: 'denied' }),
      signal(600, 'tcf', 'useractioncomplete', { purposes: ALL }),
    ];
    expect(rule.check(scanOf(records))[0]?.title).toContain('TCF');
  });

  it('fires when the CMP cookie records an acceptance after a confirmed refusal, and names the CMP', () => {
    const accepted = encodeURIComponent("{stamp:'x',necessary:true,preferences:true,statistics:true,marketing:true,method:'explicit',ver:1}");
    const records = [
      {
        ...signal(3000, 'tcf', 'x', {}),
        signal: 'scenario' as const,
        source: 'audit' as const,
        command: 'confirmed',
        params: { scenario: 'reject', cmp: 'cookiebot' },
      },
      cookie('CookieConsent', 3500, { value: accepted }),
    ];
    const [finding] = rule.check(scanOf(records));
    expect(finding).toMatchObject({
      evidence: { times: [3500], relativeToChoice: [500], when: '500 ms after the choice', details: { which: ['cmp-storage'] } },
    });
    expect(finding?.title).toContain('cookiebot');
  });

  it('does not fire for an acceptance given after the banner was shown again', () => {
    const records = [
      signal(500, 'gcm', 'update', { ad_storage: 'denied', analytics_storage: 'denied' }),
      signal(800, 'tcf', 'cmpuishown', { purposes: '' }),
      signal(900, 'tcf', 'useractioncomplete', { purposes: ALL }),
    ];
    expect(rule.check(scanOf(records))).toEqual([]);
  });

  it('does not fire for a consistent refusal, an acceptance, or defaults', () => {
    expect(
      rule.check(
        scanOf([
          signal(500, 'tcf', 'useractioncomplete', { purposes: '' }),
          signal(510, 'gcm', 'update', { ad_storage: 'denied', analytics_storage: 'denied' }),
        ]),
      ),
    ).toEqual([]);
    expect(rule.check(scanOf([signal(500, 'tcf', 'useractioncomplete', { purposes: ALL }), signal(510, 'gcm', 'update', { ad_storage: 'granted' })]))).toEqual(
      [],
    );
    expect(rule.check(scanOf([signal(10, 'gcm', 'default', { ad_storage: 'granted' }), signal(500, 'gcm', 'update', { ad_storage: 'denied' })]))).toEqual([]);
  });
});
