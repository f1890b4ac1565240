import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/vendor-loaded-only';
import { CMP_ACCEPTED_AT_1000, CMP_NO_CHOICE, CMP_REFUSED_AT_1000, cookie, request, scanOf } from '../../../fixtures/evidence';

const mixpanelLoader = (t: number) => request('https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js', t);

describe('vendor-loaded-only', () => {
  it('notes a vendor that loaded and then received and stored nothing, with how long it was watched', () => {
    const findings = rule.check(scanOf([mixpanelLoader(200), request('https://shop.example/page', 900, { type: 'image' })], { consent: CMP_NO_CHOICE }));
    expect(findings).toMatchObject([{ rule: 'vendor-loaded-only', severity: 'info', phase: 'before-choice', vendor: { id: 'mixpanel-session-replay' } }]);
    expect(findings[0]?.title).toBe('Mixpanel loaded, and received nothing and stored nothing during 700 ms');
    expect(findings[0]?.evidence.details).toMatchObject({ watchedMs: 700 });
    expect(rule.check(scanOf([mixpanelLoader(1200)], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([{ phase: 'after-refusal' }]);
  });

  it('still notes a vendor whose second script load the navigation cut off: only data can be cut off on its way', () => {
    // Firefox, precision suite: the recorder bundle's GET cancelled (NS_BINDING_ABORTED) as the page was left.
    const cut = request('https://cdn.mxpnl.com/libs/mixpanel-with-recorder.min.js', 900, { type: 'script', error: 'NS_BINDING_ABORTED' });
    const findings = rule.check(scanOf([mixpanelLoader(200), cut], { consent: CMP_REFUSED_AT_1000 }));
    expect(findings).toMatchObject([{ rule: 'vendor-loaded-only', vendor: { id: 'mixpanel-session-replay' } }]);
    expect(findings[0]?.evidence.details).toMatchObject({ loads: 2 });
  });

  it('stays silent when the vendor received data or stored identifiers at any time in the visit, or is not a tracker', () => {
    const sentLater = request('https://api-js.mixpanel.com/track/?ip=1', 1400, { type: 'xmlhttprequest', method: 'POST' });
    expect(rule.check(scanOf([mixpanelLoader(200), sentLater], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100), cookie('_hjSessionUser_1', 300)], { consent: CMP_NO_CHOICE }))).toEqual(
      [],
    );
    expect(rule.check(scanOf([request('https://fonts.gstatic.com/s/x.woff2', 100, { type: 'font' })], { consent: CMP_NO_CHOICE }))).toEqual([]);
    // A send cut off before any response may have arrived: "received nothing" cannot be said.
    const cutOff = request('https://api-js.mixpanel.com/track/?ip=1', 1400, { type: 'xmlhttprequest', method: 'POST', error: 'net::ERR_ABORTED' });
    expect(rule.check(scanOf([mixpanelLoader(200), cutOff], { consent: CMP_NO_CHOICE }))).toEqual([]);
  });

  it('says what it wrote on the device, when it set no cookie and received nothing', () => {
    const key = {
      kind: 'storage' as const,
      id: 's:nr',
      visitId: 'visit-1',
      t: 300,
      source: 'probe' as const,
      frameId: 0,
      area: 'localStorage' as const,
      action: 'set' as const,
      origin: 'https://shop.example',
      key: 'mp_0123_mixpanel',
    };
    const findings = rule.check(scanOf([mixpanelLoader(200), key], { consent: CMP_NO_CHOICE }));
    expect(findings[0]?.title).toContain('set no cookie (it wrote 1 storage key on the device)');
  });
});
