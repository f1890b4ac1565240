import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestReport } from '@/lib/cli/browsers.mjs';
import type { Report } from '@/lib/report/types';
import schema from '@/lib/report/report.schema.json';
import { BROWSERS, foreignRequests, ROOT, sendToExtension, startSession } from './harness';

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
const SHOP = 'https://shop.example/';
const SHOP_HOSTS = ['shop.example', 'googletagmanager.com', 'google-analytics.com', 'facebook.net', 'facebook.com', 'hotjar.com', 'youtube.com'];
const OUT = path.join(ROOT, 'tests/e2e/out');

describe.each(BROWSERS)('capture in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let report: Report;
  let tabId: number;
  let page: Awaited<ReturnType<typeof env.visit>>['page'];

  beforeAll(async () => {
    env = await startSession(kind);
    ({ report, tabId, page } = await env.visit(SHOP, { settle: 3000 }));
  });
  afterAll(() => env?.close());

  it('produces a report that validates against the v1 schema', () => {
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.page).toMatchObject({ url: SHOP, site: 'shop.example', title: 'Demo Shop' });
    expect(report.browser.name).toBe(kind);
    expect(report.redacted).toBe(true);
  });

  it('records every request of every frame and type, with bodies', () => {
    const seen = (type: string, url: string) => report.requests.find((r) => r.type === type && r.url.startsWith(url));
    expect(seen('main_frame', SHOP)).toMatchObject({ status: 200, party: 'first', setCookieCount: 2 });
    expect(seen('script', 'https://www.googletagmanager.com/gtag/js')).toMatchObject({ party: 'third', site: 'googletagmanager.com' });
    expect(seen('script', 'https://connect.facebook.net/')).toBeDefined();
    expect(seen('script', 'https://static.hotjar.com/c/hotjar-3141592.js')).toBeDefined();
    expect(seen('stylesheet', 'https://shop.example/style.css')).toBeDefined();
    expect(seen('image', 'https://www.facebook.com/tr')).toBeDefined();
    expect(seen('sub_frame', 'https://www.youtube.com/embed/demo')).toBeDefined();
    expect(seen('websocket', 'wss://shop.example/live')).toBeDefined();
    // Chromium reports sendBeacon as `ping`, Firefox as `beacon`.
    expect(seen(kind === 'firefox' ? 'beacon' : 'ping', 'https://region1.google-analytics.com/g/collect')).toBeDefined();
    expect(seen(kind === 'firefox' ? 'beacon' : 'ping', 'https://www.youtube.com/api/stats/playback')?.frameId).not.toBe(0);
    expect(seen('xmlhttprequest', 'https://in.hotjar.com/api/v2/client/sites/3141592/visit-data')?.body?.size).toBe(73);
    expect(seen('xmlhttprequest', 'https://shop.example/api/track')?.body).toMatchObject({ size: 27, truncated: false });
    expect(report.summary.thirdPartySites).toEqual(expect.arrayContaining(['googletagmanager.com', 'hotjar.com', 'youtube.com', 'facebook.net']));
  });

  it('records what the page handed to fetch, XHR, sendBeacon and WebSocket, with the calling script', () => {
    const payload = (api: string, url: string) => report.payloads.find((p) => p.api === api && p.url.startsWith(url));
    expect(payload('fetch', 'https://in.hotjar.com/')).toMatchObject({
      source: 'probe',
      script: 'https://static.hotjar.com/c/hotjar-3141592.js?sv=6',
      body: { size: 73 },
    });
    expect(payload('beacon', 'https://region1.google-analytics.com/g/collect')?.script).toBe('https://www.googletagmanager.com/gtag/js?id=G-DEMO123');
    expect(payload('xhr', 'https://shop.example/api/xhr')?.body?.size).toBe(15);
    expect(payload('websocket', 'wss://shop.example/live')?.body?.size).toBe('hello from the shop'.length);
    expect(payload('beacon', 'https://www.youtube.com/api/stats/playback')?.frameUrl).toBe('https://www.youtube.com/embed/demo');
  });

  it('records cookies from headers, scripts and the cookie store, with the declared lifetime', () => {
    const cookie = (via: string, name: string) => report.cookies.find((c) => c.via === via && c.name === name);
    expect(cookie('header', 'session_id')).toMatchObject({ declaredLifetime: null, httpOnly: true, secure: true, sameSite: 'lax', party: 'first' });
    // Declared two years; browsers store at most 400 days, so the declaration comes from the header, not the store.
    expect(cookie('header', 'visitor_id')?.declaredLifetime).toBe(63_072_000);
    expect(cookie('store', 'visitor_id')?.declaredLifetime).toBeLessThanOrEqual(400 * 86_400);
    expect(cookie('script', '_ga')).toMatchObject({ declaredLifetime: 63_072_000, domain: 'shop.example', hostOnly: false, source: 'probe' });
    expect(cookie('script', '_ga_DEMO123')).toBeDefined();
    expect(cookie('script', '_fbp')?.declaredLifetime).toBe(7_776_000);
    expect(cookie('script', '_hjSessionUser_3141592')?.declaredLifetime).toBe(31_536_000);
    expect(cookie('script', '_hjSession_3141592')?.declaredLifetime).toBe(1800);
    expect(cookie('store', '_ga')).toMatchObject({ source: 'network', party: 'first' });
    expect(cookie('header', 'VISITOR_INFO1_LIVE')).toMatchObject({ party: 'third', domain: 'youtube.com', declaredLifetime: 15_552_000 });
    expect(report.cookies.every((c) => c.value === '[redacted]')).toBe(true);
  });

  it('records localStorage, sessionStorage and IndexedDB, keyed by frame origin', () => {
    const storage = (area: string, key: string, source?: string) =>
      report.storage.find((s) => s.area === area && s.key === key && (!source || s.source === source));
    expect(storage('localStorage', 'cart', 'probe')).toMatchObject({ origin: 'https://shop.example', action: 'set', script: SHOP });
    expect(storage('localStorage', 'cart', 'snapshot')).toMatchObject({ action: 'present' });
    expect(storage('sessionStorage', 'checkout-step')).toBeDefined();
    expect(storage('indexedDB', 'shop-db')).toMatchObject({ origin: 'https://shop.example' });
    expect(storage('localStorage', '_hjLocalStorageTest', 'probe')?.script).toBe('https://static.hotjar.com/c/hotjar-3141592.js?sv=6');
    expect(report.storage.find((s) => s.key === '_hjLocalStorageTest' && s.action === 'remove')).toBeDefined();
  });

  it('lists the well-known globals the page defines', () => {
    expect(report.globals.map((g) => g.name)).toEqual(expect.arrayContaining(['gtag', 'dataLayer', 'fbq', 'hj', '_hjSettings']));
  });

  it("classifies vendors and reports the demo shop's consent problems as findings", () => {
    expect(report.vendors.map((v) => v.id)).toEqual(expect.arrayContaining(['google-analytics', 'meta-pixel', 'hotjar', 'google-tag-manager']));
    expect(report.requests.find((r) => r.url.startsWith('https://in.hotjar.com/'))?.vendor).toBe('hotjar');
    expect(report.cookies.find((c) => c.name === '_ga')?.vendor).toBe('google-analytics');
    const rules = report.findings.map((f) => `${f.rule}:${f.vendor?.id ?? ''}:${f.severity}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'replay-before-consent:hotjar:critical',
        'tracker-before-consent:meta-pixel:high',
        'tracker-before-consent:google-analytics:medium',
        'cookie-before-consent:google-analytics:medium',
        'cookie-lifetime-over-13-months:google-analytics:low',
        'no-consent-mechanism::high',
      ]),
    );
    expect(report.findings.every((f) => f.phase === 'no-cmp' && f.references.length > 0 && f.fix.length > 0)).toBe(true);
  });

  it('keeps every record marked with its source', () => {
    expect(report.requests.every((r) => r.source === 'network')).toBe(true);
    expect(report.payloads.every((p) => p.source === 'probe')).toBe(true);
    expect(report.storage.every((s) => s.source === 'probe' || s.source === 'snapshot')).toBe(true);
  });

  it('shows the same evidence in the popup', async () => {
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitForSelector('[data-testid="count-requests"]', { timeout: 10_000 });
    const counts = await popup.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('[data-testid^="count-"]')].map((e) => [e.getAttribute('data-testid'), Number(e.textContent)])),
    );
    // The page keeps going after the report was taken (favicon, late beacons), so the popup may show more.
    expect(counts['count-requests']).toBeGreaterThanOrEqual(report.summary.requests);
    expect(counts['count-cookies']).toBeGreaterThanOrEqual(report.summary.cookies);
    expect(counts['count-storage']).toBeGreaterThanOrEqual(report.summary.storage);
    const findings = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="findings"] summary')].map((s) => s.textContent ?? ''));
    expect(findings.some((f) => f.includes('Hotjar') && f.includes('critical'))).toBe(true);
    expect(await popup.evaluate(() => document.querySelector('[data-testid="verdict"]')?.textContent ?? '')).toMatch(/\d+ findings, \d+ critical or high\./);
    await popup.evaluate(() => {
      const tab = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent?.startsWith('Requests'));
      tab?.click();
    });
    await popup.waitForSelector('[data-testid="requests"]', { timeout: 5000 });
    const rows = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="requests"] tbody tr')].map((r) => r.textContent ?? ''));
    expect(rows.some((r) => r.includes('https://static.hotjar.com/c/hotjar-3141592.js'))).toBe(true);
    mkdirSync(OUT, { recursive: true });
    await popup.screenshot({ path: path.join(OUT, `popup-${kind}.png`) });
    await popup.close();
  });

  it('starts a new visit on reload and keeps the old one in history', async () => {
    await env.session.goto(page, SHOP);
    // Firefox delivers webRequest events to the extension's process on their own path: under load, the reload's
    // main_frame request (which starts the new visit) was once seen after its page's load event (CI, Firefox ESR).
    let again: { report: Report } | undefined;
    await expect
      .poll(
        async () => {
          again = (await requestReport(env.session, tabId)) as { report: Report };
          return again.report.visit.id;
        },
        { timeout: 5000 },
      )
      .not.toBe(report.visit.id);
    expect(again?.report.requests[0]).toMatchObject({ type: 'main_frame', url: SHOP, t: 0 });
    const visits = await sendToExtension(env.session, { type: 'list-visits' });
    expect((visits as { id: string }[]).map((v) => v.id)).toEqual(expect.arrayContaining([report.visit.id, again?.report.visit.id]));
  });

  it('makes no network request of its own', () => {
    expect(foreignRequests(env.server.log, SHOP_HOSTS)).toEqual([]);
  });
});
