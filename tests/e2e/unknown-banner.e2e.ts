import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { TabData } from '@/lib/messages';
import type { ConsentSignalRecord } from '@/lib/model';
import type { Report } from '@/lib/report/types';
import { BROWSERS, type BrowserKind, sendToExtension, sleep, startSession } from './harness';

// Consent banners of managers the product does not know (hand-written banners of our own, in four languages, in
// tests/fixtures/sites/): the content script sees them in the DOM, the consent timeline lists cmp `unknown`, and the
// reject / accept audits answer them by their buttons' labels (or autoconsent's heuristics) and confirm the choice
// from the value the banner stored, or say they could not. Look-alikes (newsletter, age gate, cookie recipes, chat,
// an "OK"-only notice) must not count as consent managers.
type Session = Awaited<ReturnType<typeof startSession>>;
type Run = { result: Extract<ScenarioResult, { ok: true }>; reports: Report[]; data: TabData };

const TRACKER = /(^|\.)(google-analytics\.com|googletagmanager\.com|facebook\.net|facebook\.com|mixpanel\.com|mxpnl\.com)$/;

/** The hand-written banners: `<site>-ok.example` (trackers after accepting), `<site>-broken.example` (at once). */
const SITES = {
  'banniere-fr': { lang: 'fr', reject: 'Tout refuser', stored: 'localStorage consentement' },
  'einwilligung-de': { lang: 'de', reject: 'Alle ablehnen', stored: 'cookie cookie_einwilligung' },
  'consent-en': { lang: 'en', reject: 'Reject all', stored: 'cookie site_consent' },
  'privacidad-es': { lang: 'es', reject: 'Rechazar todo', stored: 'cookie cookies_aceptadas' },
} as const;
type Site = keyof typeof SITES;
const ALL = Object.keys(SITES) as Site[];
/**
 * Chromium observes and answers all four. Firefox runs the same code paths (the detector and the vocabulary are the
 * page's and pure, unit-tested in every language) on two of them, to keep the suite within its time.
 */
const OBSERVED: Record<BrowserKind, readonly Site[]> = { chromium: ALL, firefox: ['banniere-fr', 'privacidad-es'] };
const ANSWERED: Record<BrowserKind, readonly Site[]> = { chromium: ALL, firefox: ['banniere-fr', 'privacidad-es'] };
const TRAPS: Record<BrowserKind, readonly string[]> = { chromium: ['newsletter', 'age', 'recipe', 'chat', 'notice'], firefox: ['newsletter', 'notice'] };

async function report(env: Session, visitId: string): Promise<Report> {
  return ((await sendToExtension(env.session, { type: 'get-report', visitId })) as { report: Report }).report;
}

async function runScenario(env: Session, url: string, scenario: 'reject' | 'accept', seconds = 2): Promise<Run> {
  const first = await env.visit(url, { settle: 500, window: true });
  const result = (await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario, seconds })) as ScenarioResult;
  if (!result.ok) throw new Error(`scenario did not run: ${result.reason}`);
  const reports: Report[] = [];
  for (const visitId of result.visitIds) reports.push(await report(env, visitId));
  const data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId: first.tabId })) as TabData;
  await first.page.close().catch(() => undefined);
  return { result, reports, data };
}

/**
 * Observe from a clean state. A page that shows a banner is read once its banner record arrived (up to 10 s: the
 * detector scans after load, and a busy machine loads slowly); a page without one, after the observation.
 */
async function runObserve(env: Session, url: string, { banner = true } = {}): Promise<{ report: Report; banners: ConsentSignalRecord[] }> {
  const first = await env.visit(url, { settle: 300, window: true });
  const run = (await sendToExtension(env.session, { type: 'run-clean-observe', tabId: first.tabId, seconds: 2 })) as { ok: boolean; visitId?: string };
  if (!run.ok || !run.visitId) throw new Error('observe did not run');
  let data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId: first.tabId })) as TabData;
  for (let i = 0; banner && i < 50 && !bannerRecords(data).length; i++) {
    await sleep(200);
    data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId: first.tabId })) as TabData;
  }
  await first.page.close().catch(() => undefined);
  return { report: await report(env, run.visitId), banners: bannerRecords(data) };
}

function bannerRecords(data: TabData): ConsentSignalRecord[] {
  return data.records.filter((r): r is ConsentSignalRecord => r.kind === 'consent' && r.signal === 'banner');
}

function trackerRequests(r: Report | undefined) {
  return r?.requests.filter((q) => TRACKER.test(q.hostname)) ?? [];
}

