import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '@/lib/report/report.schema.json';
import { BROWSERS, startSession } from './harness';

// Session recorders that exist only on their vendors' CDNs (no npm recorder runs offline) are tested with STAND-INS:
// replay-standins.example loads, for each vendor, a hand-written fake from the vendor's real loader URL that sets the
// vendor's documented globals and cookies and posts to its documented ingest URL (tests/fixtures/sites/<cdn host>/,
// each file says it is a stand-in). The page puts the vendor's unmask marker on the e-mail field and its mask marker
// on the full-name field. One table says what the extension must report for each vendor.

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

type Verdict = 'masked' | 'unmasked' | 'depends-on-setting';
interface StandIn {
  /** The vendor id in data/vendors. */
  vendor: string;
  /** Page globals the stand-in sets, as the probe reports them. */
  globals: string[];
  /** Cookies the stand-in sets, which the database must attribute to the vendor. */
  cookies: string[];
  /** The vendor's unmask marker on #email, which replay-unmask-attribute must name; undefined when it has none. */
  unmask?: string;
  /** Static verdicts for #email, #pw, #fullname, #notes, from the vendor's markers and documented defaults. */
  verdicts: [Verdict, Verdict, Verdict, Verdict];
  /**
   * The stand-in's loader is the vendor's base analytics SDK, not a recorder (Yandex Metrica's tag.js): the vendor is a
   * recorder only once its replay traffic is seen, so it is not one when the page loads it without recording.
   */
  baseSdk?: true;
}

const M = 'masked';
const U = 'unmasked';
const D = 'depends-on-setting';
const STAND_INS: StandIn[] = [
  {
    vendor: 'hotjar',
    globals: ['hj', '_hjSettings'],
    cookies: ['_hjSessionUser_3141592', '_hjSession_3141592'],
    unmask: '[data-hj-allow]',
    verdicts: [U, M, M, M],
  },
  { vendor: 'fullstory', globals: ['FS', '_fs_namespace'], cookies: ['fs_uid'], unmask: '.fs-unmask', verdicts: [U, M, M, M] },
  // LogRocket records inputs by default (passwords excepted): the notes field is unmasked without any marker.
  { vendor: 'logrocket', globals: ['LogRocket'], cookies: [], unmask: '[data-public]', verdicts: [U, M, M, U] },
  // Mouseflow's keystroke recording depends on the account (never for EU data subjects).
  { vendor: 'mouseflow', globals: ['_mfq', 'mouseflow'], cookies: ['mf_0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b', 'mf_user'], verdicts: [D, M, M, D] },
  { vendor: 'smartlook', globals: ['smartlook'], cookies: [], verdicts: [M, M, M, M] },
  { vendor: 'contentsquare', globals: ['_uxa', 'CS_CONF'], cookies: ['_cs_id', '_cs_s'], unmask: '[data-cs-capture]', verdicts: [U, M, M, M] },
  { vendor: 'inspectlet', globals: ['__insp'], cookies: [], verdicts: [D, M, M, D] },
  { vendor: 'quantummetric', globals: ['QuantumMetricAPI'], cookies: [], verdicts: [D, M, D, D] },
  // WebVisor's "record all fields" is on by default; .ym-record-keys is its explicit unmask class.
  { vendor: 'yandex-metrica-webvisor', globals: ['ym'], cookies: ['_ym_uid', '_ym_d'], unmask: '.ym-record-keys', verdicts: [U, M, M, U], baseSdk: true },
  { vendor: 'luckyorange', globals: [], cookies: ['lo-uid', 'lo-visits'], verdicts: [M, M, M, M] },
  { vendor: 'crazyegg', globals: [], cookies: ['is_returning', '_ceir'], verdicts: [M, M, M, M] },
];
const FIELDS = ['#email', '#pw', '#fullname', '#notes'];

