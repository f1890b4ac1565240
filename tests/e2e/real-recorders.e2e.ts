import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import { runTrustedCanary } from '@/lib/cli/trusted-input.mjs';
import schema from '@/lib/report/report.schema.json';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import type { EvidenceRecord, FieldRecord, RecorderConfigRecord } from '@/lib/model';
import { judgeMasking } from '@/lib/replay/masking';
import { readRecorderConfig } from '@/lib/replay/recorder-config';
import { collectorSaw, receivedTexts } from './collector';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// Real session recorders from npm (devDependencies), each on its own page of replay-lab.example, loaded from its
// vendor's CDN hostname and sending to its vendor's real ingest hostname (both mapped to the fixture server). The
// canary test runs against each in a masking-on and a masking-off configuration. The collector is the judge: the
// test reads what each ingest host received with Node's zlib (collector.ts, not the extension's decoder), and the
// extension must report a leak exactly for the fields whose canary the collector received, "masked" for the others.

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

interface Case {
  vendor: string;
  page: string;
  ingest: RegExp;
  /** How long the canary test observes: each recorder's batching delay, plus margin. */
  seconds: number;
  /** The configurations the page has (Clarity has one: it always masks inputs). */
  masks: (0 | 1)[];
  /** Fields whose canary the collector receives with masking off (password and, for some vendors, e-mail stay masked). */
  leaksWhenOff: string[];
  /** The decoding chain of a leak, as the extension reports it. */
  chain: string[];
  /**
   * How recording is told: traffic to an ingest endpoint of the vendor file, or rrweb-shaped events in a shared
   * endpoint (Sentry's envelope also carries errors and traces, so it is no ingest pattern).
   */
  via?: 'rrweb-payload';
}

const CASES: Case[] = [
  {
    vendor: 'sentry-replay',
    page: 'sentry',
    ingest: /^o\d+\.ingest\.us\.sentry\.io$/,
    seconds: 8,
    masks: [0, 1],
    leaksWhenOff: ['#email', '#msg', '#name'],
    chain: ['sentry-envelope', 'zlib', 'json'],
    via: 'rrweb-payload',
  },
  {
    vendor: 'datadog-rum',
    page: 'datadog',
    ingest: /^browser-intake-datadoghq\.com$/,
    seconds: 12,
    // Masking on is proven below with Datadog's default (no allowUntrustedEvents), which the trusted typing records.
    masks: [0],
    leaksWhenOff: ['#msg', '#name'],
    chain: ['multipart', 'zlib', 'json'],
  },
  {
    vendor: 'mixpanel-session-replay',
    page: 'mixpanel',
    ingest: /^api-js\.mixpanel\.com$/,
    seconds: 12,
    masks: [0, 1],
    leaksWhenOff: ['#msg', '#name'],
    chain: ['gzip', 'json'],
  },
  {
    vendor: 'posthog',
    page: 'posthog',
    ingest: /^us\.i\.posthog\.com$/,
    seconds: 6,
    masks: [0, 1],
    leaksWhenOff: ['#email', '#msg', '#name'],
    chain: ['gzip', 'json'],
  },
  {
    vendor: 'amplitude-session-replay',
    page: 'amplitude',
    ingest: /^api-sr\.amplitude\.com$/,
    seconds: 10,
    masks: [0, 1],
    leaksWhenOff: ['#msg', '#name'],
    chain: ['gzip', 'json', 'string', 'json'],
  },
  { vendor: 'microsoft-clarity', page: 'clarity', ingest: /^o\.clarity\.ms$/, seconds: 6, masks: [1], leaksWhenOff: [], chain: [] },
];

