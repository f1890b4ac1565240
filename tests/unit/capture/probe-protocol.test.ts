import { describe, expect, it } from 'vitest';
import { toBase64 as encodeBase64 } from '@/lib/bytes';
import { PROBE_LIMITS, parseProbeBatch, parseProbeEvent } from '@/lib/capture/probe-protocol';

describe('parseProbeEvent', () => {
  it('accepts a well-formed payload and decodes its base64 body', () => {
    const event = parseProbeEvent({
      kind: 'payload',
      at: 5,
      api: 'beacon',
      method: 'post',
      url: 'https://x.example/c',
      body: { base64: encodeBase64(new Uint8Array([1, 2, 3])), size: 3, form: 'blob' },
    });
    expect(event).toMatchObject({ kind: 'payload', api: 'beacon', method: 'POST', body: { size: 3, form: 'blob' } });
    expect(event?.kind === 'payload' && [...(event.body?.bytes ?? [])]).toEqual([1, 2, 3]);
  });

  it.each([
    null,
    42,
    'payload',
    [],
    { kind: 'payload', at: 1, api: 'carrier-pigeon', url: 'x' },
    { kind: 'payload', api: 'fetch', url: 'x' },
    { kind: 'payload', at: Number.NaN, api: 'fetch', url: 'x' },
    { kind: 'payload', at: 1, api: 'fetch', url: 'x', body: { base64: '%%%not base64%%%' } },
    { kind: 'storage', at: 1, area: 'cookies', action: 'set', key: 'k' },
    { kind: 'request', at: 1, url: 'https://forged.example/', source: 'network' },
    { kind: '__proto__', at: 1 },
  ])('rejects forged or malformed input %j', (raw) => {
    expect(parseProbeEvent(raw)).toBeUndefined();
  });

  it('never lets a page choose the record source or kind beyond the probe vocabulary', () => {
    const event = parseProbeEvent({ kind: 'cookie', at: 1, raw: 'a=b', source: 'network', id: 'r:1' });
    expect(event).toEqual({ kind: 'cookie', at: 1, raw: 'a=b' });
  });

  it('accepts a banner sighting with the known params only, each capped, and rejects other commands', () => {
    const event = parseProbeEvent({
      kind: 'banner',
      at: 3,
      command: 'shown',
      params: { type: 'consent-banner', text: 'x'.repeat(5000), controls: 'reject:Refuser', evil: 'y', __proto__: { polluted: 'z' } },
    });
    expect(event).toEqual({ kind: 'banner', at: 3, command: 'shown', params: { type: 'consent-banner', text: 'x'.repeat(600), controls: 'reject:Refuser' } });
    expect(parseProbeEvent({ kind: 'banner', at: 3, command: 'confirmed', params: {} })).toBeUndefined();
    expect(parseProbeEvent({ kind: 'banner', at: 3, command: 'shown', params: 'x' })).toBeUndefined();
  });

  it('caps sizes', () => {
    const event = parseProbeEvent({ kind: 'storage', at: 1, area: 'localStorage', action: 'set', key: 'k'.repeat(100_000), value: 'v'.repeat(100_000) });
    expect(event?.kind === 'storage' && event.key.length).toBe(PROBE_LIMITS.key);
    expect(event?.kind === 'storage' && event.value?.length).toBe(PROBE_LIMITS.value);
    expect(event?.kind === 'storage' && event.valueSize).toBe(PROBE_LIMITS.value);
    const globals = parseProbeEvent({ kind: 'globals', at: 1, names: Array.from({ length: 10_000 }, (_, i) => `g${i}`) });
    expect(globals?.kind === 'globals' && globals.names.length).toBe(PROBE_LIMITS.globals);
    const big = parseProbeEvent({
      kind: 'payload',
      at: 1,
      api: 'fetch',
      url: 'u',
      body: { base64: encodeBase64(new Uint8Array(PROBE_LIMITS.body * 2)), size: PROBE_LIMITS.body * 2 },
    });
    expect(big?.kind === 'payload' && big.body?.bytes.length).toBeLessThanOrEqual(PROBE_LIMITS.body);
    expect(big?.kind === 'payload' && big.body?.size).toBe(PROBE_LIMITS.body * 2);
  });

  // Found by tests/fuzz/probe-protocol.fuzz.test.ts: String() of this JSON throws, and the whole batch was lost.
  it('keeps a batch whose forged form field cannot be turned into a string', () => {
    const poisoned = JSON.parse('{"kind":"payload","at":1,"api":"fetch","url":"u","body":{"base64":"","fields":{"a":[{"toString":1},"kept",2]}}}');
    const real = { kind: 'payload', at: 2, api: 'beacon', url: 'https://tracker.example/c' };
    const batch = parseProbeBatch({ type: 'probe-batch', events: [poisoned, real], dropped: 0 });
    expect(batch?.events.map((e) => e.kind === 'payload' && e.url)).toEqual(['u', 'https://tracker.example/c']);
    expect(batch?.events[0]?.kind === 'payload' && batch.events[0].body?.fields).toEqual({ a: ['kept'] });
  });

  // Found by tests/fuzz/probe-protocol.fuzz.test.ts: nine `ß` are eighteen characters in upper case.
  it('caps the method after upper-casing it', () => {
    const event = parseProbeEvent({ kind: 'payload', at: 1, api: 'fetch', method: 'ß'.repeat(9), url: 'u' });
    expect(event?.kind === 'payload' && event.method).toBe('S'.repeat(16));
  });

  // Found by tests/fuzz/probe-protocol.fuzz.test.ts: JSON's 1e400 is Infinity, kept as a size (and exported as null).
  it('does not take an infinite size from a forged message', () => {
    const storage = parseProbeEvent(JSON.parse('{"kind":"storage","at":1,"area":"localStorage","action":"set","key":"k","value":"v","valueSize":1e400}'));
    expect(storage?.kind === 'storage' && storage.valueSize).toBe(1);
    const payload = parseProbeEvent(JSON.parse('{"kind":"payload","at":1,"api":"fetch","url":"u","body":{"base64":"AAEC","size":1e400}}'));
    expect(payload?.kind === 'payload' && payload.body?.size).toBe(3);
  });
});

describe('parseProbeBatch', () => {
  it('keeps the valid events, counts the rejected ones and caps the batch', () => {
    const events = [...Array.from({ length: 300 }, () => ({ kind: 'cookie', at: 1, raw: 'a=b' })), { kind: 'bogus' }];
    const batch = parseProbeBatch({ type: 'probe-batch', events, dropped: 7 });
    expect(batch?.events).toHaveLength(PROBE_LIMITS.eventsPerBatch);
    expect(batch?.rejected).toBe(301 - PROBE_LIMITS.eventsPerBatch);
    expect(batch?.dropped).toBe(7);
  });

  it('rejects anything that is not a batch', () => {
    expect(parseProbeBatch({ type: 'get-report' })).toBeUndefined();
    expect(parseProbeBatch({ type: 'probe-batch', events: 'x' })).toBeUndefined();
  });
});
