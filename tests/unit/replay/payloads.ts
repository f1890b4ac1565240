import { gzipSync, strFromU8, strToU8, zlibSync } from 'fflate';

/** rrweb 2.x events for a login page where `value` was typed into the email field (node 5), one key at a time. */
export function rrwebSession(value: string): unknown[] {
  const events: unknown[] = [
    { type: 4, data: { href: 'https://shop.test/login', width: 1280, height: 720 }, timestamp: 1_700_000_000_000 },
    {
      type: 2,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'form',
              attributes: {},
              childNodes: [{ type: 2, id: 5, tagName: 'input', attributes: { type: 'email', value: '' }, childNodes: [] }],
            },
          ],
        },
        initialOffset: { left: 0, top: 0 },
      },
      timestamp: 1_700_000_000_010,
    },
    { type: 3, data: { source: 2, type: 5, id: 5 }, timestamp: 1_700_000_000_020 },
  ];
  for (let i = 1; i <= value.length; i++) {
    events.push({ type: 3, data: { source: 5, text: value.slice(0, i), isChecked: false, id: 5 }, timestamp: 1_700_000_000_100 + i });
  }
  return events;
}

/** A full snapshot holding `value` in the field's `value` attribute, and no input event. */
export function rrwebSnapshotOnly(value: string): unknown[] {
  return [
    {
      type: 2,
      data: {
        node: { type: 0, id: 1, childNodes: [{ type: 2, id: 5, tagName: 'input', attributes: { value }, childNodes: [] }] },
        initialOffset: { left: 0, top: 0 },
      },
      timestamp: 1_700_000_000_010,
    },
  ];
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function concatBytes(...parts: (Uint8Array | string)[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === 'string' ? utf8(p) : p));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** @sentry-internal/replay: an envelope whose `replay_recording` item is `{"segment_id":N}\n` + zlib(JSON events). */
export function sentryReplayEnvelope(events: unknown[]): Uint8Array {
  const recording = concatBytes('{"segment_id":0}\n', zlibSync(strToU8(JSON.stringify(events))));
  const replayEvent = JSON.stringify({ type: 'replay_event', replay_id: 'a'.repeat(32), segment_id: 0, urls: ['https://shop.test/login'] });
  return concatBytes(
    `${JSON.stringify({ event_id: 'a'.repeat(32), sent_at: '2026-01-01T00:00:00.000Z', sdk: { name: 'sentry.javascript.browser', version: '10.0.0' } })}\n`,
    `${JSON.stringify({ type: 'replay_event' })}\n${replayEvent}\n`,
    `${JSON.stringify({ type: 'replay_recording', length: recording.length })}\n`,
    recording,
  );
}

/** posthog-js `cv: "2024-10"`: full snapshots and mutations carry gzip → latin1 `data`; the batch is gzipped. */
export function posthogBatch(events: unknown[]): unknown[] {
  const snapshotData = events.map((event) => {
    const e = event as { type: number; data: { source?: number } };
    const compress = e.type === 2 || (e.type === 3 && e.data.source === 0);
    return compress ? { ...e, cv: '2024-10', data: strFromU8(gzipSync(strToU8(JSON.stringify(e.data))), true) } : e;
  });
  return [{ event: '$snapshot', properties: { $snapshot_data: snapshotData, $session_id: 'sess', $window_id: 'win' } }];
}

/** `@rrweb/packer` 2.x `pack`: zlib of the event with `v: "v1"`, as a latin1 string. */
export function rrwebPack(event: unknown): string {
  return strFromU8(zlibSync(strToU8(JSON.stringify({ ...(event as object), v: 'v1' }))), true);
}

/** Deterministic [0, 1) generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(length: number, random: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}
