import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { Report } from '@/lib/report/types';
import { BROWSERS, type BrowserKind, sendToExtension, sleep, startSession } from './harness';

// Every CMP on npm whose real banner runs offline, in configurations scenarios.e2e.ts does not cover: a cookie or
// storage key renamed by the site, localStorage instead of a cookie, categories named in another language, the bundle
// self-hosted under a folder of the site's own (tests/fixtures/sites/<cmp>-custom-ok.example), plus vanilla-cookieconsent
// v2, Orejime (answered by our own autoconsent rule) and a GPP banner. Each page is served as <cmp>-ok.example (correct: its tags run only through
// the CMP's own gating) and <cmp>-broken.example (BROKEN on purpose: its tags run at once and keep sending).
type Session = Awaited<ReturnType<typeof startSession>>;
type Run = Extract<ScenarioResult, { ok: true }>;

const TRACKER = /(^|\.)(google-analytics\.com|googletagmanager\.com|facebook\.net|facebook\.com)$/;
const CONSENT_RULE = /(before-consent|after-refusal)$/;

interface Variant {
  /** Fixture host prefix: `<prefix>-ok.example`, `<prefix>-broken.example`. */
  prefix: string;
  /** autoconsent's rule name. */
  rule: string;
  /** Our CMP id, the reader that confirms the choice. */
  cmp: string;
  /**
   * What the accept run ends with (vanilla-cookieconsent v2 stores only the accepted categories); left out where another
   * variant already runs the same acceptance, to keep the suite short.
   */
  accept?: { outcome: 'confirmed' | 'unconfirmed'; detail: string };
  /**
   * A renamed value of a shape common outside the CMP (Klaro's boolean map, `allow`/`deny`) is read only once the CMP's
   * banner was shown in the visit, so the reloaded page does not read it back as prior state.
   */
  genericShape?: true;
}

const VARIANTS: Record<string, Variant> = {
  'klaro-custom': { prefix: 'klaro-custom', rule: 'Klaro', cmp: 'klaro', accept: { outcome: 'confirmed', detail: 'klaro: accept' }, genericShape: true },
  cookieconsent2: {
    prefix: 'cookieconsent2',
    rule: 'cookieconsent2',
    cmp: 'vanilla-cookieconsent',
    accept: { outcome: 'unconfirmed', detail: 'vanilla-cookieconsent: partial' },
  },
  'cookieconsent2-custom': { prefix: 'cookieconsent2-custom', rule: 'cookieconsent2', cmp: 'vanilla-cookieconsent' },
  // autoconsent has only site-specific rules for Orejime: ours (lib/audit/own-rules.ts) answers it.
  orejime: { prefix: 'orejime', rule: 'orejime', cmp: 'orejime', accept: { outcome: 'confirmed', detail: 'orejime: accept' } },
  'orejime-custom': { prefix: 'orejime-custom', rule: 'orejime', cmp: 'orejime', genericShape: true },
  'cookieconsent-custom': {
    prefix: 'cookieconsent-custom',
    rule: 'cookieconsent3',
    cmp: 'vanilla-cookieconsent',
    accept: { outcome: 'confirmed', detail: 'vanilla-cookieconsent: accept' },
  },
  'tarteaucitron-custom': {
    prefix: 'tarteaucitron-custom',
    rule: 'tarteaucitron deny',
    cmp: 'tarteaucitron',
    accept: { outcome: 'confirmed', detail: 'tarteaucitron: accept' },
  },
  'osano-custom': {
    prefix: 'osano-custom',
    rule: 'Complianz optin',
    cmp: 'insites-cookieconsent',
    accept: { outcome: 'confirmed', detail: 'insites-cookieconsent: accept' },
    genericShape: true,
  },
};

/** Firefox runs the renamed localStorage keys (Klaro through a MAIN-world snippet, v3 as an ES module) and our rule. */
const CASES: Record<BrowserKind, readonly string[]> = {
  chromium: Object.keys(VARIANTS),
  firefox: ['klaro-custom', 'cookieconsent-custom', 'orejime'],
};
async function runScenario(env: Session, url: string, scenario: 'reject' | 'accept'): Promise<{ result: Run; reports: Report[] }> {
  const first = await env.visit(url, { settle: 800, window: true });
  const result = (await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario, seconds: 2 })) as ScenarioResult;
  if (!result.ok) throw new Error(`scenario did not run: ${result.reason}`);
  const reports: Report[] = [];
  for (const visitId of result.visitIds) reports.push(((await sendToExtension(env.session, { type: 'get-report', visitId })) as { report: Report }).report);
  await first.page.close().catch(() => undefined);
  return { result, reports };
}

/** Tracker requests of a visit, optionally only those sent at or after `from` (epoch ms). */
function trackers(report: Report | undefined, from = 0) {
  const start = Date.parse(report?.visit.startedAt ?? '');
  return (report?.requests ?? []).filter((r) => TRACKER.test(r.hostname) && start + r.t >= from);
}

function rules(report: Report | undefined): string[] {
  return [...new Set(report?.findings.map((f) => f.rule) ?? [])].sort();
}

