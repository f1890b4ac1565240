import { describe, expect, it } from 'vitest';
import { detectConsent } from '@/lib/consent/detect-consent';
import type { ConsentSignalRecord, StorageRecord } from '@/lib/model';
import { KLARO_LOCAL_RENAMED } from '../../fixtures/captured-values';

let n = 0;
const local = (t: number, key: string, value: string): StorageRecord => ({
  kind: 'storage',
  id: `s:${++n}`,
  visitId: 'visit-1',
  t,
  source: 'probe',
  frameId: 0,
  area: 'localStorage',
  action: 'set',
  origin: 'https://shop.example',
  key,
  value,
});
const autoconsent = (t: number, command: string, cmp: string): ConsentSignalRecord => ({
  kind: 'consent',
  id: `k:${++n}`,
  visitId: 'visit-1',
  t,
  source: 'audit',
  frameId: 0,
  signal: 'autoconsent',
  command,
  params: { cmp, result: 'true' },
});
const klaroVendor = [{ id: 'klaro', firstSeen: 50 }];

describe('CMP values under a renamed key, over a visit', () => {
  it("a site's own JSON of booleans is no Klaro refusal while no Klaro banner was shown", () => {
    const view = detectConsent({ records: [local(300, 'tour', '{"tourSeen":false}')], cmpVendors: klaroVendor });
    expect(view.choice).toBeUndefined();
    expect(view.events.filter((e) => e.source === 'cmp-storage')).toEqual([]);
  });

  it('the renamed Klaro value written after its banner was shown is the choice, dated by its write', () => {
    const records = [
      autoconsent(900, 'cmpDetected', 'Klaro'),
      autoconsent(950, 'popupFound', 'Klaro'),
      local(2300, 'shop_consent', KLARO_LOCAL_RENAMED.reject),
    ];
    const view = detectConsent({ records, cmpVendors: klaroVendor });
    expect(view).toMatchObject({ choice: 'reject', choiceAt: 2300, state: { source: 'cmp-storage', cmp: 'klaro' } });
  });

  it('a distinctive shape (tarteaucitron) is read as soon as the CMP is detected', () => {
    const view = detectConsent({ records: [local(1200, 'tac_choix', '!svc=false')], cmpVendors: [{ id: 'tarteaucitron', firstSeen: 40 }] });
    expect(view).toMatchObject({ choice: 'reject', state: { cmp: 'tarteaucitron' } });
    expect(detectConsent({ records: [local(1200, 'tac_choix', '!svc=false')] }).choice).toBeUndefined();
  });
});
