import { describe, expect, it } from 'vitest';
import { detectConsent } from '@/lib/consent/detect-consent';
import { phaseAt as phaseIn } from '@/lib/consent/timeline';
import { rule as cookieBeforeConsent } from '@/lib/findings/rules/cookie-before-consent';
import { rule as storedDespiteRefusal } from '@/lib/findings/rules/consent-stored-despite-refusal';
import { rule as trackerBeforeConsent } from '@/lib/findings/rules/tracker-before-consent';
import type { ConsentSignalRecord, StorageRecord } from '@/lib/model';
import { cookie, request, scanOf } from '../../fixtures/evidence';
import { ALL_PURPOSES, makeTcString } from '../../fixtures/tc-strings';

let n = 0;
const signal = (t: number, kind: ConsentSignalRecord['signal'], command: string, params: Record<string, string> = {}): ConsentSignalRecord => ({
  kind: 'consent',
  id: `k:${++n}`,
  visitId: 'visit-1',
  t,
  source: kind === 'tcf' || kind === 'gcm' ? 'probe' : 'audit',
  frameId: 0,
  signal: kind,
  command,
  params,
});
const local = (t: number, key: string, value: string, action: StorageRecord['action'] = 'set'): StorageRecord => ({
  kind: 'storage',
  id: `s:${++n}`,
  visitId: 'visit-1',
  t,
  source: action === 'present' ? 'snapshot' : 'probe',
  frameId: 0,
  area: 'localStorage',
  action,
  origin: 'https://shop.example',
  key,
  value,
});
const didomiToken = (enabled: string[], disabled: string[]) =>
  btoa(JSON.stringify({ purposes: { enabled, disabled }, vendors: { enabled: [], disabled: [] }, updated: '2026-01-01T00:00:00Z' }));
const cookiebotValue = (on: boolean) =>
  encodeURIComponent(`{stamp:'x1',necessary:true,preferences:${on},statistics:${on},marketing:${on},method:'explicit',ver:1,utc:1767225600000}`);