describe.each(BROWSERS)('real recorders from npm in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  let runs = 0;
  async function runCanary(c: Case, mask: 0 | 1, { query = '', typing = 'synthetic' }: { query?: string; typing?: 'synthetic' | 'cli' } = {}) {
    // Each run in a window of its own (a background tab is throttled) and on a site of its own (the fixture server's
    // run<N>--replay-lab.example): the cases run three at a time, and tabs of one site share its cookies. The
    // collector's log holds the other runs' uploads too, but the canary values are drawn afresh for each run, so what
    // this run's values matched is this run's.
    const url = `https://run${++runs}--replay-lab.example/${c.page}.html?mask=${mask}${query}`;
    const page = await env.openPage({ window: true });
    await env.session.goto(page, url);
    await sleep(2000);
    const tabId = (await findTabId(env.session, url)) ?? -1;
    const since = env.server.log.length;
    // `cli`: the CLI's own typing (lib/cli/trusted-input.mjs), keystrokes through CDP or WebDriver BiDi.
    const run =
      typing === 'cli'
        ? await runTrustedCanary(env.session, page, tabId, c.seconds)
        : await sendToExtension(env.session, { type: 'run-canary', tabId, seconds: c.seconds });
    const values = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((e) => e.value));
    const { report } = (await requestReport(env.session, tabId)) as { report: Report };
    // What the collector received while the extension watched: a recorder may still send when the page closes.
    const until = env.server.log.length;
    await page.close();
    const bodies = env.server.log.slice(since, until).filter((e) => c.ingest.test(e.host) && e.method === 'POST' && e.body.length > 0);
    const texts = bodies.flatMap((e) => receivedTexts(e.body));
    const saw = report.canaries
      .filter((x) => collectorSaw(texts, x.value))
      .map((x) => x.selector)
      .sort();
    return { run, values, report, bodies, saw };
  }

  function expectVerdictsMatchCollector(c: Case, report: Report, saw: string[]) {
    const ingestLeaks = report.leaks.filter((l) => c.ingest.test(new URL(l.url).hostname));
    expect([...new Set(ingestLeaks.map((l) => l.selector))].sort()).toEqual(saw);
    expect(ingestLeaks.every((l) => l.vendor === c.vendor)).toBe(true);
    const proven = Object.fromEntries(report.masking.filter((m) => m.vendor === c.vendor && m.proof === 'canary').map((m) => [m.selector, m.verdict]));
    // The extension types with the browser's own input events (trusted), so a value that did not arrive proves masking
    // for every recorder, Datadog's default (which ignores script-made events) included.
    expect(report.canaries.every((x) => x.trusted)).toBe(true);
    expect(proven).toEqual(Object.fromEntries(report.canaries.map((x) => [x.selector, saw.includes(x.selector) ? 'unmasked' : 'masked'])));
    const findings = report.findings.filter((f) => f.rule === 'replay-unmasked-input').map((f) => f.evidence.details?.selector);
    expect([...new Set(findings)].sort()).toEqual(saw);
  }

  // Datadog as installed by default (no allowUntrustedEvents): it ignores events a script dispatched. The CLI's
  // keystrokes are a person's to Datadog, so its verdicts are proven like any other recorder's, and the collector is
  // still the judge.
  const datadog = CASES.find((c) => c.vendor === 'datadog-rum') as Case;
  // Masking off: the CLI's keystrokes (masking on is proven by the extension's own typing below).
  for (const mask of [0] as const) {
    it(`datadog-rum without allowUntrustedEvents, masking ${mask ? 'on' : 'off'}: the CLI's keystrokes prove each field as the collector saw it`, async () => {
      const { run, values, report, bodies, saw } = await runCanary(datadog, mask, { query: '&untrusted=0', typing: 'cli' });
      expect(run).toMatchObject({ ok: true, typed: 4, trusted: 4 });
      expect(values).toEqual(['', '', '', '']);
      expect(bodies.length).toBeGreaterThan(0);
      expect(report.canaries.map((x) => x.trusted)).toEqual([true, true, true, true]);
      expect(saw).toEqual(mask ? [] : datadog.leaksWhenOff);
      const ingestLeaks = report.leaks.filter((l) => datadog.ingest.test(new URL(l.url).hostname));
      expect([...new Set(ingestLeaks.map((l) => l.selector))].sort()).toEqual(saw);
      const proven = Object.fromEntries(report.masking.filter((m) => m.vendor === datadog.vendor).map((m) => [m.selector, `${m.verdict}/${m.proof}`]));
      expect(proven).toEqual(Object.fromEntries(report.canaries.map((x) => [x.selector, saw.includes(x.selector) ? 'unmasked/canary' : 'masked/canary'])));
      expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    });
  }

  // The extension alone types through the browser's editing command, whose input events are trusted: Datadog records
  // them as a person's, so the extension proves its verdicts without the CLI (a field it could only type into with
  // script-made events would be `unverified`: tests/unit/replay/masking.test.ts).
  for (const mask of [0, 1] as const) {
    it.concurrent(`datadog-rum without allowUntrustedEvents, masking ${mask ? 'on' : 'off'}: the extension's own typing is trusted and proves each field as the collector saw it`, async () => {
      const { run, values, report, bodies, saw } = await runCanary(datadog, mask, { query: '&untrusted=0' });
      expect(run).toMatchObject({ ok: true, typed: 4, trusted: 4 });
      expect(values).toEqual(['', '', '', '']);
      expect(bodies.length).toBeGreaterThan(0);
      expect(report.canaries.map((x) => x.trusted)).toEqual([true, true, true, true]);
      expect(saw).toEqual(mask ? [] : datadog.leaksWhenOff);
      const proven = Object.fromEntries(report.masking.filter((m) => m.vendor === datadog.vendor).map((m) => [m.selector, `${m.verdict}/${m.proof}`]));
      expect(proven).toEqual(Object.fromEntries(report.canaries.map((x) => [x.selector, saw.includes(x.selector) ? 'unmasked/canary' : 'masked/canary'])));
      const findings = report.findings.filter((f) => f.rule === 'replay-unmasked-input').map((f) => f.evidence.details?.selector);
      expect([...new Set(findings)].sort()).toEqual(saw);
      expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    });
  }

  for (const c of CASES) {
    for (const mask of c.masks) {
      it.concurrent(`${c.vendor}, masking ${mask ? 'on' : 'off'}: detected as recording, and leaks reported exactly where the collector saw them`, async () => {
        const { run, values, report, bodies, saw } = await runCanary(c, mask);
        expect(run).toMatchObject({ ok: true, typed: 4 });
        expect(values).toEqual(['', '', '', '']);
        expect(bodies.length).toBeGreaterThan(0);
        const recorders = report.recorders.map((r) => [r.vendor, r.loadedPhase, r.recordingVia]);
        expect(recorders).toEqual([[c.vendor, 'no-cmp', c.via ?? 'ingest']]);
        expect(report.recorders[0]?.recordingAt ?? -1).toBeGreaterThanOrEqual(report.recorders[0]?.loadedAt ?? 0);
        if (mask === 0) {
          expect(saw).toEqual(c.leaksWhenOff);
          expect(report.leaks.find((l) => l.selector === saw[0])?.chain).toEqual(c.chain);
        } else {
          expect(saw).toEqual([]);
        }
        expectVerdictsMatchCollector(c, report, saw);
        expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
        const rules = report.findings.filter((f) => f.vendor?.id === c.vendor).map((f) => `${f.rule}:${f.severity}`);
        expect(rules).toEqual(expect.arrayContaining(['replay-before-consent:critical', 'replay-on-sensitive-page:high']));
      });
    }
  }
});

