// One page of a batch, in its own tab of a shared browser: load, observe, act as a visitor or run the consent
// scenario, then export the extension's own report for that tab and no other. Expected failures are values.
import { actLikeVisitor, sendToExtension, whyNoReport, whyNot } from './trusted-input.mjs';

const CONSENT_SCENARIOS = ['reject', 'accept'];

/**
 * `shared` is the batch's: `lock` (see createLock), held to open a tab and, in Firefox, to give a page input, and `claimed`,
 * the tab ids of pages in progress. `stage(text)` is told what the page is doing, for the timeout's message.
 * `afterReport(page)`, when given, runs once the report is taken and before the tab closes (a crawl reads the page's
 * links there, so that nothing it does is in the report).
 * Returns `{ ok: true, report, next? }` (`next`: the reloaded page's report after reject / accept) or
 * `{ ok: false, error }`.
 */
export async function auditPage(session, url, { scenario, wait, loadTimeoutMs, shared, stage, onPage, afterReport }) {
  stage('opening a tab');
  // One tab opened at a time: Firefox's BiDi driver can lose a browsing context created while another is. A window
  // of its own keeps the page visible while others open (Firefox hides, and throttles, background tabs).
  const page = await shared.lock(() => session.newPage({ window: true }));
  onPage(page);
  let tabId;
  try {
    stage('loading');
    try {
      await session.goto(page, url, { timeout: loadTimeoutMs });
    } catch (error) {
      return { ok: false, error: `could not load: ${shortError(error)}` };
    }
    stage('observing');
    await sleep((scenario === 'observe' ? wait : 2) * 1000);
    stage('finding its tab');
    tabId = await claimTab(session, page, url, shared.claimed);
    if (typeof tabId !== 'number') return { ok: false, error: tabId.error };
    let visitIds = [];
    if (CONSENT_SCENARIOS.includes(scenario)) {
      stage(`running the ${scenario} scenario`);
      const run = await sendToExtension(session, { type: 'run-scenario', tabId, scenario, seconds: Math.max(1, wait) });
      if (!run?.ok) return { ok: false, error: `the ${scenario} scenario could not run: ${whyNot(run)}` };
      visitIds = run.visitIds;
    } else {
      // In Firefox, input goes to one page at a time: the visitor's steps bring the page to the front and hide it
      // behind a new tab, which opens in whichever window is current (and, as every tab, under the same lock).
      // Headless Chromium keeps every tab visible and sends input to a page by its own target: no lock needed.
      stage('acting as a visitor');
      const visitor = () => actLikeVisitor(session, page, tabId);
      await (session.kind === 'firefox' ? shared.lock(visitor) : visitor());
    }
    stage('reading the report');
    const first = await exportJson(session, tabId, visitIds[0]);
    if (!first.ok) return first;
    const next = visitIds[1] ? await exportJson(session, tabId, visitIds[1]) : undefined;
    if (afterReport) {
      stage('reading its links');
      await afterReport(page);
    }
    return { ok: true, report: first.report, ...(next?.ok && { next: next.report }) };
  } finally {
    if (typeof tabId === 'number') shared.claimed.delete(tabId);
    await Promise.race([page.close().catch(() => {}), sleep(5000)]);
  }
}

/**
 * A mutex: `lock(fn)` runs `fn` after every earlier call has settled, or held the lock for `maxHoldMs`: a page that
 * hangs in the browser never stalls the batch.
 */
export function createLock(maxHoldMs) {
  let tail = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = Promise.race([run.catch(() => {}), sleep(maxHoldMs)]);
    return run;
  };
}

async function exportJson(session, tabId, visitId) {
  const result = await sendToExtension(session, { type: 'export', format: 'json', tabId, ...(visitId && { visitId }) });
  if (!result?.ok) return { ok: false, error: `the extension ${whyNoReport(result)}` };
  return { ok: true, report: JSON.parse(result.content) };
}

/**
 * The extension's id for this page's tab: the one tab showing the page's final URL that no other page of the batch
 * holds. Never a prefix match, which would give a site's home page the tab of its login page.
 */
async function claimTab(session, page, url, claimed) {
  let finalUrl = url;
  try {
    finalUrl = page.url() || url;
  } catch {}
  const all = await listTabs(session);
  for (const target of [finalUrl, url]) {
    const ids = all.filter((t) => t.url === target && !claimed.has(t.id)).map((t) => t.id);
    if (ids.length === 1) {
      claimed.add(ids[0]);
      return ids[0];
    }
    if (ids.length > 1) return { error: `${ids.length} tabs show ${target}: the page's own tab is not known` };
  }
  return { error: `the browser has no tab for ${finalUrl}` };
}

function listTabs(session) {
  return session.evalInExtension(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    return (await api.tabs.query({})).map((t) => ({ id: t.id, url: t.url ?? '' }));
  });
}

function shortError(error) {
  return String(error?.message ?? error).split('\n')[0];
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
