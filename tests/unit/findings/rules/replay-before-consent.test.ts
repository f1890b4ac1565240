import { gzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/replay-before-consent';
import { PAGE_WORKER_GLOBAL } from '@/lib/model';
import { CMP_ACCEPTED_AT_1000, cookie, request, scanOf, scanWithBodies } from '../../../fixtures/evidence';

const body = (text: string) => ({ bytes: new TextEncoder().encode(text), size: text.length, truncated: false, form: 'raw' as const });

describe('replay-before-consent', () => {
  it('is critical when the recorder sends recordings before the choice', () => {
    const findings = rule.check(
      scanOf([
        request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' }),
        request('https://in.hotjar.com/api/v2/client/sites/1/visit-data', 300, { method: 'POST' }),
      ]),
    );
    expect(findings).toMatchObject([
      { severity: 'critical', vendor: { id: 'hotjar' }, phase: 'no-cmp', evidence: { times: [100, 300], details: { recording: true, via: 'ingest' } } },
    ]);
  });

  it('does not fire when the recorder only loaded, or stored identifiers without recording (other rules say so)', () => {
    expect(rule.check(scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' })]))).toEqual([]);
    expect(rule.check(scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 100), cookie('_hjSessionUser_1', 200)]))).toEqual([]);
  });

  it('does not take an analytics SDK without its replay module for a recorder', () => {
    const base = [
      request('https://us-assets.i.posthog.com/static/array.js', 100),
      request('https://us.i.posthog.com/e/?ip=1', 300, {
        method: 'POST',
        type: 'xmlhttprequest',
        body: { bytes: new Uint8Array([1, 2]), size: 2, truncated: false, form: 'raw' },
      }),
    ];
    const scan = scanOf(base);
    expect(scan.recorders).toEqual([]);
    expect(rule.check(scan)).toEqual([]);
  });

  // LaunchDarkly's session replay is highlight.run's client with its own endpoint (@launchdarkly/session-replay 1.1.23).
  it.each([
    ['highlight', 'https://pub.highlight.io/', 'https://cdn.jsdelivr.net/npm/highlight.run@10.7.5/dist/index.umd.js'],
    [
      'launchdarkly-observability',
      'https://pub.observability.app.launchdarkly.com/',
      'https://cdn.jsdelivr.net/npm/@launchdarkly/session-replay@1.1.23/dist/index.umd.js',
    ],
  ])("takes %s's session start for data, and its PushSessionEvents (rrweb events, gzip in base64) for the recording", async (id, endpoint, code) => {
    // One GraphQL endpoint takes both (highlight.run 10.7.5): the URL alone proves no recording.
    const graphql = (operation: string, variables: Record<string, unknown>, t: number) =>
      request(endpoint, t, {
        method: 'POST',
        type: 'xmlhttprequest',
        body: body(JSON.stringify({ query: `mutation ${operation}($data: String!) { x }`, variables })),
      });
    const start = graphql('initializeSession', { session_secure_id: 'abc', clientConfig: '{"privacySetting":"default"}' }, 300);
    const script = request(code, 100, { type: 'script' });
    expect(rule.check(await scanWithBodies([script, start]))).toEqual([]);
    const events = JSON.stringify({
      events: {
        events: [
          { type: 4, data: { href: 'https://shop.example/', width: 1, height: 1 }, timestamp: 1 },
          { type: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } }, timestamp: 2 },
        ],
      },
    });
    const data = btoa(strFromU8(gzipSync(new TextEncoder().encode(events)), true));
    const findings = rule.check(await scanWithBodies([script, start, graphql('PushSessionEvents', { session_secure_id: 'abc', data }, 900)]));
    expect(findings).toMatchObject([{ severity: 'critical', vendor: { id }, evidence: { details: { via: 'rrweb-payload' } } }]);
  });

  it('catches rrweb-shaped payloads sent to a first-party proxy', async () => {
    const events = JSON.stringify([
      { type: 4, data: { href: 'https://shop.example/', width: 1, height: 1 }, timestamp: 1 },
      { type: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } }, timestamp: 2 },
    ]);
    const gz = strFromU8(gzipSync(new TextEncoder().encode(events)), true);
    const findings = rule.check(
      await scanWithBodies([
        request('https://shop.example/ingest/s/', 200, { method: 'POST', type: 'xmlhttprequest', body: body(JSON.stringify({ data: btoa(gz) })) }),
      ]),
    );
    expect(findings).toMatchObject([{ severity: 'critical', vendor: { id: 'rrweb' }, evidence: { details: { via: 'rrweb-payload' } } }]);
  });

  it("does not take a worker's last upload of the page being left for this page's recording (Firefox names no document)", () => {
    // OpenReplay uploads from a Web Worker: Firefox gives the request the worker's origin as its document, no document
    // id, and starts the page left's pagehide batch after the next page committed. The page's own probe never sees it.
    const upload = (t: number) =>
      request('https://api.openreplay.com/ingest/v1/web/i?batch=0_1_4444', t, { method: 'POST', type: 'xmlhttprequest', offDocument: true });
    const worker = (t: number) => ({
      kind: 'global' as const,
      id: `g:${t}`,
      visitId: 'visit-1',
      t,
      source: 'probe' as const,
      frameId: 0,
      origin: 'https://shop.example',
      name: PAGE_WORKER_GLOBAL,
    });
    expect(rule.check(scanOf([upload(68)]))).toEqual([]);
    expect(rule.check(scanOf([upload(68), worker(900)]))).toEqual([]);
    // This page's own worker was running, or it is long after the page left, or the page's own hooks saw the call.
    expect(rule.check(scanOf([worker(40), upload(68)]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
    expect(rule.check(scanOf([upload(2500)]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
    const payload = {
      kind: 'payload' as const,
      id: 'p:1',
      visitId: 'visit-1',
      t: 70,
      source: 'probe' as const,
      frameId: 0,
      api: 'fetch' as const,
      method: 'POST',
      url: upload(0).url,
    };
    expect(rule.check(scanOf([upload(68), payload]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
    // At a page's bare origin the request names the page's own URL: only when the page's hooks are seen working there
    // (they reported another call) and missed this one is it the page left's.
    const atOrigin = request(upload(0).url, 68, { method: 'POST', type: 'xmlhttprequest', offDocument: 'origin' });
    const ownCall = { ...payload, id: 'p:2', t: 30, url: 'https://shop.example/api/cart' };
    expect(rule.check(scanOf([ownCall, atOrigin]))).toEqual([]);
    expect(rule.check(scanOf([atOrigin]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
    expect(rule.check(scanOf([{ ...ownCall, frameId: 3 }, atOrigin]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
    expect(rule.check(scanOf([ownCall, atOrigin, payload]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
    // Without the flag (Chromium names every request's document): as before.
    expect(rule.check(scanOf([request(upload(0).url, 68, { method: 'POST', type: 'xmlhttprequest' })]))).toMatchObject([{ vendor: { id: 'openreplay' } }]);
  });

  it('does not fire when the recorder starts after consent', () => {
    expect(
      rule.check(
        scanOf([request('https://static.hotjar.com/c/hotjar-1.js', 1100), request('https://in.hotjar.com/x', 1200)], { consent: CMP_ACCEPTED_AT_1000 }),
      ),
    ).toEqual([]);
  });

  it('says "unverified", at medium, when every recording upload before the choice was cut off before any response', () => {
    const loader = request('https://static.hotjar.com/c/hotjar-1.js', 100);
    const cut = request('https://in.hotjar.com/x', 500, { method: 'POST', type: 'xmlhttprequest', error: 'net::ERR_ABORTED' });
    expect(rule.check(scanOf([loader, cut], { consent: CMP_ACCEPTED_AT_1000 }))).toMatchObject([
      { severity: 'medium', confidence: 'low', evidence: { records: [loader.id, cut.id], details: { cutOffUploads: 1, unverified: 'cut-off' } } },
    ]);
    const delivered = request('https://in.hotjar.com/x', 700, { method: 'POST', type: 'xmlhttprequest' });
    expect(rule.check(scanOf([loader, cut, delivered], { consent: CMP_ACCEPTED_AT_1000 }))).toMatchObject([
      { severity: 'critical', confidence: 'high', evidence: { records: [loader.id, delivered.id] } },
    ]);
  });
});
