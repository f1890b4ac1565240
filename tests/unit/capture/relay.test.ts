import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROBE_EVENT, type ProbeBatch } from '@/lib/capture/probe-protocol';
import { startRelay } from '@/lib/capture/relay';

/** A window just big enough for the relay: it listens for probe events on the document and never loads. */
function fakeWindow() {
  const target = new EventTarget();
  const doc = Object.assign(target, { readyState: 'loading' });
  const win = { document: doc, addEventListener: () => {} } as unknown as Window;
  const emit = (detail: unknown) => target.dispatchEvent(new CustomEvent(PROBE_EVENT, { detail: JSON.stringify(detail) }));
  return { win, emit };
}

const payload = (n: number) => ({ kind: 'payload', api: 'fetch', method: 'GET', url: `/item/${n}` });

describe('relay delivery', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a batch again, with the same id, until the background confirms it was stored', async () => {
    const { win, emit } = fakeWindow();
    const sent: ProbeBatch[] = [];
    // The worker is stopped twice: once the call fails, once it ends without an answer.
    const answers: (() => Promise<unknown>)[] = [() => Promise.reject(new Error('Could not establish connection')), () => Promise.resolve(undefined)];
    const relay = startRelay({ win, send: (batch) => (sent.push(batch), (answers.shift() ?? (() => Promise.resolve({ stored: true })))()) });
    emit(payload(1));
    relay.flush();
    await vi.runAllTimersAsync();
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((b) => b.id)).size).toBe(1);
    expect(sent[2]?.events).toEqual(sent[0]?.events);
    emit(payload(2));
    relay.flush();
    await vi.runAllTimersAsync();
    expect(sent).toHaveLength(4);
    expect(sent[3]?.id).not.toBe(sent[0]?.id);
  });

  it("sends at once what the page reports once it is being left: its own pagehide listeners run after the relay's", async () => {
    const { win, emit } = fakeWindow();
    const events = new EventTarget();
    Object.assign(win, { addEventListener: events.addEventListener.bind(events) });
    const sent: ProbeBatch[] = [];
    startRelay({ win, send: (batch) => (sent.push(batch), Promise.resolve({ stored: true })) });
    emit(payload(1));
    expect(sent).toHaveLength(0);
    events.dispatchEvent(new Event('pagehide'));
    expect(sent.flatMap((b) => b.events).flatMap((e) => (e as { url?: string }).url ?? [])).toEqual(['/item/1']);
    // The page's pagehide beacon: no timer will fire in a page being unloaded.
    emit(payload(2));
    expect(sent.flatMap((b) => b.events).map((e) => (e as { url?: string }).url)).toEqual(['/item/1', '/item/2']);
    // Back from the back-forward cache: batched again.
    events.dispatchEvent(new Event('pageshow'));
    emit(payload(3));
    expect(sent.flatMap((b) => b.events).flatMap((e) => (e as { url?: string }).url ?? [])).toEqual(['/item/1', '/item/2']);
    await vi.runAllTimersAsync();
    expect(sent.flatMap((b) => b.events).flatMap((e) => (e as { url?: string }).url ?? [])).toEqual(['/item/1', '/item/2', '/item/3']);
  });

  it('gives up after a bounded number of attempts', async () => {
    const { win, emit } = fakeWindow();
    let calls = 0;
    const relay = startRelay({ win, send: () => (calls++, Promise.reject(new Error('Extension context invalidated'))) });
    emit(payload(1));
    relay.flush();
    await vi.runAllTimersAsync();
    expect(calls).toBe(5);
  });
});

describe('relay and banner sightings', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends the isolated world's own banner reports, and drops the same kind when the page sends it", async () => {
    const { win, emit } = fakeWindow();
    const sent: ProbeBatch[] = [];
    const relay = startRelay({ win, send: (batch) => (sent.push(batch), Promise.resolve({ stored: true })) });
    emit({ kind: 'banner', command: 'shown', params: { type: 'consent-banner' } });
    emit(payload(1));
    relay.report({ kind: 'banner', command: 'shown', params: { type: 'notice' } } as { kind: string });
    relay.flush();
    await vi.runAllTimersAsync();
    expect(sent.flatMap((b) => b.events).map((e) => (e as { kind: string; params?: { type: string } }).params?.type ?? (e as { kind: string }).kind)).toEqual([
      'payload',
      'notice',
    ]);
  });
});

describe('relay field scan', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("looks for the selectors a recorder's configuration names, beside the vendors' markers", async () => {
    const { parseHTML } = await import('linkedom');
    const { document, CustomEvent: PageEvent } = parseHTML(
      '<form><input id="email" type="email"><textarea id="msg"></textarea><div class="public"><input id="name"></div></form>',
    );
    Object.defineProperty(document, 'readyState', { value: 'complete' });
    const win = { document, addEventListener: () => {}, top: null } as unknown as Window;
    const sent: ProbeBatch[] = [];
    startRelay({ win, send: async (b) => (sent.push(b), { stored: true }), markerSelectors: Promise.resolve(['[data-hj-allow]']) });
    const config = {
      kind: 'recorder-config',
      vendor: 'sentry-replay',
      via: 'Sentry.replayIntegration',
      options: { unmask: ['#msg', '.public'], maskAllInputs: false },
    };
    document.dispatchEvent(new PageEvent(PROBE_EVENT, { detail: JSON.stringify(config) }));
    await vi.advanceTimersByTimeAsync(1500);
    const fields = sent.flatMap((b) => b.events).find((e) => (e as { kind?: string }).kind === 'fields') as {
      fields: { selector: string; markers: string[] }[];
    };
    expect(fields.fields.map((f) => [f.selector, f.markers])).toEqual([
      ['#email', []],
      ['#msg', ['#msg']],
      ['#name', ['.public']],
    ]);
  });
});
