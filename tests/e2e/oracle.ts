import { receivedTexts } from './collector';

// The precision suite's oracle: what each vendor really received, read from the fixture server's request log and the
// fixture pages' own reporter (tests/fixtures/sites/precision-lab.example/oracle.js, test scaffolding), without any
// code of the extension. It knows the vendors of the corpus by their hosts and by what their SDKs are documented to
// send; that table is the test's own, written from the SDKs' sources and docs, not the extension's database.
//
// What counts, per page instance (one document load) and vendor V:
// - V received DATA: any request to V's hosts other than loading code or configuration. Loading is a GET (or HEAD)
//   whose Sec-Fetch-Dest is script, style, font or worker (whatever its query: a tag id is not a visitor's data), a
//   documented configuration GET that carries no visitor identifier (V.config), or a GET without a query string
//   (a static file). Everything else is data: POST/PUT bodies, beacons, WebSocket messages, GET pixels and fetches with
//   parameters. CORS preflights (OPTIONS) carry nothing and are ignored.
// - V's RECORDING: data to V's session-recording endpoint (V.recording).
// - V STORED AN IDENTIFIER: a cookie of V's (V.idCookies) whose value holds an id, seen by the page's reporter in
//   document.cookie at the moment of the choice (or at the end of a page where nobody answered).
// - The phase of a request is its arrival at the server (or its sending, where the page saw it) relative to the
//   visitor's answer: the click on the banner that the consent manager then reported as the answer (oracle.js notes
//   the page's last click), else the report itself; on a page where the consent manager reported a stored answer at
//   load (prior), every request is after that answer. A request within EDGE_MS of a fresh answer is on either side
//   (Truth.edge): the clocks cannot tell, so it is scored neither way.
// Rules (the extension's rule ids) as the truth:
//   tracker-before-consent  V received data before any answer (a V.replayOnly recorder: only if it recorded nothing then)
//   tracker-after-refusal   V received data after a refusal (a V.replayOnly recorder: likewise)
//   cookie-before-consent   V stored an identifier cookie before any answer
//   replay-before-consent   V received recording data before any answer
//   replay-after-refusal    V received recording data after a refusal
//   replay-unmasked-input   a value typed into a field (the reporter's record) is in V's recording data
//   form-data-leak          a typed value is in V's other data
//   pii-in-url              an e-mail address or a typed value is in the URL of a request V received
//   no-consent-mechanism    the page has no banner at all and some vendor received data or stored an identifier
//   vendor-loaded-only      V's code loaded, and V received no data and stored no identifier (an info note at most)

/** The fixture consent managers' own cookies (vanilla-cookieconsent, Klaro): a stored answer. */
const CONSENT_COOKIES = /^(cc_cookie|klaro)$/;

export interface LogEntry {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  at: number;
}

export interface Snapshot {
  cookies: Record<string, string>;
  local: Record<string, string>;
  session: Record<string, string>;
}

export interface PageInstance {
  page: string;
  start: number;
  /** The jar when the page's first script ran. */
  startCookies: Record<string, string>;
  choice?: { at: number; choice: 'accept' | 'reject'; prior: boolean } & Snapshot;
  /** At pagehide: the jar and storage, what was typed, and the cookies the page wrote (name → last value). */
  /** `at`: the beacon's arrival; `clientAt`: the pagehide, by the page's clock (the machine's). */
  end?: Snapshot & { at: number; clientAt?: number; typed: Record<string, string>; written: Record<string, string> };
  /** When the page itself sent each of its requests (oracle.js), by the page's clock; absent for those it did not see. */
  sentAt?: Map<LogEntry, number>;
  /** When the page made its first Web Worker, by the page's clock (oracle.js). */
  firstWorker?: number;
  /** Requests of this page instance to vendor hosts (any host but the site's own). */
  requests: LogEntry[];
}

