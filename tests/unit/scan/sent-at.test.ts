import { describe, expect, it } from 'vitest';
import { rule as afterRefusal } from '@/lib/findings/rules/tracker-after-refusal';
import { rule as beforeConsent } from '@/lib/findings/rules/tracker-before-consent';
import type { PayloadRecord } from '@/lib/model';
import { dateBySender } from '@/lib/scan/sent-at';
import { CMP_REFUSED_AT_1000, request, scanOf } from '../../fixtures/evidence';

const URL_ = 'https://api2.amplitude.com/2/httpapi';
const call = (t: number, extra: Partial<PayloadRecord> = {}): PayloadRecord => ({
  kind: 'payload',
  id: `p:${t}`,
  visitId: 'visit-1',
  t,
  source: 'probe',
  frameId: 0,
  api: 'fetch',
  method: 'POST',
  url: URL_,
  ...extra,
});
const sent = (t: number) => request(URL_, t, { method: 'POST', type: 'xmlhttprequest' });

describe('dateBySender', () => {
  it('dates a request by the page call that made it, so a send before the refusal is not after it', () => {
    const records = [call(990), sent(1010)];
    expect(dateBySender(records).map((r) => r.t)).toEqual([990, 990]);
    const scan = scanOf(records, { consent: CMP_REFUSED_AT_1000 });
    expect(afterRefusal.check(scan)).toEqual([]);
    expect(beforeConsent.check(scan)).toMatchObject([{ evidence: { times: [990, 990] } }]);
  });

  it('keeps the network time when no call of the page matches it: another URL, method or frame, a call after it, or one too long before', () => {
    for (const other of [call(990, { url: `${URL_}?x` }), call(990, { method: 'GET' }), call(990, { frameId: 3 }), call(1020), call(1010 - 1001)]) {
      expect(dateBySender([other, sent(1010)]).find((r) => r.kind === 'request')?.t).toBe(1010);
    }
    expect(afterRefusal.check(scanOf([call(1020), sent(1010)], { consent: CMP_REFUSED_AT_1000 }))).toHaveLength(1);
  });

  it('gives each call to one request only: two sends, one call, the second keeps its own time', () => {
    const dated = dateBySender([call(990), sent(1010), sent(1020)]).filter((r) => r.kind === 'request');
    expect(dated.map((r) => r.t).sort((a, b) => a - b)).toEqual([990, 1020]);
  });
});