describe.each(BROWSERS)('CMP packages in their common configurations, in %s', (kind) => {
  let env: Session;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  // Each kind of run goes on every variant at once (distinct sites, a window each); the kinds follow each other, so
  // the runs on one site never overlap, as audits from a clean state must.
  const variant = (name: string) => VARIANTS[name] as Variant;

  describe('reject on the correct site: the CMP detected from a clean state, the refusal confirmed from its stored state, no tracker', () => {
    it.concurrent.each(CASES[kind])('%s', async (name) => {
      const v = variant(name);
      const { result, reports } = await runScenario(env, `https://${v.prefix}-ok.example/`, 'reject');
      expect(result).toMatchObject({ cmp: v.rule, outcome: 'confirmed', detail: `${v.cmp}: reject` });
      const [one, two] = reports;
      expect(one?.consent.cmps).toContain(v.cmp);
      expect(one?.consent).toMatchObject({ choice: 'reject', inconclusiveReasons: [] });
      expect(two?.consent).toMatchObject({ choice: 'reject', choiceAt: 0 });
      // The reloaded page reads the CMP's stored value back from the jar or storage, from its start; a renamed value of
      // a common shape is not read there (no banner on that page), and the run's own refusal holds instead.
      const prior = two?.consent.events.find((e) => e.t === 0 && e.source === 'cmp-storage' && e.cmp === v.cmp);
      expect(prior === undefined).toBe(v.genericShape === true);
      for (const report of reports) {
        expect(trackers(report)).toEqual([]);
        expect(rules(report).filter((r) => CONSENT_RULE.test(r))).toEqual([]);
      }
    });
  });

  describe('reject on the broken site: before-consent findings before the choice, after-refusal after it, on both pages', () => {
    it.concurrent.each(CASES[kind])('%s', async (name) => {
      const v = variant(name);
      const { result, reports } = await runScenario(env, `https://${v.prefix}-broken.example/`, 'reject');
      expect(result).toMatchObject({ outcome: 'confirmed', detail: `${v.cmp}: reject` });
      const [one, two] = reports;
      expect(trackers(one, result.actedAt).length).toBeGreaterThan(0);
      expect(rules(one)).toEqual(expect.arrayContaining(['tracker-before-consent', 'cookie-before-consent', 'tracker-after-refusal']));
      for (const f of one?.findings.filter((f) => f.rule.endsWith('before-consent')) ?? []) expect(f.phase).toBe('before-choice');
      for (const f of one?.findings.filter((f) => f.rule === 'tracker-after-refusal') ?? []) expect(f.phase).toBe('after-refusal');
      expect(rules(two)).toContain('tracker-after-refusal');
      expect(rules(two)).not.toContain('tracker-before-consent');
    });
  });

  describe('accept on the correct site: the outcome the CMP allows, and the trackers load only after the choice', () => {
    it.concurrent.each(CASES[kind].filter((name) => variant(name).accept))('%s', async (name) => {
      const v = variant(name);
      const accept = v.accept as NonNullable<Variant['accept']>;
      const { result, reports } = await runScenario(env, `https://${v.prefix}-ok.example/`, 'accept');
      expect(result).toMatchObject({ cmp: v.rule, outcome: accept.outcome, detail: accept.detail });
      const [one] = reports;
      expect(trackers(one).length).toBeGreaterThan(0);
      expect(trackers(one).every((r) => Date.parse(one?.visit.startedAt ?? '') + r.t >= (result.actedAt ?? Infinity))).toBe(true);
      if (accept.outcome === 'confirmed') {
        expect(one?.consent.choice).toBe('accept');
        for (const report of reports) expect(rules(report).filter((r) => CONSENT_RULE.test(r))).toEqual([]);
      } else {
        // What the CMP stored cannot tell an acceptance from a partial choice: the run says so, and never guesses.
        expect(one?.consent.inconclusiveReasons.map((r) => r.kind)).toContain('scenario-unconfirmed');
        expect(rules(one)).not.toContain('tracker-after-refusal');
      }
    });
  });

  // autoconsent has no rule for a hand-written GPP banner (tests/fixtures/sites/gpp-ok.example, on the real CmpApi of
  // @iabgpp/cmpapi), so no audit can answer it: the visitor's opt-out is clicked here, and the consent timeline reads
  // it from the __gpp cookie. Its ES modules are ~180 files, so only the refusals run, in Chromium.
  if (kind === 'chromium')
    describe('GPP (no autoconsent rule: the opt-out is clicked as a visitor would)', () => {
      async function observeThenOptOut(host: string): Promise<Report> {
        const first = await env.visit(`https://${host}/`, { settle: 300 });
        const run = (await sendToExtension(env.session, { type: 'run-clean-observe', tabId: first.tabId, seconds: 2 })) as { ok: boolean; visitId?: string };
        if (!run.ok || !run.visitId) throw new Error('observe did not run');
        // The banner's handlers are bound once its module ran: wait until the button is shown, as a visitor would.
        let clicked = false;
        for (let i = 0; i < 100 && !clicked; i++) {
          clicked = await first.page.evaluate(() => {
            const el = document.querySelector<HTMLElement>('#gpp-optout');
            if (!el || el.offsetParent === null) return false;
            el.click();
            return true;
          });
          if (!clicked) await sleep(100);
        }
        expect(clicked).toBe(true);
        await sleep(2000);
        const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: run.visitId })) as { report: Report };
        await first.page.close().catch(() => undefined);
        return report;
      }

      it('correct site: the opt-out read from __gpp as a refusal, no tracker, no finding', async () => {
        const report = await observeThenOptOut('gpp-ok.example');
        expect(report.consent).toMatchObject({ choice: 'reject', state: { source: 'cmp-storage', cmp: 'iab-gpp' } });
        expect(trackers(report)).toEqual([]);
        expect(rules(report).filter((r) => CONSENT_RULE.test(r))).toEqual([]);
      });

      it('broken site: before-consent findings, then after-refusal ones', async () => {
        const report = await observeThenOptOut('gpp-broken.example');
        expect(report.consent).toMatchObject({ choice: 'reject', state: { source: 'cmp-storage', cmp: 'iab-gpp' } });
        expect(rules(report)).toEqual(expect.arrayContaining(['tracker-before-consent', 'cookie-before-consent', 'tracker-after-refusal']));
      });
    });
});
