import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/tracker-before-consent';
import { CMP_ACCEPTED_AT_1000, CMP_NO_CHOICE, cookie, request, scanOf } from '../../../fixtures/evidence';

describe('tracker-before-consent', () => {
  it('fires for an advertising vendor before the choice, with times relative to it', () => {
    const [finding] = rule.check(
      scanOf([request('https://www.facebook.com/tr?id=1', 200, { type: 'image' })], { consent: { ...CMP_NO_CHOICE, choiceAt: 5000, choice: 'accept' } }),
    );
    expect(finding).toMatchObject({ rule: 'tracker-before-consent', severity: 'high', vendor: { id: 'meta-pixel' }, phase: 'before-choice' });
    expect(finding?.evidence).toMatchObject({ times: [200], relativeToChoice: [-4800], urls: ['https://www.facebook.com/tr?id=1'] });
    expect(finding?.references.length).toBeGreaterThan(0);
  });

  it('says no-cmp when there is no consent manager; cookies alone are cookie-before-consent, not this rule', () => {
    const hit = request('https://www.google-analytics.com/g/collect?v=2&tid=G-1', 200, { type: 'ping', method: 'POST' });
    const findings = rule.check(scanOf([cookie('_ga', 100, { declaredLifetime: 63_072_000 }), hit]));
    expect(findings).toMatchObject([
      { vendor: { id: 'google-analytics' }, phase: 'no-cmp', severity: 'medium', evidence: { details: { sent: 1, stored: 1 } } },
    ]);
    expect(rule.check(scanOf([cookie('_ga', 100, { declaredLifetime: 63_072_000 })]))).toEqual([]);
  });

  it('does not fire for activity after an acceptance', () => {
    expect(rule.check(scanOf([request('https://www.facebook.com/tr', 1500)], { consent: CMP_ACCEPTED_AT_1000 }))).toEqual([]);
  });

  it('gives only an info finding, with the exemption conditions, for exempt-capable analytics', () => {
    const [finding] = rule.check(
      scanOf([cookie('_pk_id.1.abcd', 100), request('https://shop.matomo.cloud/matomo.php?idsite=1&rec=1', 100, { type: 'image' })]),
    );
    expect(finding).toMatchObject({ severity: 'info', vendor: { id: 'matomo' } });
    expect(finding?.fix).toContain('13 months');
    expect(finding?.fix).toContain('first-party');
    expect(finding?.fix).toContain('opt-out');
    expect(finding?.evidence.details?.exemptionConditions).toHaveLength(5);
    expect(finding?.evidence.when).toBe('100 ms into the visit; no choice was made');
  });

  it('leaves session recorders and essential vendors to other rules', () => {
    expect(
      rule.check(
        scanOf([
          request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' }),
          request('https://fonts.gstatic.com/s/x.woff2', 100, { type: 'font' }),
        ]),
      ),
    ).toEqual([]);
  });

  it('does not fire for a vendor whose script loaded and then sent and stored nothing (it waits for consent)', () => {
    const loaded = [request('https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js', 100), request('https://us-assets.i.posthog.com/static/array.js', 120)];
    expect(rule.check(scanOf(loaded, { consent: CMP_NO_CHOICE }))).toEqual([]);
  });

  it('does not take a page global for the vendor: stubs and queues exist without its code', () => {
    const stub = {
      kind: 'global' as const,
      id: 'g:1',
      visitId: 'visit-1',
      t: 50,
      source: 'probe' as const,
      frameId: 0,
      origin: 'https://shop.example',
      name: 'fbq',
    };
    expect(rule.check(scanOf([stub], { consent: CMP_NO_CHOICE }))).toEqual([]);
  });

  it('counts data a page script handed to the vendor (a probe payload) as sent', () => {
    const payload = {
      kind: 'payload' as const,
      id: 'p:1',
      visitId: 'visit-1',
      t: 300,
      source: 'probe' as const,
      frameId: 0,
      api: 'beacon' as const,
      method: 'POST',
      url: 'https://api-js.mixpanel.com/track/?ip=1',
    };
    expect(rule.check(scanOf([payload], { consent: CMP_NO_CHOICE }))).toMatchObject([
      { vendor: { id: 'mixpanel-session-replay' }, title: expect.stringContaining('received data') },
    ]);
  });

  it('reports a replay vendor that received data other than recordings (the replay rule needs recordings)', () => {
    const other = request('https://api.hotjar.io/v1/sites/1/feedback?x=1', 300, { type: 'xmlhttprequest' });
    const findings = rule.check(
      scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100), cookie('_hjSessionUser_1', 200), other], { consent: CMP_NO_CHOICE }),
    );
    expect(findings).toMatchObject([{ vendor: { id: 'hotjar' }, severity: 'high', title: expect.stringContaining('received data and stored identifiers') }]);
    expect(rule.check(scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100), cookie('_hjSessionUser_1', 200)], { consent: CMP_NO_CHOICE }))).toEqual(
      [],
    );
  });
});