// The recorder's configuration as each fixture page hands it to the SDK's global (the probe reads the init options), and
// the masking verdicts judged from it: `config` where the page set the option, `default` where it did not, and
// "configuration not visible" for a bundled SDK that exposes no global. The evidence is the extension's own stored
// records (get-tab-data); the verdicts are judged from them with the extension's own code.

interface ConfigCase {
  page: string;
  vendor: string;
  /** The options the probe must have read for ?mask=0 and ?mask=1, by `via`. */
  seen: [Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>];
  /** Verdict and basis of #name (a plain text input) and #msg (a textarea) for ?mask=0 and ?mask=1. */
  verdicts: [[string, string][], [string, string][]];
}

const CONFIG_CASES: ConfigCase[] = [
  {
    page: 'posthog',
    vendor: 'posthog',
    seen: [{ 'posthog.init': { 'session_recording.maskAllInputs': false } }, { 'posthog.init': {} }],
    verdicts: [
      [
        ['unmasked', 'config'],
        ['unmasked', 'config'],
      ],
      [
        ['masked', 'default'],
        ['masked', 'default'],
      ],
    ],
  },
  {
    page: 'mixpanel',
    vendor: 'mixpanel-session-replay',
    seen: [
      { 'mixpanel.init': { record_sessions_percent: 100, record_mask_all_inputs: false, record_mask_all_text: false } },
      { 'mixpanel.init': { record_sessions_percent: 100 } },
    ],
    verdicts: [
      [
        ['unmasked', 'config'],
        ['unmasked', 'config'],
      ],
      [
        ['masked', 'default'],
        ['masked', 'default'],
      ],
    ],
  },
  {
    page: 'datadog',
    vendor: 'datadog-rum',
    seen: [
      { 'DD_RUM.getInitConfiguration()': { defaultPrivacyLevel: 'allow', sessionReplaySampleRate: 100, sessionSampleRate: 100 } },
      { 'DD_RUM.getInitConfiguration()': { defaultPrivacyLevel: 'mask-user-input', sessionReplaySampleRate: 100, sessionSampleRate: 100 } },
    ],
    verdicts: [
      [
        ['unmasked', 'config'],
        ['unmasked', 'config'],
      ],
      [
        ['masked', 'config'],
        ['masked', 'config'],
      ],
    ],
  },
  {
    page: 'sentry',
    vendor: 'sentry-replay',
    seen: [
      { 'Sentry.replayIntegration': { maskAllInputs: false, maskAllText: false, unmask: ['#msg'] }, 'Sentry.init': { replaysSessionSampleRate: 1 } },
      { 'Sentry.replayIntegration': {}, 'Sentry.init': { replaysSessionSampleRate: 1 } },
    ],
    verdicts: [
      [
        ['unmasked', 'config'],
        ['unmasked', 'config'],
      ],
      [
        ['masked', 'default'],
        ['masked', 'default'],
      ],
    ],
  },
];

