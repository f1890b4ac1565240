import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { receivedTexts } from '../../e2e/collector';
import { EDGE_MS, type LogEntry, pagesOf, type ScoredRule, score, type Tally, type Truth, truthOf, VENDORS } from '../../e2e/oracle';

// The precision suite's oracle (tests/e2e/oracle.ts) is test code that decides what is true: its attribution of
// requests to page instances is checked here on logs shaped like the ones Firefox produced.

const host = 'precision-datadog-own-reject.example';
const beacon = (page: string, event: string, at: number, extra: Record<string, unknown> = {}): LogEntry => ({
  host,
  method: 'POST',
  path: '/__oracle',
  headers: {},
  body: Buffer.from(JSON.stringify({ page, event, clientAt: at, ...extra })),
  at,
});
const sdk = (at: number, pi: string): LogEntry => ({
  host: 'www.datadoghq-browser-agent.com',
  method: 'GET',
  path: '/us1/v7/datadog-rum.js',
  headers: { referer: `https://${host}/?sdk=datadog&pi=${pi}`, 'sec-fetch-dest': 'script' },
  body: Buffer.alloc(0),
  at,
});

describe('precision oracle: which page loaded the code', () => {
  it("a reload's script load that reaches the server after the old page ended, just before the new page's start, is the new page's", () => {
    // Logged in Firefox: the old page ended at 33.913, the reload's SDK load arrived at 34.032 with the old page's id in
    // its Referer, and the reload's "start" beacon at 34.034.
    const log = [beacon('old', 'start', 25_574), sdk(25_594, 'old'), beacon('old', 'end', 33_913), sdk(34_032, 'old'), beacon('new', 'start', 34_034)];
    const [old, reload] = pagesOf(log, host);
    expect(old?.requests.map((r) => r.at)).toEqual([25_594]);
    expect(reload?.requests.map((r) => r.at)).toEqual([34_032]);
    expect(truthOf(reload as NonNullable<typeof reload>, { banner: true }).map((t) => `${t.rule} ${t.vendor}`)).toEqual(['vendor-loaded-only datadog-rum']);
  });

  it("the host's first page owns what arrives before its own start beacon (its URL has no page id yet)", () => {
    // Logged in Firefox (datadog-own observe): the SDK load arrived at 58.663, the page's "start" at 58.834.
    const first = { ...sdk(58_663, 'x'), headers: { referer: `https://${host}/?sdk=datadog`, 'sec-fetch-dest': 'script' } };
    const log = [first, beacon('only', 'start', 58_834), beacon('only', 'end', 62_655)];
    const [page] = pagesOf(log, host);
    expect(page?.requests.map((r) => r.at)).toEqual([58_663]);
    expect(truthOf(page as NonNullable<typeof page>, { banner: true }).map((t) => `${t.rule} ${t.vendor}`)).toEqual(['vendor-loaded-only datadog-rum']);
  });

  it('a load before the old page ended stays the old page’s', () => {
    const log = [beacon('old', 'start', 1000), sdk(1020, 'old'), sdk(1500, 'old'), beacon('old', 'end', 2000), beacon('new', 'start', 2100)];
    const [old, reload] = pagesOf(log, host);
    expect(old?.requests.map((r) => r.at)).toEqual([1020, 1500]);
    expect(reload?.requests).toEqual([]);
  });
});

describe('precision oracle: the answer of a page', () => {
  it('a reload left before its consent manager reported the stored answer had that answer from its start', () => {
    // Logged in Firefox under load (amplitude-own accept#2): the reload ended 978 ms after its start, before
    // vanilla-cookieconsent loaded; its jar held cc_cookie from the acceptance on the page before.
    const jar = { cc_cookie: '{"categories":["necessary","analytics"]}' };
    const log = [
      beacon('first', 'start', 1000),
      beacon('first', 'choice', 3000, { choice: 'accept', prior: false }),
      beacon('first', 'end', 6000),
      beacon('reload', 'start', 6100, { cookies: jar }),
      beacon('reload', 'end', 7078, { cookies: jar }),
    ];
    const [, reload] = pagesOf(log, host);
    expect(reload?.choice).toMatchObject({ choice: 'accept', prior: true, at: 6100 });
    // Without the consent cookie in its jar, a page that reported no answer had none.
    const bare = pagesOf([...log.slice(0, 3), beacon('reload', 'start', 6100), beacon('reload', 'end', 7078)], host)[1];
    expect(bare?.choice).toBeUndefined();
  });
});

