import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '@/lib/report/report.schema.json';
import { startFixtureServer } from '../fixtures/server.mjs';
import type { ScenarioStatus } from '@/lib/scenario';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { ConsentSignalRecord } from '@/lib/model';
import type { TabData } from '@/lib/messages';
import type { Report } from '@/lib/report/types';
import { BROWSERS, type BrowserKind, ROOT, sendToExtension, startSession } from './harness';

// The reject and accept audits against real consent managers from npm (tests/fixtures/sites/<cmp>-ok|broken.example):
// autoconsent finds the banner and clicks, the CMP's own stored state confirms the choice, and the network shows
// whether the trackers respected it.
type Session = Awaited<ReturnType<typeof startSession>>;
type Run = { result: Extract<ScenarioResult, { ok: true }>; reports: Report[]; last: TabData };

const TRACKER = /(^|\.)(google-analytics\.com|googletagmanager\.com|facebook\.net|facebook\.com)$/;

async function runScenario(env: Session, url: string, scenario: 'reject' | 'accept', seconds = 2): Promise<Run> {
  const first = await env.visit(url, { settle: 1000, window: true });
  const result = (await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario, seconds })) as ScenarioResult;
  if (!result.ok) throw new Error(`scenario did not run: ${result.reason}`);
  const reports: Report[] = [];
  for (const visitId of result.visitIds) {
    const r = (await sendToExtension(env.session, { type: 'get-report', visitId })) as { ok: boolean; report: Report };
    reports.push(r.report);
  }
  const last = (await sendToExtension(env.session, { type: 'get-tab-data', tabId: first.tabId })) as TabData;
  await first.page.close().catch(() => undefined);
  return { result, reports, last };
}

/** Tracker requests of a visit sent at or after `epoch` (ms). */
function trackerRequests(report: Report | undefined, from = 0) {
  if (!report) return [];
  const start = Date.parse(report.visit.startedAt);
  return report.requests.filter((r) => TRACKER.test(r.hostname) && start + r.t >= from);
}

/** Every placed record of a report (requests, payloads, cookies, storage, globals) with its time and phase. */
function placed(report: Report | undefined): { t: number; phase: string; what: string }[] {
  if (!report) return [];
  return [
    ...report.requests.map((r) => ({ t: r.t, phase: r.phase, what: r.url })),
    ...report.payloads.map((r) => ({ t: r.t, phase: r.phase, what: r.url })),
    ...report.cookies.map((r) => ({ t: r.t, phase: r.phase, what: `cookie ${r.name}` })),
    ...report.storage.map((r) => ({ t: r.t, phase: r.phase, what: `storage ${r.key}` })),
    ...report.globals.map((r) => ({ t: r.t, phase: r.phase, what: `global ${r.name}` })),
  ];
}

/** Records at or after `t` whose phase is not `phase` (an empty list when the phase holds). */
function offPhase(report: Report | undefined, t: number, phase: string): string[] {
  return placed(report)
    .filter((r) => r.t >= t && r.phase !== phase)
    .map((r) => `${r.t} ${r.phase} ${r.what}`);
}

/** Observe from a clean state: the site's data cleared, one reload, nothing clicked. */
async function runObserve(env: Session, url: string, seconds = 2): Promise<Report> {
  const first = await env.visit(url, { settle: 300, window: true });
  const run = (await sendToExtension(env.session, { type: 'run-clean-observe', tabId: first.tabId, seconds })) as { ok: boolean; visitId?: string };
  if (!run.ok || !run.visitId) throw new Error('observe did not run');
  const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: run.visitId })) as { report: Report };
  await first.page.close().catch(() => undefined);
  return report;
}

function rules(report: Report | undefined): string[] {
  return [...new Set(report?.findings.map((f) => f.rule) ?? [])].sort();
}

function scenarioSteps(data: TabData): string[] {
  return data.records.filter((r): r is ConsentSignalRecord => r.kind === 'consent' && r.signal === 'scenario').map((r) => r.command);
}