export interface OracleVendor {
  id: string;
  hosts: RegExp;
  /**
   * Session recorders (nothing but a recorder): judged by the replay rules where they recorded; their other data (a
   * session start) only where they recorded nothing in that phase.
   */
  replayOnly?: boolean;
  /** Its code on a shared public CDN (host + path): the vendor's, though the host is not. */
  code?: RegExp;
  /** Documented configuration GETs (host + path): loading, not data. */
  config?: RegExp[];
  recording(entry: LogEntry, texts: () => string[]): boolean;
  /** Cookie names of V that hold an identifier, and how an id looks in the value. */
  idCookies: { name: RegExp; value?: RegExp }[];
}

export const VENDORS: OracleVendor[] = [
  {
    id: 'posthog',
    hosts: /(^|\.)posthog\.com$/,
    config: [/^[a-z-]+-assets\.i\.posthog\.com\/array\/[^/]+\/config(\.js)?$/],
    recording: (e) => /^\/s\/?(\?|$)/.test(e.path),
    idCookies: [{ name: /^ph_.+_posthog$/, value: /distinct_id/ }],
  },
  {
    id: 'mixpanel-session-replay',
    hosts: /(^|\.)(mixpanel\.com|mxpnl\.com)$/,
    recording: (e) => /^\/record\/?(\?|$)/.test(e.path),
    idCookies: [{ name: /^mp_.+_mixpanel$/, value: /distinct_id|device_id/ }],
  },
  {
    id: 'datadog-rum',
    hosts: /(^|\.)(datadoghq-browser-agent\.com|browser-intake-datadoghq\.com|datadoghq\.com)$/,
    recording: (e) => /^\/api\/v2\/replay(\?|$)/.test(e.path),
    idCookies: [{ name: /^_dd_s(_v2)?$/, value: /(^|&)id=[0-9a-f-]{8,}/ }],
  },
  {
    id: 'microsoft-clarity',
    hosts: /(^|\.)clarity\.ms$/,
    replayOnly: true,
    recording: (e) => /\/collect(\?|$)/.test(e.path),
    idCookies: [{ name: /^_clck$/ }, { name: /^_clsk$/ }],
  },
  {
    id: 'amplitude-session-replay',
    hosts: /(^|\.)amplitude\.com$/,
    // The Session Replay client config names the project (API key) and no visitor.
    config: [/^sr-client-cfg\.amplitude\.com\/config\//],
    recording: (e) => e.host.startsWith('api-sr.'),
    idCookies: [{ name: /^AMP_(?!MKTG_)/, value: /.{20}/ }],
  },
  {
    id: 'newrelic-session-replay',
    hosts: /(^|\.)(nr-data\.net|newrelic\.com)$/,
    recording: (e) => /^\/browser\/blobs(\?|$)/.test(e.path),
    idCookies: [],
  },
  {
    id: 'openreplay',
    hosts: /(^|\.)openreplay\.com$/,
    replayOnly: true,
    // The session start (POST /v1/web/start) carries the visitor's device and page; the batches are the recording.
    recording: (e) => /\/v1\/web\/i(\?|$)/.test(e.path),
    idCookies: [],
  },
  {
    id: 'highlight',
    hosts: /(^|\.)highlight\.(io|run)$/,
    code: /^cdn\.jsdelivr\.net\/npm\/highlight\.run@/,
    replayOnly: true,
    // GraphQL at pub.highlight.io: initializeSession starts the session (device, page, configuration);
    // PushSessionEvents carries the recording (rrweb events, gzip in base64), and PushPayload in older clients.
    recording: (_e, texts) => texts().some((t) => /mutation Push(SessionEvents|Payload)\b/.test(t)),
    idCookies: [],
  },
  {
    id: 'launchdarkly-observability',
    // The session-replay plugin (highlight.run's recorder) sends the same GraphQL to its own endpoint; the client SDK's
    // flag and event hosts (app, events.launchdarkly.com) are feature flags, no vendor of the database. Like Sentry, an
    // observability product with replay as one plugin, not replay only: its session start is data in its own right.
    hosts: /(^|\.)observability\.app\.launchdarkly\.com$/,
    code: /^cdn\.jsdelivr\.net\/npm\/@launchdarkly\/(session-replay|observability)@/,
    recording: (_e, texts) => texts().some((t) => /mutation Push(SessionEvents|Payload)\b/.test(t)),
    idCookies: [],
  },
  {
    id: 'sentry-replay',
    hosts: /(^|\.)(sentry\.io|sentry-cdn\.com)$/,
    recording: (_e, texts) => texts().some((t) => t.includes('"type":"replay_recording"')),
    idCookies: [],
  },
];

export const RULES = [
  'tracker-before-consent',
  'tracker-after-refusal',
  'cookie-before-consent',
  'replay-before-consent',
  'replay-after-refusal',
  'replay-unmasked-input',
  'form-data-leak',
  'pii-in-url',
  'no-consent-mechanism',
  'vendor-loaded-only',
] as const;
export type ScoredRule = (typeof RULES)[number];

/** One (rule, vendor) pair of one page instance, and why it holds. `vendor` is '*' for no-consent-mechanism. */
export interface Truth {
  rule: ScoredRule;
  vendor: string;
  why: string;
  /**
   * A recorder's other data (OpenReplay's session start) in a phase where it also recorded: a true fact that the
   * extension folds into the replay finding, so expected only where the extension's replay finding for that phase is
   * unverified (then the delivered other data is the proven part, reported as a tracker's).
   */
  foldedInto?: ScoredRule;
  /**
   * Rests only on data sent within EDGE_MS of the visitor's answer, which the clocks cannot place on one side of it:
   * a finding of it is no false alarm, and its absence no miss (the same data stands for the other phase's rule too).
   */
  edge?: true;
}

/**
 * How far from the answer a request's side of it is uncertain. The answer is dated by the click (the page's clock in
 * the page, the extension's in its content script), a request by its arrival at the server or its sending by the
 * page (or, in the extension, by the browser's webRequest time): these disagreed by up to 60 ms in CI for a
 * recorder's upload from its own worker (highlight-onload and launchdarkly-onload reject#1, Chromium).
 */
export const EDGE_MS = 100;

/** The site a request came from: its Origin, else its Referer (the fixture hosts are unique per run). */
export function siteOf(entry: LogEntry): string | undefined {
  for (const header of [entry.headers.origin, entry.headers.referer]) {
    const value = String(header ?? '');
    if (!value || value === 'null') continue;
    try {
      return new URL(value).hostname;
    } catch {
      // Not a URL.
    }
  }
  return undefined;
}

/** The page id the reporter put in the page's URL (pi=), as the request's Referer carries it. */
export function pageIdOf(entry: LogEntry): string | undefined {
  try {
    return new URL(String(entry.headers.referer ?? '')).searchParams.get('pi') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The page instances of one fixture host, in load order, from the reporter's events. A vendor request goes to the
 * page its Referer names (pi=, see oracle.js); one without (sent before the reporter named the page, or with a
 * stricter referrer policy of its own) to the page that had started last when it arrived.
 */
export function pagesOf(log: readonly LogEntry[], host: string): PageInstance[] {
  const pages: PageInstance[] = [];
  const byId = new Map<string, PageInstance>();
  const sentBy = new Map<PageInstance, [string, string, number][]>();
  const events = log
    .filter((e) => e.host === host && e.method === 'POST' && e.path === '/__oracle')
    .map((e): Record<string, unknown> & { at: number } => ({ ...(JSON.parse(e.body.toString('utf8')) as Record<string, unknown>), at: e.at }));
  for (const ev of events) {
    const id = String(ev.page);
    let page = byId.get(id);
    if (ev.event === 'start' || !page) {
      page ??= { page: id, start: ev.at, startCookies: (ev.cookies ?? {}) as Record<string, string>, requests: [] };
      byId.set(id, page);
      if (!pages.includes(page)) pages.push(page);
    }
    const snap = (): Snapshot => ({
      cookies: (ev.cookies ?? {}) as Record<string, string>,
      local: (ev.local ?? {}) as Record<string, string>,
      session: (ev.session ?? {}) as Record<string, string>,
    });
    if (ev.event === 'choice' && !page.choice)
      page.choice = {
        at: Math.min(ev.at, ...[ev.clientAt, ev.clickAt].filter((t): t is number => typeof t === 'number')),
        choice: ev.choice === 'accept' ? 'accept' : 'reject',
        prior: ev.prior === true,
        ...snap(),
      };
    // The sends the page saw itself make: those until its pagehide ("end"), then its SDKs' last flush ("late").
    const sent = Array.isArray(ev.sent) ? (ev.sent as [string, string, number][]) : [];
    if (ev.event === 'end') {
      page.end = {
        at: ev.at,
        ...(typeof ev.clientAt === 'number' && { clientAt: ev.clientAt }),
        typed: (ev.typed ?? {}) as Record<string, string>,
        written: (ev.written ?? {}) as Record<string, string>,
        ...snap(),
      };
      sentBy.set(page, [...sent, ...(sentBy.get(page) ?? [])]);
    }
    if (ev.event === 'late') sentBy.set(page, [...(sentBy.get(page) ?? []), ...sent]);
    if (ev.event === 'worker' && page.firstWorker === undefined) page.firstWorker = typeof ev.clientAt === 'number' ? ev.clientAt : ev.at;
  }
  pages.sort((a, b) => a.start - b.start);
  // A page left before its consent manager reported the stored answer (a reload observed briefly on a loaded machine)
  // still had that answer from its start: its consent cookie was in the jar, and an earlier page of the host answered.
  for (const [i, page] of pages.entries()) {
    if (page.choice || !Object.keys(page.startCookies).some((name) => CONSENT_COOKIES.test(name))) continue;
    const earlier = pages
      .slice(0, i)
      .reverse()
      .find((p) => p.choice);
    if (earlier?.choice) page.choice = { at: page.start, choice: earlier.choice.choice, prior: true, cookies: page.startCookies, local: {}, session: {} };
  }
  // What each page saw itself send (oracle.js), by method and URL, oldest first: the surest owner of a request. A
  // Referer can name the wrong page (Firefox trims it to the origin on cross-site requests, and sends a reloaded
  // page's fetches with the URL it was loaded from); the Referer and the time remain for what no page saw itself send
  // (a pixel, a worker's request, a flush the closing tab cut before "unload").
  const sends = new Map<string, { page: PageInstance; at: number }[]>();
  for (const page of pages) {
    page.sentAt = new Map();
    for (const [method, url, at] of sentBy.get(page) ?? []) sends.set(`${method} ${url}`, [...(sends.get(`${method} ${url}`) ?? []), { page, at }]);
  }
  for (const list of sends.values()) list.sort((a, b) => a.at - b.at);
  for (const entry of log) {
    if (entry.host === host || siteOf(entry) !== host) continue;
    const candidates = sends.get(`${entry.method} ${`${entry.host}${entry.path}`.slice(0, 150)}`);
    // The last send before it arrived (the page's clock and the server's are the machine's; 50 ms of slack for
    // rounding): an earlier send of the same URL may never have arrived (cut off by the reload).
    const sent = candidates?.findLastIndex((c) => c.at <= entry.at + 50) ?? -1;
    if (candidates && sent >= 0) {
      const [{ page, at }] = candidates.splice(sent, 1) as [{ page: PageInstance; at: number }];
      page.sentAt?.set(entry, at);
      page.requests.push(entry);
      continue;
    }
    const named = pageIdOf(entry);
    // Before the host's first page said "start" (its script loads can beat that beacon), only that page existed.
    const latest = pages.filter((p) => p.start <= entry.at).at(-1) ?? pages[0];
    let owner = (named && byId.get(named)) || latest;
    // A reload's first requests (the parser's preloads) still carry the previous page's id in their Referer, as the
    // URL names it until the new page's oracle rewrites it. An ended page loads no more code: a GET of code after its
    // end, once a later page started, is the later page's. Data sent then is the ended page's last flush.
    // The later page's own "start" may reach the server after its first loads (both leave as the page starts; in
    // Firefox a script load can beat the beacon by a few ms): then the code is the next page's all the same.
    const vendor = vendorOf(entry);
    if (owner?.end && entry.at > owner.end.at && vendor && !isData(entry, vendor)) {
      const next = latest && latest !== owner && latest.start > owner.start ? latest : pages[pages.indexOf(owner) + 1];
      if (next) owner = next;
    }
    // Data that names no page (an unload flush sent without a Referer) and reaches the server after the previous page
    // ended but before this page fetched any of its vendor's code is the previous page's last flush: this page's copy
    // of the SDK was not there yet to send it.
    const current = owner;
    if (!named && current && vendor && isData(entry, vendor)) {
      const before = pages[pages.indexOf(current) - 1];
      // This page's own load of that code counts even when it reached the server before the page's "start" beacon (a
      // script load can beat it by 100 ms; Firefox trims its Referer to the origin): any load of the vendor's code
      // after the page before was left (its pagehide, by its clock: its "end" beacon may arrive later still) is this
      // page's, as a page being left loads no more code. Else this page's first uploads went to the page before.
      const since = Math.min(current.start, before?.end?.clientAt ?? before?.end?.at ?? current.start);
      const codeFirst = log.find(
        (e) => (e.at >= since || pageIdOf(e) === current.page) && e.at <= entry.at && vendorOf(e) === vendor && !isData(e, vendor) && siteOf(e) === host,
      );
      if (before?.end && before.end.at <= entry.at && !codeFirst) owner = before;
      // No page saw itself send it, so a worker did (or the browser): not this page's worker if it had none yet, and
      // the page before had one (its last upload, started by its pagehide as this page began).
      if (
        owner === current &&
        before?.firstWorker !== undefined &&
        before.firstWorker <= entry.at &&
        !(current.firstWorker !== undefined && current.firstWorker <= entry.at)
      )
        owner = before;
    }
    owner?.requests.push(entry);
  }
  for (const page of pages) page.requests.sort((a, b) => a.at - b.at);
  return pages;
}

/** Vendor requests the oracle cannot give to any page (no Origin, no Referer): reported, never silently dropped. */
export function unattributed(log: readonly LogEntry[]): LogEntry[] {
  return log.filter((e) => vendorOf(e) && e.method !== 'OPTIONS' && siteOf(e) === undefined);
}

export function vendorOf({ host, path }: Pick<LogEntry, 'host' | 'path'>): OracleVendor | undefined {
  return VENDORS.find((v) => v.hosts.test(host) || v.code?.test(`${host}${path}`));
}

/** Whether a request gave its vendor data (see the header), rather than loading code or configuration. */
export function isData(entry: LogEntry, vendor: OracleVendor): boolean {
  if (entry.method === 'OPTIONS' || entry.method === 'HEAD') return false;
  if (entry.method === 'WS') return entry.body.length > 0;
  const hasQuery = entry.path.includes('?') && !entry.path.endsWith('?');
  if (entry.method !== 'GET') return entry.body.length > 0 || hasQuery;
  const dest = String(entry.headers['sec-fetch-dest'] ?? '');
  if (['script', 'style', 'font', 'worker', 'sharedworker'].includes(dest)) return false;
  const bare = entry.path.split('?')[0] ?? '';
  if (vendor.config?.some((re) => re.test(`${entry.host}${bare}`)) && !/[?&](device_?id|distinct_?id|session_?id|user_?id|uuid)=/i.test(entry.path))
    return false;
  return hasQuery;
}

const EMAIL = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}/i;

/** The truth for one page instance. `banner`: the page shows a consent banner (of a known CMP or not). */
export function truthOf(page: PageInstance, { banner }: { banner: boolean }): Truth[] {
  const out = new Map<string, Truth>();
  const add = (rule: ScoredRule, vendor: string, why: string, foldedInto?: ScoredRule, edge = false) => {
    const key = `${rule}|${vendor}`;
    // A fact on data away from the answer replaces one on data at its edge.
    if (!out.has(key) || (out.get(key)?.edge && !edge))
      out.set(key, { rule, vendor, why, ...(foldedInto && { foldedInto }), ...(edge && { edge: true as const }) });
  };
  const choice = page.choice;
  const phaseOf = (at: number): 'before' | 'accept' | 'reject' => {
    if (!choice) return 'before';
    if (choice.prior || at >= choice.at) return choice.choice;
    return 'before';
  };
  // Cookies present before any answer: at the answer, or at the end when nobody answered; none when it was stored.
  const before = choice ? (choice.prior ? {} : choice.cookies) : (page.end?.cookies ?? {});
  const typed = Object.entries(page.end?.typed ?? {}).filter(([, v]) => v.length >= 6);
  const processed = new Set<string>();
  const loaded = new Set<string>();
  /** Data other than the recording that a recorder (replayOnly) received: judged once its recordings are known. */
  const otherData: { vendor: string; phase: 'before' | 'reject'; what: string; edge: boolean }[] = [];

  for (const v of VENDORS) {
    for (const [name, value] of Object.entries(before)) {
      const id = v.idCookies.find((c) => c.name.test(name) && (!c.value || c.value.test(decodeSafe(value))));
      if (id) {
        add('cookie-before-consent', v.id, `cookie ${name} before the answer`);
        processed.add(v.id);
      }
    }
  }
  for (const entry of page.requests) {
    const v = vendorOf(entry);
    if (!v) continue;
    loaded.add(v.id);
    if (!isData(entry, v)) continue;
    processed.add(v.id);
    // Dated when the page sent it, where the page saw it go (the answer is dated by the page's clock too). Within
    // EDGE_MS of a fresh answer it may be on either side: it stands for both, as an edge fact.
    const sent = Math.min(entry.at, page.sentAt?.get(entry) ?? entry.at);
    const edge = !!choice && !choice.prior && Math.abs(sent - choice.at) <= EDGE_MS;
    const what = `${entry.method} ${entry.host}${entry.path.slice(0, 60)}`;
    let cache: string[] | undefined;
    const texts = () => {
      cache ??= [decodeSafe(entry.path), ...receivedTexts(entry.body)];
      return cache;
    };
    const recording = v.recording(entry, texts);
    for (const phase of edge && choice ? (['before', choice.choice] as const) : [phaseOf(sent)]) {
      if (phase === 'before' && !v.replayOnly) add('tracker-before-consent', v.id, what, undefined, edge);
      if (phase === 'reject' && !v.replayOnly) add('tracker-after-refusal', v.id, what, undefined, edge);
      if (v.replayOnly && !recording && (phase === 'before' || phase === 'reject')) otherData.push({ vendor: v.id, phase, what, edge });
      if (recording && phase === 'before') add('replay-before-consent', v.id, what, undefined, edge);
      if (recording && phase === 'reject') add('replay-after-refusal', v.id, what, undefined, edge);
    }
    const url = decodeSafe(entry.path);
    if (EMAIL.test(url)) add('pii-in-url', v.id, `${what}: an e-mail address in the URL`);
    for (const [field, value] of typed) {
      const probe = value.slice(0, 10);
      if (url.includes(probe)) add('pii-in-url', v.id, `${what}: typed ${field} in the URL`);
      if (texts().some((t) => t.includes(probe))) add(recording ? 'replay-unmasked-input' : 'form-data-leak', v.id, `${what}: typed ${field}`);
    }
  }
  // A recorder's other data (OpenReplay's session start) in a phase where it recorded nothing is a tracker's: where it
  // recorded, the recording is the finding, and the other data is folded into it (see Truth.foldedInto).
  // Where the phase's only recording is at the answer's edge, whether it recorded then is itself uncertain: so is the
  // other data's finding.
  for (const { vendor, phase, what, edge } of otherData) {
    const replay = phase === 'before' ? 'replay-before-consent' : 'replay-after-refusal';
    const recorded = out.get(`${replay}|${vendor}`);
    const folded = recorded && !recorded.edge ? replay : undefined;
    add(phase === 'before' ? 'tracker-before-consent' : 'tracker-after-refusal', vendor, what, folded, edge || recorded?.edge === true);
  }
  // An identifier cookie of V written on this page and still in the jar at its end: rewritten through document.cookie
  // or the Cookie Store (with the same value too: a write is storage), or new or changed since the page started. V
  // stored an identifier on this page, which is more than loading.
  for (const v of VENDORS) {
    if (!loaded.has(v.id)) continue;
    const written = page.end?.written ?? {};
    for (const [name, value] of Object.entries(page.end?.cookies ?? {})) {
      if (!(name in written) && page.startCookies[name] === value) continue;
      if (v.idCookies.some((c) => c.name.test(name) && (!c.value || c.value.test(decodeSafe(value))))) processed.add(v.id);
    }
  }
  for (const id of loaded) if (!processed.has(id)) add('vendor-loaded-only', id, 'loaded, received no data, stored no identifier');
  if (!banner && processed.size) add('no-consent-mechanism', '*', `no banner; processed by ${[...processed].join(', ')}`);
  return [...out.values()];
}

/** The vendors that received data on this page after an acceptance (fresh or stored): the correct set-ups' proof of life. */
export function sentAfterAcceptance(page: PageInstance): string[] {
  if (page.choice?.choice !== 'accept') return [];
  const at = page.choice.prior ? 0 : page.choice.at;
  const ids = page.requests
    .filter((e) => e.at >= at)
    .flatMap((e) => {
      const v = vendorOf(e);
      return v && isData(e, v) ? [v.id] : [];
    });
  return [...new Set(ids)];
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export interface Tally {
  tp: string[];
  fp: string[];
  fn: string[];
  /**
   * Findings the extension itself marks unverified (a recording upload cut off before any response, whose arrival it
   * cannot know): abstentions, neither a hit nor a false alarm, and no miss where the vendor did receive it. Each is
   * listed with what the vendor received.
   */
  unverified?: string[];
  /** Findings on data at the edge of the answer (Truth.edge): not scored, listed. */
  edge?: string[];
}

/** Adds one page instance's comparison to the per-rule tallies; `label` names the case, scenario and visit. */
export function score(
  tallies: Map<ScoredRule, Tally>,
  label: string,
  truth: readonly Truth[],
  predicted: readonly { rule: string; vendor: string; unverified?: boolean }[],
): void {
  const scored = new Set<string>(RULES);
  const key = (p: { rule: string; vendor: string }) => `${p.rule}|${p.vendor}`;
  const inScope = predicted.filter((p) => scored.has(p.rule));
  const got = new Set(inScope.filter((p) => !p.unverified).map(key));
  const abstained = new Set(inScope.filter((p) => p.unverified).map(key));
  // Folded other data counts only where the replay finding it folds into was unverified (an abstention).
  const counts = (t: Truth) => !t.foldedInto || (abstained.has(`${t.foldedInto}|${t.vendor}`) && !got.has(`${t.foldedInto}|${t.vendor}`));
  const want = new Map(truth.filter((t) => counts(t) && !t.edge).map((t) => [`${t.rule}|${t.vendor}`, t]));
  // Facts at the edge of the answer (Truth.edge): neither a hit, nor a false alarm, nor a miss.
  const edge = new Set(truth.filter((t) => t.edge).map((t) => `${t.rule}|${t.vendor}`));
  const tally = (rule: string) => {
    const r = rule as ScoredRule;
    if (!tallies.has(r)) tallies.set(r, { tp: [], fp: [], fn: [] });
    return tallies.get(r) as Tally;
  };
  for (const k of got) {
    const [rule = '', vendor = ''] = k.split('|');
    if (want.has(k)) tally(rule).tp.push(`${label} ${vendor}`);
    else if (edge.has(k)) (tally(rule).edge ??= []).push(`${label} ${vendor}`);
    else tally(rule).fp.push(`${label} ${vendor}`);
  }
  for (const k of abstained) {
    if (got.has(k)) continue;
    const [rule = '', vendor = ''] = k.split('|');
    const t = tally(rule);
    (t.unverified ??= []).push(`${label} ${vendor} (vendor ${want.has(k) ? 'received it' : 'received nothing'})`);
  }
  for (const [k, t] of want) if (!got.has(k) && !abstained.has(k)) tally(t.rule).fn.push(`${label} ${t.vendor} (${t.why})`);
}

export function ratios(t: Tally): { precision: number; recall: number; support: number } {
  const support = t.tp.length + t.fn.length;
  return {
    precision: t.tp.length + t.fp.length ? t.tp.length / (t.tp.length + t.fp.length) : 1,
    recall: support ? t.tp.length / support : 1,
    support,
  };
}