describe('precision oracle: when the visitor answered', () => {
  // Logged in Chromium (highlight-onload reject#1): the click at 1553, highlight's worker upload (no Referer, so dated
  // by its arrival) at 1582, the consent manager's report of the refusal at 1613, after the page's other click handlers
  // had run. The extension saw the upload leave 29 ms after its click.
  const recording = (at: number): LogEntry => ({
    host: 'pub.highlight.io',
    method: 'POST',
    path: '/',
    headers: { origin: `https://${host}` },
    body: Buffer.from(
      JSON.stringify({
        query: 'mutation PushSessionEvents($data: String!) { pushSessionEvents(data: $data) }',
        variables: { data: gzipSync(JSON.stringify({ events: { events: [{ type: 3, data: { source: 2 } }] } })).toString('base64') },
      }),
    ),
    at,
  });
  const log = (uploads: number[], clickAt?: number) => [
    beacon('p', 'start', 1000),
    ...uploads.map(recording),
    beacon('p', 'choice', 1613, { choice: 'reject', prior: false, ...(clickAt !== undefined && { clickAt }) }),
    beacon('p', 'end', 4500),
  ];
  const truthFor = (uploads: number[], clickAt?: number) => {
    const [page] = pagesOf(log(uploads, clickAt), host);
    return { page, truth: truthOf(page as NonNullable<typeof page>, { banner: true }) };
  };
  const scored = (truth: Truth[], predicted: { rule: string; vendor: string }[]) => {
    const tallies = new Map<ScoredRule, Tally>();
    score(tallies, 'case', truth, predicted);
    return Object.fromEntries([...tallies].map(([rule, t]) => [rule, { tp: t.tp.length, fp: t.fp.length, fn: t.fn.length, edge: t.edge?.length ?? 0 }]));
  };

  it("dates the answer by the visitor's click, else by the consent manager's report", () => {
    expect(truthFor([1582], 1553).page?.choice?.at).toBe(1553);
    expect(truthFor([1582]).page?.choice?.at).toBe(1613);
  });

  it('takes an upload within EDGE_MS of the answer for either side: scored neither way, whichever the extension says', () => {
    const { truth } = truthFor([1582], 1553);
    expect(truth.filter((t) => t.edge).map((t) => t.rule)).toEqual(['replay-before-consent', 'replay-after-refusal']);
    const replay = (rule: string) => ({ rule, vendor: 'highlight' });
    expect(scored(truth, [replay('replay-after-refusal')])['replay-after-refusal']).toEqual({ tp: 0, fp: 0, fn: 0, edge: 1 });
    expect(scored(truth, [replay('replay-before-consent')])['replay-before-consent']).toEqual({ tp: 0, fp: 0, fn: 0, edge: 1 });
    expect(scored(truth, [])).toEqual({});
  });

  it('keeps an upload away from the answer on its side, and a firm fact wins over an edge one', () => {
    const after = truthFor([1582, 1553 + EDGE_MS + 200], 1553).truth;
    expect(after.find((t) => t.rule === 'replay-after-refusal')).toMatchObject({ vendor: 'highlight' });
    expect(after.find((t) => t.rule === 'replay-after-refusal')?.edge).toBeUndefined();
    expect(after.find((t) => t.rule === 'replay-before-consent')?.edge).toBe(true);
    expect(scored(after, [])['replay-after-refusal']).toEqual({ tp: 0, fp: 0, fn: 1, edge: 0 });
    const before = truthFor([1300], 1553).truth;
    expect(before.map((t) => `${t.rule}${t.edge ? ' (edge)' : ''}`)).toEqual(['replay-before-consent']);
  });

  it("makes the recorder's other data before the answer an edge fact too when its only recording is at the edge", () => {
    // CI (highlight-onload reject#1): the session start at 794 before any answer, the only recording upload at the edge.
    const start: LogEntry = {
      ...recording(1300),
      body: Buffer.from(JSON.stringify({ query: 'mutation initializeSession($session_secure_id: String!) { initializeSession }', variables: {} })),
    };
    const [page] = pagesOf([...log([1582], 1553).slice(0, 1), start, ...log([1582], 1553).slice(1)], host);
    const truth = truthOf(page as NonNullable<typeof page>, { banner: true });
    expect(truth.find((t) => t.rule === 'tracker-before-consent')).toMatchObject({ vendor: 'highlight', edge: true });
    // The extension placed the recording after the answer, so it reported the session start as a tracker's: not scored.
    expect(scored(truth, [{ rule: 'tracker-before-consent', vendor: 'highlight' }])['tracker-before-consent']).toEqual({ tp: 0, fp: 0, fn: 0, edge: 1 });
    // With a recording away from the answer before it, the start is folded into it as before.
    const [firm] = pagesOf([...log([1100, 1582], 1553).slice(0, 1), start, ...log([1100, 1582], 1553).slice(1)], host);
    expect(truthOf(firm as NonNullable<typeof firm>, { banner: true }).find((t) => t.rule === 'tracker-before-consent')).toMatchObject({
      foldedInto: 'replay-before-consent',
    });
  });
});