/** Firefox runs the CMPs autoconsent drives through MAIN-world snippets (Klaro) and DOM rules alike; one of each. */
const CASES: Record<BrowserKind, readonly string[]> = {
  chromium: ['klaro', 'cookieconsent', 'tarteaucitron', 'osano'],
  firefox: ['klaro', 'cookieconsent'],
};
/** Observe (nothing clicked) is cheap: every CMP fixture, including the TCF banner autoconsent has no rule for. */
const OBSERVED = ['klaro', 'cookieconsent', 'tarteaucitron', 'osano', 'tcf'] as const;
const EXPECTED: Record<string, { cmp: string; reader: string }> = {
  klaro: { cmp: 'Klaro', reader: 'klaro' },
  cookieconsent: { cmp: 'cookieconsent3', reader: 'vanilla-cookieconsent' },
  tarteaucitron: { cmp: 'tarteaucitron deny', reader: 'tarteaucitron' },
  // Osano's open-source cookieconsent shares its markup with Complianz, so autoconsent names it by that rule.
  osano: { cmp: 'Complianz optin', reader: 'insites-cookieconsent' },
};

describe.each(BROWSERS)('reject and accept scenarios in %s', (kind) => {
  let env: Session;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  // First, while the site has no stored choice (the scenarios below leave one).
  it('plain browsing: autoconsent detects the banner and it is recorded, but nothing is clicked', async () => {
    const { tabId } = await env.visit('https://klaro-ok.example/', { settle: 2000 });
    const data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId })) as TabData;
    const autoconsent = data.records.filter((r): r is ConsentSignalRecord => r.kind === 'consent' && r.signal === 'autoconsent');
    expect(autoconsent.map((r) => [r.source, r.command, r.params.cmp, r.frameId])).toEqual([
      ['audit', 'cmpDetected', 'Klaro', 0],
      ['audit', 'popupFound', 'Klaro', 0],
    ]);
    expect(data.records.some((r) => r.kind === 'cookie' && r.name === 'klaro')).toBe(false);
  });

  describe('observe from a clean state, correct site: the CMP is seen, no choice, no tracker and no before-consent finding', () => {
    it.concurrent.each(OBSERVED)('%s', async (site) => {
      const report = await runObserve(env, `https://${site}-ok.example/`);
      expect(report.scenario).toBe('clean-observe');
      expect(report.consent.cmps.length).toBeGreaterThan(0);
      expect(report.consent.choice).toBeUndefined();
      expect(trackerRequests(report)).toEqual([]);
      expect(rules(report).filter((r) => r.endsWith('before-consent') || r.endsWith('after-refusal'))).toEqual([]);
    });
  });

  describe('observe from a clean state, broken site: the trackers before any choice give tracker-before-consent and cookie-before-consent', () => {
    it.concurrent.each(OBSERVED)('%s', async (site) => {
      const report = await runObserve(env, `https://${site}-broken.example/`);
      expect(report.consent.choice).toBeUndefined();
      expect(trackerRequests(report).length).toBeGreaterThan(0);
      expect(rules(report)).toEqual(expect.arrayContaining(['tracker-before-consent', 'cookie-before-consent']));
      expect(rules(report)).not.toContain('tracker-after-refusal');
      for (const f of report.findings.filter((f) => f.rule.endsWith('before-consent'))) expect(f.phase).toBe('before-choice');
    });
  });

  describe('reject on the correct site: refusal confirmed from the CMP state, no tracker at all, in both visits', () => {
    it.concurrent.each(CASES[kind])('%s', async (site) => {
      const expected = EXPECTED[site] ?? { cmp: '', reader: '' };
      const { result, reports, last } = await runScenario(env, `https://${site}-ok.example/`, 'reject');
      expect(result).toMatchObject({ scenario: 'reject', cmp: expected.cmp, outcome: 'confirmed', detail: `${expected.reader}: reject`, step: 'done' });
      expect(result.visitIds).toHaveLength(2);
      expect(reports.map((r) => r.scenario)).toEqual(['reject', 'reject']);
      expect(trackerRequests(reports[0])).toEqual([]);
      expect(trackerRequests(reports[1])).toEqual([]);
      // The second page's records carry the run, so the two visits can be tied together.
      const navigate = last.records.find((r): r is ConsentSignalRecord => r.kind === 'consent' && r.signal === 'scenario' && r.command === 'navigate');
      expect(navigate?.params).toMatchObject({ scenario: 'reject', run: result.run, detail: `from ${result.visitIds[0]}` });
      expect(scenarioSteps(last)).toEqual(['navigate', 'end']);
      // The consent layer agrees with the run: a refusal, named CMP, and every record after it is after-refusal.
      const [one, two] = reports;
      expect(one?.consent.choice).toBe('reject');
      expect(one?.consent.state).toMatchObject({ choice: 'reject' });
      expect(one?.consent.cmps.length).toBeGreaterThan(0);
      expect(one?.consent.state.cmp ?? '').not.toBe('');
      const choiceAt = one?.consent.choiceAt ?? Infinity;
      expect(Date.parse(one?.visit.startedAt ?? '') + choiceAt).toBeLessThanOrEqual(Date.now());
      expect(offPhase(one, choiceAt, 'after-refusal')).toEqual([]);
      expect(placed(one).some((r) => r.t >= choiceAt)).toBe(true);
      // The reloaded page: the refusal made on the first page holds from its start.
      expect(two?.consent.choice).toBe('reject');
      expect(two?.consent.choiceAt).toBe(0);
      expect(offPhase(two, 0, 'after-refusal')).toEqual([]);
      // The CMP remembered the refusal: no banner again on the reloaded page, nothing inconclusive on either page.
      expect(one?.consent.inconclusiveReasons).toEqual([]);
      expect(two?.consent.inconclusiveReasons).toEqual([]);
      for (const report of reports) {
        expect(rules(report)).not.toContain('tracker-after-refusal');
        expect(rules(report)).not.toContain('tracker-before-consent');
      }
    });
  });

  describe('reject on the broken site: the trackers keep sending after the refusal, on both pages', () => {
    it.concurrent.each(CASES[kind])('%s', async (site) => {
      const expected = EXPECTED[site] ?? { cmp: '', reader: '' };
      const { result, reports } = await runScenario(env, `https://${site}-broken.example/`, 'reject');
      expect(result).toMatchObject({ outcome: 'confirmed', detail: `${expected.reader}: reject` });
      expect(trackerRequests(reports[0], result.actedAt).length).toBeGreaterThan(0);
      expect(trackerRequests(reports[1]).length).toBeGreaterThan(0);
      const [one, two] = reports;
      expect(one?.consent.choice).toBe('reject');
      const choiceAt = one?.consent.choiceAt ?? Infinity;
      expect(offPhase(one, choiceAt, 'after-refusal')).toEqual([]);
      // What loaded before the choice is before-consent; what kept sending after it is after-refusal, dated from it.
      expect(rules(one)).toEqual(expect.arrayContaining(['tracker-before-consent', 'tracker-after-refusal']));
      const after = one?.findings.filter((f) => f.rule === 'tracker-after-refusal') ?? [];
      for (const f of after) {
        expect(f.phase).toBe('after-refusal');
        expect(f.evidence.relativeToChoice?.length).toBeGreaterThan(0);
        expect(f.evidence.relativeToChoice?.every((ms) => ms >= 0)).toBe(true);
        expect(f.evidence.when).toMatch(/after the choice|at the choice/);
      }
      const before = one?.findings.filter((f) => f.rule === 'tracker-before-consent') ?? [];
      for (const f of before) {
        expect(f.phase).toBe('before-choice');
        expect(f.evidence.relativeToChoice?.every((ms) => ms < 0)).toBe(true);
      }
      // On the reloaded page the refusal holds from the start: every tracker there is after the refusal.
      expect(two?.consent.choiceAt).toBe(0);
      expect(rules(two)).toContain('tracker-after-refusal');
      expect(rules(two)).not.toContain('tracker-before-consent');
    });
  });

  describe('accept on the correct site: opt-in confirmed, the trackers load after it', () => {
    it.concurrent.each(CASES[kind])('%s', async (site) => {
      const expected = EXPECTED[site] ?? { cmp: '', reader: '' };
      const { result, reports } = await runScenario(env, `https://${site}-ok.example/`, 'accept');
      expect(result).toMatchObject({ scenario: 'accept', cmp: expected.cmp, outcome: 'confirmed', detail: `${expected.reader}: accept` });
      expect(trackerRequests(reports[0]).length).toBeGreaterThan(0);
      expect(trackerRequests(reports[0]).every((r) => Date.parse(reports[0]?.visit.startedAt ?? '') + r.t >= (result.actedAt ?? Infinity))).toBe(true);
      expect(trackerRequests(reports[1]).length).toBeGreaterThan(0);
      const [one, two] = reports;
      expect(one?.consent.choice).toBe('accept');
      expect(offPhase(one, one?.consent.choiceAt ?? Infinity, 'after-accept')).toEqual([]);
      expect(trackerRequests(one).every((r) => r.phase === 'after-accept')).toBe(true);
      expect(two?.consent.choiceAt).toBe(0);
      expect(offPhase(two, 0, 'after-accept')).toEqual([]);
      for (const report of reports) {
        expect(rules(report).filter((r) => r.endsWith('after-refusal') || r.endsWith('before-consent'))).toEqual([]);
      }
    });
  });

  it('a returning visitor who refused: a new visit (nothing cleared) is after-refusal from t = 0, read from the cookie jar', async () => {
    const { result } = await runScenario(env, 'https://klaro-ok.example/', 'reject', 1);
    expect(result.outcome).toBe('confirmed');
    // Another page of the site in a new tab (its own URL, so the harness finds this tab and not the run's).
    const again = await env.visit('https://klaro-ok.example/?page=2', { settle: 1500 });
    const data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId: again.tabId })) as TabData;
    // A new visit, not one of the run's, and Klaro only reads its cookie: the jar snapshot is the only trace of it.
    expect(result.visitIds).not.toContain(data.visit?.id);
    const jar = data.records.filter((r) => r.kind === 'cookie' && r.via === 'jar');
    expect(jar.map((r) => [r.kind === 'cookie' && r.name, r.t])).toContainEqual(['klaro', 0]);
    expect(data.records.some((r) => r.kind === 'cookie' && r.name === 'klaro' && r.via !== 'jar')).toBe(false);
    const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: data.visit?.id ?? '' })) as { report: Report };
    expect(report.consent).toMatchObject({ choice: 'reject', choiceAt: 0, cmps: ['klaro'], state: { choice: 'reject', source: 'cmp-storage', cmp: 'klaro' } });
    expect(report.consent.events.some((e) => e.kind === 'choice' && e.prior && e.source === 'cmp-storage')).toBe(true);
    // Klaro remembered the refusal, so autoconsent saw no banner again: nothing inconclusive.
    expect(report.consent.events.some((e) => e.kind === 'banner-shown')).toBe(false);
    expect(report.consent.inconclusiveReasons).toEqual([]);
    expect(offPhase(report, 0, 'after-refusal')).toEqual([]);
    expect(trackerRequests(report)).toEqual([]);
    // Kept like any cookie record, redacted in the export by default.
    expect(report.redacted).toBe(true);
    expect(report.cookies.find((c) => c.name === 'klaro')).toMatchObject({ via: 'jar', t: 0, value: '[redacted]', vendor: 'unclassified' });
    await again.page.close().catch(() => undefined);
  });

  it('a CMP autoconsent has no rule for (hand-written TCF banner): answered as unknown, confirmed from its TC string', async () => {
    const { result, reports } = await runScenario(env, 'https://tcf-ok.example/', 'reject', 1);
    expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'unknown', confirmedBy: 'cmp-state', step: 'done' });
    expect(result.detail).toMatch(/^iab-tcf: reject \(answered: /);
    expect(result.visitIds).toHaveLength(2);
    expect(reports[0]?.scenario).toBe('reject');
    expect(reports[0]?.consent).toMatchObject({ cmps: ['unknown'], choice: 'reject' });
    expect(reports[0]?.requests.some((r) => r.url.includes('/_npm/@iabtechlabtcf/cmpapi'))).toBe(true);
    expect(trackerRequests(reports[0])).toEqual([]);
  });

  it('runs from the popup\'s "Test refusal" button and shows its progress, then its outcome', async () => {
    const site = await env.visit('https://cookieconsent-ok.example/', { settle: 500 });
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${site.tabId}&lang=en`);
    await popup.waitForSelector('[data-testid="test-refusal"]', { timeout: 10_000 });
    await popup.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="test-refusal"]')?.click());
    const seen = new Set<string>();
    let text = '';
    for (let i = 0; i < 200 && !text.includes('done'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await popup.evaluate(() => document.querySelector('[data-testid="action-status"]')?.textContent ?? '');
      seen.add(text);
    }
    expect(text).toBe('Refusal test done: cookieconsent3 stored the choice (vanilla-cookieconsent: reject). The report shows what happened after it.');
    expect(
      [...seen].some((s) => /^Refusal test: (waiting for the consent banner|answering the cookieconsent3 banner|watching 8 s after the choice)…$/.test(s)),
    ).toBe(true);
    await popup.close();
  });

  it('reports progress while it runs, and refuses a second run in the same tab', async () => {
    const first = await env.visit('https://klaro-ok.example/', { settle: 500 });
    const running = sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario: 'reject', seconds: 1 });
    let status: { ok: boolean; status?: ScenarioStatus } = { ok: false };
    for (let i = 0; i < 50 && !status.ok; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await sendToExtension(env.session, { type: 'get-scenario-status', tabId: first.tabId })) as typeof status;
    }
    expect(status.status?.scenario).toBe('reject');
    expect(await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario: 'accept', seconds: 1 })).toEqual({
      ok: false,
      reason: 'busy',
    });
    expect(await running).toMatchObject({ ok: true, outcome: 'confirmed' });
    const done = (await sendToExtension(env.session, { type: 'get-scenario-status', tabId: first.tabId })) as { status: ScenarioStatus };
    expect(done.status.step).toBe('done');
  });
});

describe('npm run audit -- --scenario reject', () => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(() => server?.close());

  it("refuses on the banner headless, says so, and writes both pages' reports (valid against the schema)", async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ci-scenario-'));
    const file = path.join(out, 'reject.json');
    const args = [
      'lib/cli/audit.mjs',
      'https://klaro-broken.example/',
      '--scenario',
      'reject',
      '--wait',
      '2',
      '--out',
      file,
      `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
      '--browser-arg=--ignore-certificate-errors',
    ];
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: ROOT });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stderr: err });
      });
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/Scenario reject: confirmed \(Klaro\): klaro: reject\. Run \w+, visits \S+, \S+\./);
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
    for (const name of ['reject.json', 'reject-next.json']) {
      const report = JSON.parse(readFileSync(path.join(out, name), 'utf8'));
      expect(report.scenario).toBe('reject');
      expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      // The broken site's tracker is on both pages, including after the refusal.
      expect(report.requests.some((r: { hostname: string }) => TRACKER.test(r.hostname))).toBe(true);
    }
  });
});