describe.each(BROWSERS)('stand-in recorders of CDN-only vendors in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  it('never says recording when a recorder sent nothing: the identifiers one stored are cookies before consent, one that only loaded is a note', async () => {
    const all = STAND_INS.map((s) => s.vendor).join(',');
    const { page, report } = await env.visit(`https://replay-standins.example/?v=${all}&record=0`, { settle: 2500 });
    await page.close(); // tabs are found by URL prefix: ?v=hotjar must not find this one
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.recorders.map((r) => r.vendor).sort()).toEqual(
      STAND_INS.filter((s) => !s.baseSdk)
        .map((s) => s.vendor)
        .sort(),
    );
    expect(report.recorders.filter((r) => r.recordingAt !== undefined || r.ingestRequests > 0)).toEqual([]);
    expect(report.findings.filter((f) => f.rule === 'replay-before-consent')).toEqual([]);
    // Nothing was sent: no vendor is a tracker before consent. The identifiers a stand-in stored are its cookies before
    // consent, one finding per cookie; a stand-in that stored nothing only loaded.
    expect(report.findings.filter((f) => f.rule === 'tracker-before-consent')).toEqual([]);
    const judged = report.findings.filter((f) => f.rule === 'cookie-before-consent' || f.rule === 'vendor-loaded-only');
    const expected = STAND_INS.flatMap((s) =>
      s.cookies.length ? s.cookies.map((name) => `${s.vendor}:cookie-before-consent:${name}`) : [`${s.vendor}:vendor-loaded-only:`],
    );
    expect(judged.map((f) => `${f.vendor?.id}:${f.rule}:${f.rule === 'cookie-before-consent' ? f.evidence.details?.cookie : ''}`).sort()).toEqual(
      expected.sort(),
    );
    expect(report.findings.filter((f) => f.rule === 'replay-on-sensitive-page')).toEqual([]);
  }, 60_000);

  it.each(STAND_INS)(
    '$vendor: detected, recording before any choice, markers and defaults judged',
    async (s) => {
      const { page, report } = await env.visit(`https://replay-standins.example/?v=${s.vendor}`, { settle: 2000 });
      await page.close();
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);

      // Detected under the database's vendor id, loaded first, then recording through its ingest endpoint.
      expect(report.recorders).toMatchObject([{ vendor: s.vendor, loadedPhase: 'no-cmp', recordingPhase: 'no-cmp', recordingVia: 'ingest' }]);
      const [recorder] = report.recorders;
      // A base SDK's recorder is first seen by its replay traffic: loaded and recording at once.
      if (s.baseSdk) expect(recorder?.recordingAt).toBe(recorder?.loadedAt);
      else expect(recorder?.recordingAt ?? -1).toBeGreaterThan(recorder?.loadedAt ?? Infinity);
      const globals = report.globals.map((g) => g.name);
      for (const name of s.globals) expect(globals, name).toContain(name);
      // Cookies the stand-in set in this visit (an earlier case on the same site left copies in the jar read at its start).
      for (const name of s.cookies) expect(report.cookies.find((c) => c.name === name && c.via !== 'jar')?.vendor, name).toBe(s.vendor);

      // Recording before any choice is the critical form of replay-before-consent; the page has a password field.
      const rules = report.findings.filter((f) => f.vendor?.id === s.vendor).map((f) => `${f.rule}:${f.severity}`);
      expect(rules).toEqual(expect.arrayContaining(['replay-before-consent:critical', 'replay-on-sensitive-page:high']));
      expect(rules).not.toContain('replay-before-consent:high');

      // The explicit unmask marker on the e-mail field is flagged, naming the marker in the fix; no marker, no finding.
      const unmasks = report.findings.filter((f) => f.rule === 'replay-unmask-attribute');
      if (s.unmask) {
        expect(unmasks.map((f) => f.vendor?.id)).toEqual([s.vendor]);
        expect(unmasks[0]?.fix).toContain(s.unmask.replace(/^[.[]|\]$/g, ''));
      } else {
        expect(unmasks).toEqual([]);
      }

      // Static masking verdicts: markers first, then the vendor's documented defaults.
      const verdicts = Object.fromEntries(report.masking.filter((m) => m.vendor === s.vendor).map((m) => [m.selector, m.verdict]));
      expect(verdicts).toEqual(Object.fromEntries(FIELDS.map((f, i) => [f, s.verdicts[i]])));
      expect(report.masking.every((m) => m.proof === 'static')).toBe(true);
    },
    60_000,
  );
});