describe('precision oracle: what a vendor received', () => {
  it("reads a gzip stream sent as base64 in JSON (highlight.run's PushSessionEvents), and calls it recording", () => {
    const events = JSON.stringify({ events: { events: [{ type: 3, data: { source: 5, text: 'cnrytypedvalue' } }] } });
    const body = JSON.stringify({
      query: 'mutation PushSessionEvents($data: String!) { pushSessionEvents(data: $data) }',
      variables: { data: gzipSync(events).toString('base64') },
    });
    const texts = receivedTexts(Buffer.from(body));
    expect(texts.some((t) => t.includes('cnrytypedvalue'))).toBe(true);
    const highlight = VENDORS.find((v) => v.id === 'highlight');
    const entry: LogEntry = { host: 'pub.highlight.io', method: 'POST', path: '/', headers: {}, body: Buffer.from(body), at: 0 };
    expect(highlight?.recording(entry, () => texts)).toBe(true);
    const start = JSON.stringify({ query: 'mutation initializeSession($session_secure_id: String!) { initializeSession }', variables: {} });
    expect(highlight?.recording({ ...entry, body: Buffer.from(start) }, () => receivedTexts(Buffer.from(start)))).toBe(false);
  });
});

describe('precision oracle: scoring', () => {
  // Logged in CI (openreplay-onload reject#2): after the refusal the session start was delivered, and the recording
  // upload reached the server but was cut off in the browser, so the extension reported the start as a tracker's and
  // the recording as unverified.
  const truth: Truth[] = [
    { rule: 'replay-after-refusal', vendor: 'openreplay', why: 'recording' },
    { rule: 'tracker-after-refusal', vendor: 'openreplay', why: 'session start', foldedInto: 'replay-after-refusal' },
  ];
  const tallied = (predicted: { rule: string; vendor: string; unverified?: boolean }[]) => {
    const tallies = new Map<ScoredRule, Tally>();
    score(tallies, 'case', truth, predicted);
    return Object.fromEntries([...tallies].map(([rule, t]) => [rule, { tp: t.tp.length, fp: t.fp.length, fn: t.fn.length }]));
  };

  it("a recorder's other data folded into an unverified replay finding is a tracker's hit", () => {
    expect(
      tallied([
        { rule: 'replay-after-refusal', vendor: 'openreplay', unverified: true },
        { rule: 'tracker-after-refusal', vendor: 'openreplay' },
      ])['tracker-after-refusal'],
    ).toEqual({ tp: 1, fp: 0, fn: 0 });
  });

  it('folded into a proven replay finding, it is expected in no tracker finding', () => {
    const proven = tallied([{ rule: 'replay-after-refusal', vendor: 'openreplay' }]);
    expect(proven).toEqual({ 'replay-after-refusal': { tp: 1, fp: 0, fn: 0 } });
    const both = tallied([
      { rule: 'replay-after-refusal', vendor: 'openreplay' },
      { rule: 'tracker-after-refusal', vendor: 'openreplay' },
    ]);
    expect(both['tracker-after-refusal']).toEqual({ tp: 0, fp: 1, fn: 0 });
  });
});