describe.each(BROWSERS)('recorder configuration read from the page in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  /** The tab's stored records, polled until `ready` says they hold what the test needs (or 30 s passed). */
  async function recordsOf(url: string, ready: (records: EvidenceRecord[]) => boolean) {
    // A window of its own: the cases run three at a time, and a background tab is throttled.
    const page = await env.openPage({ window: true });
    await env.session.goto(page, url);
    let records: EvidenceRecord[] = [];
    for (let i = 0; i < 60 && !ready(records); i++) {
      await sleep(500);
      const tabId = await findTabId(env.session, url);
      const data = tabId === undefined ? undefined : ((await sendToExtension(env.session, { type: 'get-tab-data', tabId })) as { records?: EvidenceRecord[] });
      records = data?.records ?? [];
    }
    return { page, records };
  }

  const fieldsOf = (records: EvidenceRecord[]) => {
    // The later scan (load + 6 s) wins: by then the configuration's selectors were known to the scan.
    const latest = new Map<string, FieldRecord>();
    for (const r of records) if (r.kind === 'field') latest.set(r.selector, r);
    return [...latest.values()];
  };
  const judge = (vendorId: string, records: EvidenceRecord[]) => {
    const vendor = getDefaultIndex().vendors.find((v) => v.id === vendorId);
    if (!vendor) throw new Error(vendorId);
    const loaded = records[0] as EvidenceRecord;
    return judgeMasking([{ vendor, loaded, ingest: [], cutOff: [] }], fieldsOf(records), [], [], readRecorderConfig(records));
  };

  for (const c of CONFIG_CASES) {
    for (const mask of [0, 1] as const) {
      it.concurrent(`${c.vendor}, masking ${mask ? 'on' : 'off'}: the init options are read, and the verdicts say they rest on them`, async () => {
        const url = `https://${c.page}${mask}--replay-lab.example/${c.page}.html?mask=${mask}`;
        const hasMsg = (rs: EvidenceRecord[]) =>
          rs.some((r) => r.kind === 'field' && r.selector === '#msg' && (mask || c.page !== 'sentry' || r.markers.includes('#msg')));
        const { page, records } = await recordsOf(
          url,
          (rs) => hasMsg(rs) && rs.filter((r) => r.kind === 'recorder-config').length >= Object.keys(c.seen[mask]).length,
        );
        await page.close();
        const configs = records.filter((r): r is RecorderConfigRecord => r.kind === 'recorder-config');
        expect(configs.every((r) => r.vendor === c.vendor && r.source === 'probe' && r.frameId === 0)).toBe(true);
        expect(Object.fromEntries(configs.map((r) => [r.via, r.options]))).toEqual(c.seen[mask]);
        const masking = judge(c.vendor, records);
        const of = (selector: string) => masking.find((m) => m.field.selector === selector);
        expect([of('#name'), of('#msg')].map((m) => [m?.verdict, m?.basis])).toEqual(c.verdicts[mask]);
        if (c.verdicts[mask][0]?.[1] === 'default')
          expect(of('#name')?.reason).toMatch(/^configuration seen \(.+\) does not set how inputs are masked; documented default: /);
        expect(of('#pw')?.verdict).toBe('masked');
      });
    }
  }

  it('a bundled SDK without a global: the recorder runs, its configuration is not visible, the static verdict rests on the documented default and the canary test corrects it', async () => {
    const url = 'https://replay-lab.example/posthog-bundled.html';
    const page = await env.session.newPage();
    await env.session.goto(page, url);
    await sleep(2000);
    const tabId = (await findTabId(env.session, url)) ?? -1;
    const since = env.server.log.length;
    // PostHog uploads nothing until the visitor interacts: the canary test's typing is that interaction.
    expect(await sendToExtension(env.session, { type: 'run-canary', tabId, seconds: 6 })).toMatchObject({ ok: true, typed: 4 });
    const { records } = (await sendToExtension(env.session, { type: 'get-tab-data', tabId })) as { records: EvidenceRecord[] };
    const { report } = (await requestReport(env.session, tabId)) as { report: Report };
    await page.close();
    expect(env.server.log.slice(since).some((e) => e.host === 'us.i.posthog.com' && e.path.startsWith('/s/') && e.method === 'POST')).toBe(true);
    expect(records.filter((r) => r.kind === 'recorder-config')).toEqual([]);
    const name = judge('posthog', records).find((m) => m.field.selector === '#name');
    expect([name?.verdict, name?.basis, name?.reason]).toEqual(['masked', 'default', 'configuration not visible; documented default: PostHog masks inputs']);
    // The page set maskAllInputs: false where the probe could not see it; the typed value proves what happened.
    const proven = report.masking.find((m) => m.vendor === 'posthog' && m.selector === '#name');
    expect([proven?.verdict, proven?.proof]).toEqual(['unmasked', 'canary']);
  }, 60_000);
});
