import { describe, expect, it } from 'vitest';
import type { GlobalRecord } from '@/lib/model';
import { body, request, scanOf, scanWithBodies } from '../../fixtures/evidence';

const rrwebGlobal = (t: number): GlobalRecord => ({
  kind: 'global',
  id: `g:${t}`,
  visitId: 'visit-1',
  t,
  source: 'probe',
  frameId: 0,
  origin: 'https://shop.example',
  name: '__rrweb_original__',
});
const events = JSON.stringify([
  { type: 4, data: { href: 'https://shop.example/', width: 1, height: 1 }, timestamp: 1 },
  { type: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } }, timestamp: 2 },
]);

describe('detectRecorders', () => {
  it('credits the rrweb fingerprint to the vendor recorder on the page, not to a second "rrweb" recorder', async () => {
    const scan = await scanWithBodies([
      request('https://cdn.mxpnl.com/libs/mixpanel-with-recorder.min.js', 50, { type: 'script' }),
      rrwebGlobal(120),
      request('https://api-js.mixpanel.com/record/?format=body', 900, { method: 'POST', type: 'xmlhttprequest', body: body(events) }),
    ]);
    expect(scan.recorders.map((r) => [r.vendor.id, r.recordingVia])).toEqual([['mixpanel-session-replay', 'ingest']]);
  });

  it('puts rrweb payloads to a first-party host on self-hosted rrweb when no vendor recorder is on the page', async () => {
    const scan = await scanWithBodies([
      rrwebGlobal(120),
      request('https://shop.example/rec/ingest', 900, { method: 'POST', type: 'xmlhttprequest', body: body(JSON.stringify({ events: JSON.parse(events) })) }),
    ]);
    expect(scan.recorders.map((r) => [r.vendor.id, r.recordingVia])).toEqual([['rrweb', 'rrweb-payload']]);
  });

  it('does not take an upload cancelled before any response (a flush the next navigation cut off) for recording', async () => {
    const loader = request('https://cdn.mxpnl.com/libs/mixpanel-with-recorder.min.js', 50, { type: 'script' });
    const upload = (t: number, extra = {}) =>
      request('https://api-js.mixpanel.com/record/?format=body', t, { method: 'POST', type: 'xmlhttprequest', body: body(events), ...extra });
    const cut = await scanWithBodies([loader, upload(900, { error: 'net::ERR_ABORTED' })]);
    expect(cut.recorders.map((r) => [r.vendor.id, r.recording?.t, r.cutOff.map((c) => c.t)])).toEqual([['mixpanel-session-replay', undefined, [900]]]);
    const sent = cut.records.find((r) => r.kind === 'request' && r.method === 'POST');
    expect(cut.facts.get(sent?.id ?? '')?.activity).toBe('aborted');
    // Another error (a blocker, a refused connection) says nothing of the page's intent: still a recording.
    const blocked = await scanWithBodies([loader, upload(900, { error: 'net::ERR_BLOCKED_BY_CLIENT' })]);
    expect(blocked.recorders.map((r) => [r.vendor.id, r.recording?.t])).toEqual([['mixpanel-session-replay', 900]]);
    const answered = await scanWithBodies([loader, upload(900, { error: 'net::ERR_ABORTED', status: 200 })]);
    expect(answered.recorders.map((r) => [r.recording?.t, r.cutOff.length])).toEqual([[900, 0]]);
  });

  it('does not take a loader served from a host the ingest patterns cover (*.mouseflow.com) for recording', () => {
    const loader = request('https://cdn.mouseflow.com/projects/0f3c2a4e.js', 50, { type: 'script' });
    const loadedOnly = scanOf([loader]);
    expect(loadedOnly.recorders.map((r) => [r.vendor.id, r.recording?.t])).toEqual([['mouseflow', undefined]]);
    const recording = scanOf([loader, request('https://o2.mouseflow.com/events', 700, { method: 'POST', type: 'xmlhttprequest', body: body('{"e":[1]}') })]);
    expect(recording.recorders.map((r) => [r.vendor.id, r.recording?.t, r.recordingVia])).toEqual([['mouseflow', 700, 'ingest']]);
  });

  it('never takes a page global for a recorder: a stub or a fingerprint without traffic is no recorder', () => {
    expect(scanOf([rrwebGlobal(120)]).recorders).toEqual([]);
  });

  it('puts rrweb payloads sent to a vendor on that vendor, even without a replay script seen (a bundled SDK)', async () => {
    const scan = await scanWithBodies([
      request('https://us.i.posthog.com/e/?ip=1', 900, {
        method: 'POST',
        type: 'xmlhttprequest',
        body: body(JSON.stringify({ $snapshot_data: JSON.parse(events) })),
      }),
    ]);
    expect(scan.recorders.map((r) => [r.vendor.id, r.recordingVia])).toEqual([['posthog', 'rrweb-payload']]);
  });
});
