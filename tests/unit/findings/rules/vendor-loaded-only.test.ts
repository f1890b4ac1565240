import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/vendor-loaded-only';
import { CMP_ACCEPTED_AT_1000, CMP_NO_CHOICE, CMP_REFUSED_AT_1000, cookie, request, scanOf } from '../helpers';

const mixpanelLoader = (t: number) => request('https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js', t);

describe('vendor-loaded-only', () => {
  it('notes a vendor that loaded before the choice and then sent and stored nothing, with how long it was watched', () => {
    const findings = rule.check(scanOf([mixpanelLoader(200), request('https://shop.example/page', 900, { type: 'image' })], { consent: CMP_ACCEPTED_AT_1000 }));
    expect(findings).toMatchObject([{ rule: 'vendor-loaded-only', severity: 'info', phase: 'before-choice', vendor: { id: 'mixpanel-session-replay' } }]);
    expect(findings[0]?.title).toBe('Mixpanel loaded before the choice, and sent and stored nothing during 800 ms');
    expect(findings[0]?.evidence.details).toMatchObject({ watchedMs: 800 });
  });

  it('notes a vendor loaded after a refusal that did nothing', () => {
    expect(rule.check(scanOf([mixpanelLoader(1200)], { consent: CMP_REFUSED_AT_1000 }))).toMatchObject([{ phase: 'after-refusal' }]);
  });

  it('stays silent when the vendor processed in that phase, loaded only after an acceptance, or is not a tracker', () => {
    const sent = request('https://api-js.mixpanel.com/track/?ip=1', 400, { type: 'xmlhttprequest', method: 'POST' });
    expect(rule.check(scanOf([mixpanelLoader(200), sent], { consent: CMP_NO_CHOICE }))).toEqual([]);
    expect(rule.check(scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100), cookie('_hjSessionUser_1', 300)], { consent: CMP_NO_CHOICE }))).toEqual(
      [],
    );
    expect(rule.check(scanOf([mixpanelLoader(1200)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
    expect(rule.check(scanOf([request('https://fonts.gstatic.com/s/x.woff2', 100, { type: 'font' })], { consent: CMP_NO_CHOICE }))).toEqual([]);
  });
});