const DENIED = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
const GRANTED = { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' };

describe('detectConsent', () => {
  it('Cookiebot: the consent cookie written at 4 s after the banner is the refusal, and phases every record by it', () => {
    const scan = scanOf([
      request('https://consent.cookiebot.com/uc.js', 200, { type: 'script' }),
      request('https://www.facebook.com/tr?id=1', 1500, { type: 'image' }),
      cookie('CookieConsent', 4000, { value: cookiebotValue(false) }),
      request('https://www.facebook.com/tr?id=2', 4500, { type: 'image' }),
    ]);
    expect(scan.consent).toMatchObject({ cmps: ['cookiebot'], choice: 'reject', choiceAt: 4000, inconclusive: [] });
    expect(scan.consent.state).toMatchObject({ choice: 'reject', source: 'cmp-storage', purposes: { necessary: true, marketing: false } });
    expect(scan.consent.events.map((e) => [e.t, e.source, e.kind])).toEqual([
      [200, 'script', 'cmp-detected'],
      [4000, 'cmp-storage', 'choice'],
    ]);
    expect([0, 1500, 3999, 4000, 4500].map((t) => phaseIn(scan.consent, t))).toEqual([
      'before-choice',
      'before-choice',
      'before-choice',
      'after-refusal',
      'after-refusal',
    ]);
    const [finding] = trackerBeforeConsent.check(scan);
    expect(finding?.evidence).toMatchObject({ times: [1500], relativeToChoice: [-2500], when: '2.5 s before the choice' });
    expect(finding?.confidence).toBe('high');
  });

  it('OneTrust: OptanonConsent without interaction is not a choice; with OptanonAlertBoxClosed its groups are', () => {
    const groups = 'C0001:1,C0002:1,C0003:0,C0004:0';
    const scan = scanOf([
      cookie('OptanonConsent', 300, { value: `isGpcEnabled=0&interactionCount=0&groups=${encodeURIComponent('C0001:1,C0002:0,C0003:0,C0004:0')}` }),
      cookie('OptanonAlertBoxClosed', 2500, { value: '2026-01-01T00:00:00.000Z' }),
      cookie('OptanonConsent', 2500, { value: `isGpcEnabled=0&interactionCount=1&groups=${encodeURIComponent(groups)}` }),
    ]);
    expect(scan.consent).toMatchObject({ cmps: ['onetrust'], choice: 'partial', choiceAt: 2500 });
    expect(scan.consent.state).toMatchObject({ choice: 'partial', purposes: { C0001: true, C0002: true, C0003: false, C0004: false } });
    expect(phaseIn(scan.consent, 2000)).toBe('before-choice');
    expect(phaseIn(scan.consent, 2500)).toBe('after-accept');
  });

  it('Didomi: didomi_token in localStorage, and the euconsent-v2 TC string beside it, decoded', () => {
    const tc = makeTcString({ cmpId: 7, legitimateInterests: [2, 7], vendors: [755] });
    const scan = scanOf([local(1500, 'didomi_token', didomiToken([], ['analytics', 'ads'])), cookie('euconsent-v2', 1500, { value: tc })]);
    expect(scan.consent).toMatchObject({ cmps: ['didomi'], choice: 'reject', choiceAt: 1500 });
    expect(scan.consent.tcStrings).toEqual([
      expect.objectContaining({ where: 'storage', cmpId: 7, cmp: 'didomi', choice: 'reject', purposeConsents: [], purposeLegitimateInterests: [2, 7] }),
    ]);
  });

  it('TCF: cmpuishown then useractioncomplete with an accepting TC string', () => {
    const tc = makeTcString({ cmpId: 10, purposes: ALL_PURPOSES, vendors: [1, 2, 8] });
    const scan = scanOf([
      signal(100, 'tcf', 'cmpuishown', { cmpId: '10', purposes: '' }),
      signal(2000, 'tcf', 'useractioncomplete', { cmpId: '10', tcString: tc, purposes: '' }),
    ]);
    expect(scan.consent).toMatchObject({ cmps: ['inmobi-quantcast-choice'], choice: 'accept', choiceAt: 2000 });
    expect(scan.consent.events.map((e) => e.kind)).toEqual(['cmp-detected', 'banner-shown', 'choice']);
    expect(scan.consent.tcStrings[0]).toMatchObject({ where: 'tcf-api', cmpId: 10, choice: 'accept', vendorConsentCount: 3 });
    expect(phaseIn(scan.consent, 1999)).toBe('before-choice');
  });

  it('Consent Mode: an update granting everything after a refusal makes the timeline inconclusive and the stored-consent rule fire', () => {
    const scan = scanOf([signal(10, 'gcm', 'default', DENIED), signal(600, 'gcm', 'update', DENIED), signal(1200, 'gcm', 'update', GRANTED)]);
    expect(scan.consent).toMatchObject({ choice: 'reject', choiceAt: 600, cmps: [] });
    expect(scan.consent.inconclusive).toEqual([expect.objectContaining({ kind: 'choice-flipped', from: 'reject', to: 'accept' })]);
    const [finding] = storedDespiteRefusal.check(scan);
    expect(finding).toMatchObject({ phase: 'after-refusal', confidence: 'low', evidence: { details: { which: ['consent-mode'] } } });
    expect(finding?.title).toContain('Google Consent Mode');
    expect(finding?.inconclusive).toContain('changed from reject to accept');
  });

  it('two CMPs storing state: inconclusive, and every finding says so with low confidence', () => {
    const scan = scanOf([
      cookie('OptanonConsent', 300, { value: 'interactionCount=1&groups=C0001%3A1%2CC0004%3A1' }),
      cookie('CookieConsent', 400, { value: cookiebotValue(true) }),
      request('https://www.facebook.com/tr?id=1', 100, { type: 'image' }),
    ]);
    expect(scan.consent.cmps).toEqual(['onetrust', 'cookiebot']);
    expect(scan.consent.inconclusive[0]).toEqual({ kind: 'several-cmps', cmps: ['onetrust', 'cookiebot'] });
    const [finding] = trackerBeforeConsent.check(scan);
    expect(finding).toMatchObject({ confidence: 'low', inconclusive: expect.stringContaining('Several consent managers') });
  });

  it('a choice stored before the visit (localStorage found by the first snapshot, or a cookie jar given) holds from the start', () => {
    const fromSnapshot = detectConsent({
      records: [local(900, 'didomi_token', didomiToken([], ['ads']), 'present'), request('https://www.facebook.com/tr', 50)],
    });
    expect(fromSnapshot).toMatchObject({ choice: 'reject', choiceAt: 0 });
    expect(fromSnapshot.events.find((e) => e.kind === 'choice')?.prior).toBe(true);
    expect(phaseIn(fromSnapshot, 50)).toBe('after-refusal');
    // A snapshot of a value the page wrote in this visit is not a prior choice.
    const written = detectConsent({
      records: [local(400, 'didomi_token', didomiToken([], ['ads'])), local(900, 'didomi_token', didomiToken([], ['ads']), 'present')],
    });
    expect(written).toMatchObject({ choiceAt: 400 });
    // The store reports an overwrite as the old value removed: that value was there before the visit.
    // Recorded as the browsers do: the page's write first, then the store's report of it.
    const overwritten = scanOf([
      cookie('CookieConsent', 295, { value: cookiebotValue(false).replace('x1', 'x2') }),
      cookie('CookieConsent', 300, { via: 'store', source: 'network', action: 'removed', cause: 'overwrite', value: cookiebotValue(false) }),
      cookie('CookieConsent', 300, { via: 'store', source: 'network', value: cookiebotValue(false).replace('x1', 'x2') }),
      request('https://www.facebook.com/tr', 100),
    ]);
    expect(overwritten.consent).toMatchObject({ choice: 'reject', choiceAt: 0, cmps: ['cookiebot'] });
    expect(phaseIn(overwritten.consent, 100)).toBe('after-refusal');
    const fromJar = detectConsent({ records: [], initial: { cookies: [{ name: 'CookieConsent', value: cookiebotValue(true) }], localStorage: [] } });
    expect(fromJar).toMatchObject({ choice: 'accept', choiceAt: 0, cmps: ['cookiebot'] });
  });

  it('a CMP cookie in the jar when the visit started (via jar) is the prior choice, though the page never rewrites it', () => {
    const jar = cookie('CookieConsent', 0, { via: 'jar', source: 'network', frameId: -1, value: cookiebotValue(false), declaredLifetime: null });
    const returning = scanOf([jar, request('https://www.facebook.com/tr?id=1', 50, { type: 'image' })]);
    expect(returning.consent).toMatchObject({ choice: 'reject', choiceAt: 0, cmps: ['cookiebot'], state: { choice: 'reject', source: 'cmp-storage' } });
    expect(returning.consent.events.find((e) => e.kind === 'choice')?.prior).toBe(true);
    expect(phaseIn(returning.consent, 0)).toBe('after-refusal');
    // A later write by the page replays over the jar's value.
    const changed = scanOf([jar, cookie('CookieConsent', 900, { value: cookiebotValue(true) })]);
    expect(changed.consent.transitions.map((t) => [t.t, t.phase])).toEqual([
      [0, 'after-refusal'],
      [900, 'after-accept'],
    ]);
    // The snapshot is read after the page starts: a cookie the store saw created in this visit was not there before.
    const created = scanOf([jar, cookie('CookieConsent', 20, { via: 'store', source: 'network', value: cookiebotValue(false) })]);
    expect(created.consent.choiceAt).toBe(20);
    expect(phaseIn(created.consent, 10)).toBe('before-choice');
    // Jar cookies are not activity of the visit: no vendor, so no cookie-before-consent for a tracker cookie in the jar.
    const fbp = cookie('_fbp', 0, { via: 'jar', domain: 'shop.example', value: 'fb.1.1' });
    const trackerJar = scanOf([fbp]);
    expect(trackerJar.facts.get(fbp.id)?.vendor).toBe('unclassified');
    expect(trackerJar.activity).toEqual([]);
    expect(cookieBeforeConsent.check(trackerJar)).toEqual([]);
  });

  it('autoconsent and a confirmed scenario make the top-trust choice; an unconfirmed one is inconclusive', () => {
    const records = [
      signal(500, 'autoconsent', 'cmpDetected', { cmp: 'Didomi' }),
      signal(600, 'autoconsent', 'popupFound', { cmp: 'Didomi' }),
      signal(3000, 'autoconsent', 'optOutResult', { cmp: 'Didomi', result: 'true' }),
      signal(3100, 'autoconsent', 'selfTestResult', { cmp: 'Didomi', result: 'false' }),
      signal(3500, 'scenario', 'confirmed', { scenario: 'reject', cmp: 'didomi', detail: 'didomi_token' }),
      // The CMP's storage claims an acceptance after our confirmed refusal: it does not change the phase.
      local(4000, 'didomi_token', didomiToken(['ads'], [])),
    ];
    const view = detectConsent({ records });
    expect(view).toMatchObject({ cmps: ['didomi'], choice: 'reject', choiceAt: 3000 });
    expect(phaseIn(view, 5000)).toBe('after-refusal');
    expect(view.inconclusive).toEqual([expect.objectContaining({ kind: 'choice-flipped', source: 'cmp-storage' })]);
    const confirmedOnly = detectConsent({
      records: [signal(500, 'scenario', 'start', { scenario: 'accept' }), signal(2500, 'scenario', 'confirmed', { scenario: 'accept', cmp: 'klaro' })],
    });
    expect(confirmedOnly).toMatchObject({ choice: 'accept', choiceAt: 2500, cmps: ['klaro'], state: { choice: 'accept', source: 'scenario' } });
    // The run answered the banner at 1200 and confirmed at 2500: the page could load its tags in between, after the choice.
    const answered = detectConsent({
      records: [
        signal(500, 'scenario', 'start', { scenario: 'accept', run: 'r1' }),
        signal(1200, 'scenario', 'opt-in', { scenario: 'accept', cmp: 'klaro', run: 'r1' }),
        signal(2500, 'scenario', 'confirmed', { scenario: 'accept', cmp: 'klaro', run: 'r1' }),
      ],
    });
    expect(answered).toMatchObject({ choice: 'accept', choiceAt: 1200, state: { choice: 'accept', source: 'scenario' } });
    expect(phaseIn(answered, 1300)).toBe('after-accept');
    // A run whose choice the CMP's store could not confirm: the page's own record of the same answer (autoconsent's
    // result, the CMP's storage) comes later than the click, and the tags the CMP ran at once are after the choice.
    const unconfirmedRun = detectConsent({
      records: [
        signal(500, 'scenario', 'start', { scenario: 'accept', run: 'r2' }),
        signal(1200, 'scenario', 'opt-in', { scenario: 'accept', cmp: 'Klaro', run: 'r2' }),
        signal(1800, 'autoconsent', 'optInResult', { cmp: 'Klaro', result: 'true' }),
        signal(2500, 'scenario', 'unconfirmed', { scenario: 'accept', cmp: 'Klaro', run: 'r2' }),
      ],
    });
    expect(unconfirmedRun).toMatchObject({ choice: 'accept', choiceAt: 1200 });
    expect(phaseIn(unconfirmedRun, 1300)).toBe('after-accept');
    // A page record of the other direction is not our answer: it keeps its own time.
    const contrary = detectConsent({
      records: [
        signal(1200, 'scenario', 'opt-in', { scenario: 'accept', cmp: 'Klaro', run: 'r3' }),
        signal(1800, 'autoconsent', 'optOutResult', { cmp: 'Klaro', result: 'true' }),
      ],
    });
    expect(contrary.choiceAt).toBe(1800);
    // The scenario's second page: the choice confirmed on the first page holds from its start.
    const secondPage = scanOf([
      signal(50, 'scenario', 'navigate', { scenario: 'reject', cmp: 'Klaro', detail: 'from v1' }),
      request('https://www.facebook.com/tr?id=1', 800, { type: 'image' }),
      signal(5200, 'scenario', 'end', { scenario: 'reject', cmp: 'Klaro', detail: 'confirmed' }),
    ]);
    expect(secondPage.consent).toMatchObject({ choice: 'reject', choiceAt: 0, cmps: ['klaro'] });
    expect(phaseIn(secondPage.consent, 800)).toBe('after-refusal');
    // A second page of a run that did not confirm: no choice, and inconclusive; the first page's reason is not doubled.
    const notConfirmed = detectConsent({ records: [signal(5200, 'scenario', 'end', { scenario: 'accept', detail: 'unconfirmed' })] });
    expect(notConfirmed.choice).toBeUndefined();
    expect(notConfirmed.inconclusive).toEqual([{ kind: 'scenario-unconfirmed', t: 5200, scenario: 'accept', detail: 'unconfirmed' }]);
    const onePage = detectConsent({
      records: [
        signal(900, 'scenario', 'unconfirmed', { scenario: 'reject', detail: 'no-cmp' }),
        signal(5200, 'scenario', 'end', { scenario: 'reject', detail: 'no-cmp' }),
      ],
    });
    expect(onePage.inconclusive).toHaveLength(1);
    const unconfirmed = detectConsent({
      records: [
        signal(500, 'scenario', 'start', { scenario: 'reject' }),
        signal(9000, 'scenario', 'unconfirmed', { scenario: 'reject', detail: 'navigated away' }),
      ],
    });
    expect(unconfirmed.inconclusive).toEqual([{ kind: 'scenario-unconfirmed', t: 9000, scenario: 'reject', detail: 'navigated away' }]);
    expect(unconfirmed.choice).toBeUndefined();
  });

  it('a refusal takes effect when the page first records it, within a second of the click; an acceptance at the click', () => {
    const run = { scenario: 'reject', cmp: 'Cookiebot', run: 'r1' };
    // Firefox under load: a pixel leaves 150 ms after the click, before the manager has stored the refusal (at +300).
    const records = (storedAt: number) => [
      request('https://consent.cookiebot.com/uc.js', 200, { type: 'script' }),
      signal(1000, 'scenario', 'opt-out', run),
      request('https://www.facebook.com/tr?id=1', 1150, { type: 'image' }),
      cookie('CookieConsent', storedAt, { value: cookiebotValue(false) }),
      signal(storedAt + 400, 'scenario', 'confirmed', run),
      request('https://www.facebook.com/tr?id=2', storedAt + 200, { type: 'image' }),
    ];
    const prompt = scanOf(records(1300));
    expect(prompt.consent).toMatchObject({ choice: 'reject', choiceAt: 1300 });
    expect([1150, 1299, 1300, 1500].map((t) => phaseIn(prompt.consent, t))).toEqual(['before-choice', 'before-choice', 'after-refusal', 'after-refusal']);
    // Stored much later than the click (3 s): that is no longer the page acting on it; the click dates the refusal.
    const late = scanOf(records(4000));
    expect(late.consent).toMatchObject({ choice: 'reject', choiceAt: 1000 });
    expect(phaseIn(late.consent, 1150)).toBe('after-refusal');
    // An acceptance keeps the click: the manager runs the tags it gates before it stores the answer.
    const accepted = scanOf([
      signal(1000, 'scenario', 'opt-in', { ...run, scenario: 'accept' }),
      cookie('CookieConsent', 1300, { value: cookiebotValue(true) }),
      signal(1700, 'scenario', 'confirmed', { ...run, scenario: 'accept' }),
    ]);
    expect(accepted.consent).toMatchObject({ choice: 'accept', choiceAt: 1000 });
  });

  it('a run whose page navigated away before it settled (start, maybe the click, no confirmation) is inconclusive', () => {
    const run = { scenario: 'reject', cmp: 'Klaro', run: 'r1' };
    const scan = scanOf([
      signal(300, 'scenario', 'start', { ...run, detail: 'https://klaro-broken.example/' }),
      request('https://www.facebook.com/tr?id=1', 800, { type: 'image' }),
      signal(1400, 'scenario', 'opt-out', run),
    ]);
    expect(scan.consent.inconclusive).toEqual([{ kind: 'scenario-unconfirmed', t: 1400, scenario: 'reject', detail: 'the run did not finish on this page' }]);
    expect(trackerBeforeConsent.check(scan)[0]).toMatchObject({ confidence: 'low', inconclusive: expect.stringContaining('could not confirm') });
    // The same run, settled on this page (confirmed, then the navigation it makes itself): conclusive.
    const settled = scanOf([...scan.records, signal(1900, 'scenario', 'confirmed', run), signal(4000, 'scenario', 'navigate', run)]);
    expect(settled.consent.inconclusive).toEqual([]);
  });

  it('reads the TC string an ad request carries (gdpr_consent=) as what was sent, and flags an accepting one after a refusal', () => {
    const accept = makeTcString({ cmpId: 7, purposes: ALL_PURPOSES });
    const scan = scanOf([
      local(1000, 'didomi_token', didomiToken([], ['ads'])),
      request(`https://ads.example/bid?gdpr=1&gdpr_consent=${accept}`, 1800, { type: 'xmlhttprequest' }),
    ]);
    expect(scan.consent.tcStrings).toEqual([expect.objectContaining({ where: 'request', choice: 'accept', cmpId: 7 })]);
    const [finding] = storedDespiteRefusal.check(scan);
    expect(finding?.evidence.details).toMatchObject({ which: ['tc-string-sent'] });
    expect(finding?.evidence.times).toEqual([1000, 1800]);
  });

  it('reads the Consent Mode state a Google hit carries (gcs/gcd), and flags a granted one after a refusal', () => {
    const scan = scanOf([
      signal(600, 'gcm', 'update', DENIED),
      request('https://region1.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G100&gcd=13q3q3q2q5', 700, { type: 'ping' }),
      request('https://region1.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G111&gcd=13r3r3p2p5', 1500, { type: 'ping' }),
    ]);
    expect(scan.consent.observations.filter((o) => o.kind === 'consent-mode-sent').map((o) => [o.t, o.choice])).toEqual([
      [700, 'reject'],
      [1500, 'partial'],
    ]);
    const [finding] = storedDespiteRefusal.check(scan);
    expect(finding?.evidence).toMatchObject({ times: [600, 1500], details: { which: ['consent-mode-sent'] } });
  });

  it('a garbage TC string or an unreadable CMP value is an inconclusive reason, never a verdict', () => {
    const view = detectConsent({
      records: [
        signal(500, 'tcf', 'useractioncomplete', { tcString: 'CP!!garbage', cmpId: '7', purposes: '' }),
        local(600, 'didomi_token', 'not base64 json!'),
      ],
    });
    expect(view.inconclusive.map((r) => r.kind)).toEqual(['unreadable', 'unreadable']);
    const hostile = detectConsent({
      records: Array.from({ length: 200 }, (_, i) => cookie('OptanonConsent', i * 500, { value: `interactionCount=1&groups=bad${i}` })),
    });
    expect(hostile.inconclusive.length).toBeLessThanOrEqual(20);
  });

  it('a consent manager whose script failed to load is an inconclusive reason, and only consent rules carry it', async () => {
    const { rule: piiInUrl } = await import('@/lib/findings/rules/pii-in-url');
    const scan = scanOf([
      request('https://consent.cookiebot.com/uc.js', 200, { type: 'script', status: 503 }),
      request('https://www.facebook.com/tr?id=1&em=jane.doe@example.com', 900, { type: 'image' }),
    ]);
    expect(scan.consent.inconclusive).toEqual([{ kind: 'cmp-not-loaded', t: 200, cmp: 'cookiebot', detail: 'HTTP 503' }]);
    expect(trackerBeforeConsent.check(scan)[0]).toMatchObject({ confidence: 'low', inconclusive: expect.stringContaining('did not finish loading') });
    const [pii] = piiInUrl.check(scan);
    expect(pii).toMatchObject({ confidence: 'high' });
    expect(pii?.inconclusive).toBeUndefined();
  });

  it('a consent manager whose script never answered (hangs) is an inconclusive reason, unless it left another trace', () => {
    const hanging = request('https://consent.cookiebot.com/uc.js', 200, { type: 'script' });
    const pixel = request('https://www.facebook.com/tr?id=1', 900, { type: 'image' });
    const scan = scanOf([hanging, pixel]);
    expect(scan.consent.inconclusive).toEqual([{ kind: 'cmp-not-loaded', t: 200, cmp: 'cookiebot', detail: 'no response yet' }]);
    expect(trackerBeforeConsent.check(scan)[0]).toMatchObject({ confidence: 'low', inconclusive: expect.stringContaining('did not finish loading') });
    // A global proves nothing (the page defines the configuration ones), nor does a cookie from an earlier visit.
    const config = {
      kind: 'global',
      id: 'g:1',
      visitId: 'visit-1',
      t: 400,
      source: 'probe',
      frameId: 0,
      origin: 'https://shop.example',
      name: 'Cookiebot',
    } as const;
    expect(scanOf([hanging, pixel, config, cookie('CookieConsent', 0, { via: 'jar', value: cookiebotValue(false) })]).consent.inconclusive).toHaveLength(1);
    // It acted in this visit (autoconsent recognised it; a response the capture missed, e.g. from the cache): it loaded.
    const loaded = scanOf([hanging, pixel, signal(700, 'autoconsent', 'cmpDetected', { cmp: 'Cybotcookiebot' })]);
    expect(loaded.consent.inconclusive).toEqual([]);
    expect(scanOf([{ ...hanging, recovered: true }, pixel]).consent.inconclusive).toEqual([]);
    // Captured at the everyday level, where no one listened for its answer: no status says nothing.
    expect(scanOf([{ ...hanging, everyday: true }, pixel]).consent.inconclusive).toEqual([]);
    // A self-hosted copy of an open-source CMP is named by the vendor's script patterns, unclassified as it is.
    const selfHosted = scanOf([request('https://shop.example/_npm/klaro@0.7.22/dist/klaro.js?delay=10000', 300, { type: 'script' }), pixel]);
    expect(selfHosted.consent.inconclusive).toEqual([{ kind: 'cmp-not-loaded', t: 300, cmp: 'klaro', detail: 'no response yet' }]);
    expect(scanOf([request('https://shop.example/js/klaro.js', 300, { type: 'script', status: 200 }), pixel]).consent.inconclusive).toEqual([]);
  });

  it('with no consent evidence at all, the phase is no-cmp', () => {
    const view = detectConsent({ records: [request('https://www.facebook.com/tr', 50)] });
    expect(view).toMatchObject({ cmps: [], events: [], state: { choice: 'none' } });
    expect(phaseIn(view, 50)).toBe('no-cmp');
  });
});