function rules(r: Report | undefined): string[] {
  return [...new Set(r?.findings.map((f) => f.rule) ?? [])].sort();
}

/** Records at or after `t` whose phase is not `phase`. */
function offPhase(r: Report | undefined, t: number, phase: string): string[] {
  if (!r) return ['no report'];
  return [
    ...r.requests.map((x) => ({ t: x.t, phase: x.phase, what: x.url })),
    ...r.cookies.map((x) => ({ t: x.t, phase: x.phase, what: `cookie ${x.name}` })),
    ...r.storage.map((x) => ({ t: x.t, phase: x.phase, what: `storage ${x.key}` })),
  ]
    .filter((x) => x.t >= t && x.phase !== phase)
    .map((x) => `${x.t} ${x.phase} ${x.what}`);
}

describe.each(BROWSERS)('consent banners of unknown managers in %s', (kind) => {
  let env: Session;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  describe('observe from a clean state, correct site: the banner is recorded with what was seen, cmp unknown, no tracker, no no-consent-mechanism', () => {
    it.concurrent.each(OBSERVED[kind])('%s', async (site) => {
      const { report: r, banners } = await runObserve(env, `https://${site}-ok.example/`);
      const shown = banners.find((b) => b.command === 'shown');
      expect(shown).toMatchObject({ source: 'snapshot', frameId: 0, params: { type: 'consent-banner', frame: 'top', lang: SITES[site].lang } });
      expect(shown?.params.controls).toContain(`reject:${SITES[site].reject}`);
      expect(shown?.params.text?.length).toBeLessThanOrEqual(300);
      expect(r.consent.cmps).toEqual(['unknown']);
      expect(r.consent.events.filter((e) => e.cmp === 'unknown').map((e) => e.kind)).toEqual(expect.arrayContaining(['cmp-detected', 'banner-shown']));
      expect(r.consent.choice).toBeUndefined();
      expect(trackerRequests(r)).toEqual([]);
      expect(rules(r)).not.toContain('no-consent-mechanism');
      expect(rules(r).filter((x) => x.endsWith('before-consent'))).toEqual([]);
    });
  });

  describe('observe from a clean state, broken site: the trackers before any choice are before-consent findings, and there is a consent mechanism', () => {
    it.concurrent.each(OBSERVED[kind])('%s', async (site) => {
      const { report: r } = await runObserve(env, `https://${site}-broken.example/`);
      expect(r.consent.cmps).toEqual(['unknown']);
      expect(trackerRequests(r).length).toBeGreaterThan(0);
      expect(rules(r)).toEqual(expect.arrayContaining(['tracker-before-consent', 'cookie-before-consent']));
      expect(rules(r)).not.toContain('no-consent-mechanism');
      for (const f of r.findings.filter((x) => x.rule.endsWith('before-consent'))) expect(f.phase).toBe('before-choice');
    });
  });

  describe('reject on the correct site: answered as cmp unknown, confirmed from the stored value, after-refusal on both pages', () => {
    it.concurrent.each(ANSWERED[kind])('%s', async (site) => {
      const { result, reports, data } = await runScenario(env, `https://${site}-ok.example/`, 'reject');
      expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'unknown', confirmedBy: 'stored-value', step: 'done' });
      expect(result.detail).toContain(`unknown: reject, read from ${SITES[site].stored} written after the click`);
      expect(result.visitIds).toHaveLength(2);
      const [one, two] = reports;
      expect(one?.consent.cmps).toEqual(['unknown']);
      expect(one?.consent.choice).toBe('reject');
      expect(offPhase(one, one?.consent.choiceAt ?? Infinity, 'after-refusal')).toEqual([]);
      expect(two?.consent).toMatchObject({ choice: 'reject', choiceAt: 0 });
      expect(offPhase(two, 0, 'after-refusal')).toEqual([]);
      for (const r of reports) {
        expect(trackerRequests(r)).toEqual([]);
        expect(rules(r).filter((x) => x.endsWith('after-refusal') || x.endsWith('before-consent') || x === 'no-consent-mechanism')).toEqual([]);
      }
      // The run's own records say which manager it answered (unknown) and how the choice was confirmed.
      const scenario = one?.consent.signals.filter((s) => s.signal === 'scenario') ?? [];
      expect(scenario.find((s) => s.command === 'opt-out')?.params).toMatchObject({ cmp: 'unknown', frame: '0' });
      expect(scenario.find((s) => s.command === 'confirmed')?.params).toMatchObject({ cmp: 'unknown', how: 'stored-value' });
      expect(data.visit?.id).toBe(result.visitIds[1]);
    });
  });

  describe('reject on the broken site: the trackers that keep sending are after the refusal', () => {
    it.concurrent.each(ANSWERED[kind])('%s', async (site) => {
      const { result, reports } = await runScenario(env, `https://${site}-broken.example/`, 'reject');
      expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'unknown', confirmedBy: 'stored-value' });
      const [one, two] = reports;
      expect(rules(one)).toEqual(expect.arrayContaining(['tracker-before-consent', 'tracker-after-refusal']));
      for (const f of one?.findings.filter((x) => x.rule === 'tracker-after-refusal') ?? []) expect(f.phase).toBe('after-refusal');
      expect(two?.consent.choiceAt).toBe(0);
      expect(rules(two)).toContain('tracker-after-refusal');
      expect(rules(two)).not.toContain('no-consent-mechanism');
    });
  });

  describe('accept on the correct site: confirmed, and the trackers load after it', () => {
    it.concurrent.each(ANSWERED[kind])('%s', async (site) => {
      const { result, reports } = await runScenario(env, `https://${site}-ok.example/`, 'accept');
      expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'unknown', confirmedBy: 'stored-value' });
      const [one, two] = reports;
      expect(one?.consent.choice).toBe('accept');
      expect(trackerRequests(one).length).toBeGreaterThan(0);
      expect(trackerRequests(one).every((q) => q.phase === 'after-accept')).toBe(true);
      expect(offPhase(two, 0, 'after-accept')).toEqual([]);
      if (site === 'consent-en') expect(trackerRequests(one).some((q) => q.hostname === 'api-js.mixpanel.com')).toBe(true);
      for (const r of reports) expect(rules(r).filter((x) => x.endsWith('after-refusal') || x.endsWith('before-consent'))).toEqual([]);
    });
  });

  // One site for every look-alike: they run one after the other.
  describe.each(TRAPS[kind])('look-alike: %s', (trap) => {
    it('is not a consent manager: no unknown cmp, and the trackers have no consent mechanism', async () => {
      const { report: r, banners } = await runObserve(env, `https://banner-traps.example/?trap=${trap}`, { banner: trap === 'notice' });
      expect(banners.filter((b) => b.params.type === 'consent-banner')).toEqual([]);
      expect(r.consent.cmps).toEqual([]);
      expect(trackerRequests(r).length).toBeGreaterThan(0);
      expect(rules(r)).toContain('no-consent-mechanism');
      // The "OK"-only notice is recorded for what it is: a notice that offers no choice.
      expect(banners.map((b) => b.params.type)).toEqual(trap === 'notice' ? ['notice'] : []);
    });
  });

  // Distinct sites: the two run at once.
  it.concurrent('a banner whose refuse button stores nothing and changes nothing: the refusal is unconfirmed, never guessed', async () => {
    const { result, reports } = await runScenario(env, 'https://inert-banner.example/', 'reject', 1);
    expect(result).toMatchObject({ outcome: 'unconfirmed', cmp: 'unknown', confirmedBy: 'none' });
    expect(result.detail).toContain('unknown: nothing stored after the click');
    const [one] = reports;
    expect(one?.consent.choice).toBeUndefined();
    expect(one?.consent.cmps).toEqual(['unknown']);
    expect(one?.consent.inconclusiveReasons.map((x) => x.kind)).toContain('scenario-unconfirmed');
  });

  it.concurrent('a banner that stores an opaque code: acceptance confirmed by the traffic, refusal unconfirmed', async () => {
    const accepted = await runScenario(env, 'https://opaque-banner.example/', 'accept', 1);
    expect(accepted.result).toMatchObject({ outcome: 'confirmed', cmp: 'unknown', confirmedBy: 'traffic' });
    // Trackers that start also write their cookies after the click: the detail lists what was written.
    expect(accepted.result.detail).toMatch(/^unknown: accept, cookie bnr(, [^,]+)*( and \d+ more)? written after the click and [\w, -]+ started sending/);
    const refused = await runScenario(env, 'https://opaque-banner.example/', 'reject', 1);
    expect(refused.result).toMatchObject({ outcome: 'unconfirmed', confirmedBy: 'none' });
    expect(refused.result.detail).toContain('unknown: cookie bnr written after the click, unreadable');
    expect(trackerRequests(refused.reports[0])).toEqual([]);
  });
});
