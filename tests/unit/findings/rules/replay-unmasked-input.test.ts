import { gzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rule } from '@/lib/findings/rules/replay-unmasked-input';
import { body, canary, request, scanWithBodies } from '../../../fixtures/evidence';

const EMAIL = 'cnryqwertzui@example.com';
const rrwebInput = (text: string) => JSON.stringify([{ type: 3, data: { source: 5, text, isChecked: false, id: 12 }, timestamp: 3 }]);

describe('replay-unmasked-input', () => {
  it('fires when a typed value reaches a session-replay vendor, gzipped and base64-encoded', async () => {
    const gz = btoa(strFromU8(gzipSync(new TextEncoder().encode(rrwebInput(EMAIL))), true));
    const scan = await scanWithBodies([
      request('https://static.hotjar.com/c/hotjar-1.js', 100),
      canary(EMAIL),
      request('https://in.hotjar.com/api/v2/client/ws', 2500, { method: 'POST', body: body(JSON.stringify({ d: gz })) }),
    ]);
    const [finding] = rule.check(scan);
    expect(finding).toMatchObject({ vendor: { id: 'hotjar' }, severity: 'critical', evidence: { details: { where: 'body', rrweb: true } } });
    expect(finding?.evidence.details?.chain).toEqual(expect.arrayContaining(['base64', 'gzip']));
  });

  it('fires for rrweb-shaped payloads sent to a first-party proxy, even mid-typing (prefix)', async () => {
    const scan = await scanWithBodies([canary(EMAIL), request('https://shop.example/rec', 2500, { method: 'POST', body: body(rrwebInput('cnryqwert')) })]);
    expect(rule.check(scan)).toMatchObject([{ evidence: { details: { matchKind: 'prefix', rrweb: true } } }]);
  });

  it('does not fire for masked recordings or for values sent before typing', async () => {
    expect(
      rule.check(await scanWithBodies([canary(EMAIL), request('https://in.hotjar.com/x', 2500, { method: 'POST', body: body(rrwebInput('*'.repeat(24))) })])),
    ).toEqual([]);
    expect(
      rule.check(await scanWithBodies([request('https://in.hotjar.com/x', 1000, { method: 'POST', body: body(rrwebInput(EMAIL)) }), canary(EMAIL)])),
    ).toEqual([]);
  });

  it('does not fire on an upload cut off before any response: the recorder tried, the vendor may never have got it', async () => {
    const upload = (extra = {}) =>
      request('https://api.openreplay.com/ingest/v1/web/i?batch=0_1', 2500, {
        method: 'POST',
        type: 'xmlhttprequest',
        body: body(rrwebInput(EMAIL)),
        ...extra,
      });
    expect(rule.check(await scanWithBodies([canary(EMAIL), upload({ error: 'net::ERR_ABORTED' })]))).toEqual([]);
    expect(rule.check(await scanWithBodies([canary(EMAIL), upload({ error: 'net::ERR_ABORTED', status: 200 })]))).toMatchObject([
      { vendor: { id: 'openreplay' } },
    ]);
  });
});
