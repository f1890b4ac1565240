import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { Report } from '@/lib/report/build';
import { BROWSERS, type BrowserKind, sendToExtension, sleep, startSession } from './harness';

// Every CMP on npm whose real banner runs offline, in configurations scenarios.e2e.ts does not cover: a cookie or
// storage key renamed by the site, localStorage instead of a cookie, categories named in another language, the bundle
// self-hosted under a folder of the site's own (tests/fixtures/sites/<cmp>-custom-ok.example), plus vanilla-cookieconsent
// v2 and Orejime in their default set-up. Each page is served as <cmp>-ok.example (correct: its tags run only through
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

/** Firefox runs the renamed localStorage keys: Klaro (answered through a MAIN-world snippet) and v3 (an ES module). */
const CASES: Record<BrowserKind, readonly string[]> = {
  chromium: Object.keys(VARIANTS),
  firefox: ['klaro-custom', 'cookieconsent-custom'],
};
interface Clickable {
  cmp: string;
  /**
   * The CMP's cookie is renamed and its shape is common outside it (a JSON map of booleans): with no banner seen by
   * autoconsent, the value is not read, so the refusal stays unverified and nothing is accused after it.
   */
  unreadable?: true;
  refuse: string;
  /** No acceptance for GPP: a US string without opt-outs is no choice, not an EU consent, so it is not tested as one. */
  accept?: string;
  /** Only the refusals, where another entry already runs the rest with the same code. */
  refusalsOnly?: true;
}
const CLICKABLE: Record<string, Clickable> = {
  orejime: { cmp: 'orejime', refuse: '.orejime-Banner-declineButton', accept: '.orejime-Banner-saveButton' },
  'orejime-custom': { cmp: 'orejime', refuse: '.orejime-Banner-declineButton', refusalsOnly: true, unreadable: true },
  // Its ES modules are ~180 files: the refusal on the correct site already covers the page before the click.
  gpp: { cmp: 'iab-gpp', refuse: '#gpp-optout', refusalsOnly: true },
};
const CLICKED: Record<BrowserKind, readonly string[]> = { chromium: ['orejime', 'orejime-custom', 'gpp'], firefox: ['orejime'] };

async function runScenario(env: Session, url: string, scenario: 'reject' | 'accept'): Promise<{ result: Run; reports: Report[] }> {
  const first = await env.visit(url, { settle: 800 });
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

  describe.each(CASES[kind])('%s', (name) => {
    const v = VARIANTS[name] as Variant;

    it('reject on the correct site: the CMP detected from a clean state, the refusal confirmed from its stored state, no tracker', async () => {
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

    it('reject on the broken site: before-consent findings before the choice, after-refusal after it, on both pages', async () => {
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

    const accept = v.accept;
    if (accept)
      it(`accept on the correct site: ${accept.outcome}, and the trackers load only after the choice`, async () => {
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

  // autoconsent has no rule for Orejime (only site-specific generated ones) nor for a hand-written GPP banner, so no
  // audit can answer them: the visitor's click is simulated here, and the choice is read from the CMP's cookie by the
  // consent timeline.
  describe.each(CLICKED[kind])('%s (no autoconsent rule: the banner is clicked as a visitor would)', (prefix) => {
    const c = CLICKABLE[prefix] as Clickable;
    async function observeThenClick(host: string, button: string | null): Promise<Report> {
      const first = await env.visit(`https://${host}/`, { settle: 300 });
      const run = (await sendToExtension(env.session, { type: 'run-clean-observe', tabId: first.tabId, seconds: 2 })) as { ok: boolean; visitId?: string };
      if (!run.ok || !run.visitId) throw new Error('observe did not run');
      if (button) {
        // The banner's handlers are bound once its script ran: wait until the button is shown, as a visitor would.
        let clicked = false;
        for (let i = 0; i < 100 && !clicked; i++) {
          clicked = await first.page.evaluate((s: string) => {
            const el = document.querySelector<HTMLElement>(s);
            if (!el || el.offsetParent === null) return false;
            el.click();
            return true;
          }, button);
          if (!clicked) await sleep(100);
        }
        expect(clicked).toBe(true);
        await sleep(2000);
      }
      const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: run.visitId })) as { report: Report };
      await first.page.close().catch(() => undefined);
      return report;
    }

    if (!c.refusalsOnly)
      it('correct site, nothing clicked: no choice, no tracker, no finding', async () => {
        const report = await observeThenClick(`${prefix}-ok.example`, null);
        expect(report.consent.cmps).toEqual([c.cmp]);
        expect(report.consent.choice).toBeUndefined();
        expect(trackers(report)).toEqual([]);
        expect(rules(report).filter((r) => CONSENT_RULE.test(r))).toEqual([]);
      });

    it(`correct site, refused: ${c.unreadable ? 'the renamed cookie not read (no choice)' : "the refusal read from the CMP's cookie"}, no tracker`, async () => {
      const report = await observeThenClick(`${prefix}-ok.example`, c.refuse);
      if (c.unreadable) expect(report.consent.choice).toBeUndefined();
      else expect(report.consent).toMatchObject({ choice: 'reject', state: { source: 'cmp-storage', cmp: c.cmp } });
      expect(trackers(report)).toEqual([]);
      expect(rules(report).filter((r) => CONSENT_RULE.test(r))).toEqual([]);
    });

    it(`broken site, refused: before-consent findings${c.unreadable ? ', and no after-refusal one without a readable refusal' : ', then after-refusal ones'}`, async () => {
      const report = await observeThenClick(`${prefix}-broken.example`, c.refuse);
      expect(rules(report)).toEqual(expect.arrayContaining(['tracker-before-consent', 'cookie-before-consent']));
      if (c.unreadable) {
        expect(report.consent.choice).toBeUndefined();
        expect(rules(report)).not.toContain('tracker-after-refusal');
      } else {
        expect(report.consent).toMatchObject({ choice: 'reject', state: { source: 'cmp-storage', cmp: c.cmp } });
        expect(rules(report)).toContain('tracker-after-refusal');
      }
    });

    if (c.accept)
      it("correct site, accepted: the acceptance read from the CMP's cookie, the trackers load", async () => {
        const report = await observeThenClick(`${prefix}-ok.example`, c.accept ?? null);
        expect(report.consent).toMatchObject({ choice: 'accept', state: { source: 'cmp-storage', cmp: c.cmp } });
        expect(trackers(report).length).toBeGreaterThan(0);
        expect(rules(report)).not.toContain('tracker-after-refusal');
      });
  });
});
