import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '@/lib/report/report.schema.json';
import { startFixtureServer } from '../fixtures/server.mjs';
import type { ScenarioResult, ScenarioStatus } from '@/lib/capture/consent-run';
import type { ConsentSignalRecord } from '@/lib/model';
import type { TabData } from '@/lib/messages';
import type { Report } from '@/lib/report/build';
import { BROWSERS, type BrowserKind, ROOT, sendToExtension, startSession } from './harness';

// The reject and accept audits against real consent managers from npm (tests/fixtures/sites/<cmp>-ok|broken.example):
// autoconsent finds the banner and clicks, the CMP's own stored state confirms the choice, and the network shows
// whether the trackers respected it.
type Session = Awaited<ReturnType<typeof startSession>>;
type Run = { result: Extract<ScenarioResult, { ok: true }>; reports: Report[]; last: TabData };

const TRACKER = /(^|\.)(google-analytics\.com|googletagmanager\.com|facebook\.net|facebook\.com)$/;

async function runScenario(env: Session, url: string, scenario: 'reject' | 'accept', seconds = 2): Promise<Run> {
  const first = await env.visit(url, { settle: 1000 });
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

function scenarioSteps(data: TabData): string[] {
  return data.records.filter((r): r is ConsentSignalRecord => r.kind === 'consent' && r.signal === 'scenario').map((r) => r.command);
}

/** Firefox runs the CMPs autoconsent drives through MAIN-world snippets (Klaro) and DOM rules alike; one of each. */
const CASES: Record<BrowserKind, readonly string[]> = {
  chromium: ['klaro', 'cookieconsent', 'tarteaucitron'],
  firefox: ['klaro', 'cookieconsent'],
};
const EXPECTED: Record<string, { cmp: string; reader: string }> = {
  klaro: { cmp: 'Klaro', reader: 'klaro' },
  cookieconsent: { cmp: 'cookieconsent3', reader: 'vanilla-cookieconsent' },
  tarteaucitron: { cmp: 'tarteaucitron deny', reader: 'tarteaucitron' },
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

  describe.each(CASES[kind])('%s', (site) => {
    const expected = EXPECTED[site] ?? { cmp: '', reader: '' };

    it('reject on the correct site: refusal confirmed from the CMP state, no tracker at all, in both visits', async () => {
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
    });

    it('reject on the broken site: the trackers keep sending after the refusal, on both pages', async () => {
      const { result, reports } = await runScenario(env, `https://${site}-broken.example/`, 'reject');
      expect(result).toMatchObject({ outcome: 'confirmed', detail: `${expected.reader}: reject` });
      expect(trackerRequests(reports[0], result.actedAt).length).toBeGreaterThan(0);
      expect(trackerRequests(reports[1]).length).toBeGreaterThan(0);
    });

    it('accept on the correct site: opt-in confirmed, the trackers load after it', async () => {
      const { result, reports } = await runScenario(env, `https://${site}-ok.example/`, 'accept');
      expect(result).toMatchObject({ scenario: 'accept', cmp: expected.cmp, outcome: 'confirmed', detail: `${expected.reader}: accept` });
      expect(trackerRequests(reports[0]).length).toBeGreaterThan(0);
      expect(trackerRequests(reports[0]).every((r) => Date.parse(reports[0]?.visit.startedAt ?? '') + r.t >= (result.actedAt ?? Infinity))).toBe(true);
      expect(trackerRequests(reports[1]).length).toBeGreaterThan(0);
    });
  });

  it('a CMP autoconsent has no rule for (hand-written TCF banner): no-cmp, and the visit still counts as observed', async () => {
    const { result, reports } = await runScenario(env, 'https://tcf-ok.example/', 'reject', 1);
    expect(result).toMatchObject({ outcome: 'no-cmp', detail: 'no consent manager recognised', step: 'done' });
    expect(result.visitIds).toHaveLength(1);
    expect(reports[0]?.scenario).toBe('reject');
    expect(reports[0]?.requests.some((r) => r.url.includes('/_npm/@iabtechlabtcf/cmpapi'))).toBe(true);
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
    expect([...seen].some((s) => /^Refusal test: (waiting for the consent banner|answering the cookieconsent3 banner|watching 8 s after the choice)…$/.test(s))).toBe(true);
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
    expect(await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario: 'accept', seconds: 1 })).toEqual({ ok: false, reason: 'busy' });
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

  it('refuses on the banner headless, says so, and writes both pages\' reports (valid against the schema)', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ci-scenario-'));
    const file = path.join(out, 'reject.json');
    const args = ['lib/cli/audit.mjs', 'https://klaro-broken.example/', '--scenario', 'reject', '--wait', '2', '--out', file,
      `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`, '--browser-arg=--ignore-certificate-errors'];
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
