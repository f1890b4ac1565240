import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Layout } from '@/lib/capture/banner';
import { type BannerEvent, watchBanners } from '@/lib/capture/banner-watch';

const layout: Layout = {
  isVisible: (el) => !el.closest('[hidden]'),
  position: (el) => /position:\s*(\w+)/.exec(el.getAttribute('style') ?? '')?.[1] ?? 'static',
};

const BANNER = '<div id="b" style="position: fixed" hidden>We use cookies. <button id="yes">Accept all</button><button id="no">Reject all</button></div>';

/** A window around a linkedom document: its load and click listeners, and a MutationObserver the test triggers. */
function fakeWindow(body: string) {
  const { document } = parseHTML(`<!doctype html><html lang="en"><body><p id="text">Shop</p>${body}</body></html>`);
  const listeners = new Map<string, (event: Event) => void>();
  const observers: { callback: () => void; connected: boolean }[] = [];
  class FakeObserver {
    entry = { callback: () => {}, connected: false };
    constructor(callback: () => void) {
      this.entry.callback = callback;
      observers.push(this.entry);
    }
    observe() {
      this.entry.connected = true;
    }
    disconnect() {
      this.entry.connected = false;
    }
  }
  Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
  const win = {
    document,
    MutationObserver: FakeObserver,
    addEventListener: (type: string, listener: (event: Event) => void) => listeners.set(type, listener),
    removeEventListener: (type: string) => listeners.delete(type),
  } as unknown as Window;
  const reports: BannerEvent[] = [];
  const mutate = () => {
    for (const o of observers) if (o.connected) o.callback();
  };
  const click = (target: Element, isTrusted = true) => listeners.get('click')?.({ target, isTrusted, composedPath: () => [target] } as unknown as Event);
  return { win, doc: document as unknown as Document, reports, listeners, observers, mutate, click };
}

describe('watchBanners', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('costs nothing while the page is parsed or idle; reports a banner once it shows, once', () => {
    const w = fakeWindow(BANNER);
    const scan = vi.spyOn(layout, 'isVisible');
    watchBanners({ win: w.win, report: (e) => w.reports.push(e), layout, debounceMs: 400 });
    w.mutate();
    vi.advanceTimersByTime(5_000);
    expect(scan).not.toHaveBeenCalled();
    w.listeners.get('DOMContentLoaded')?.(new Event('DOMContentLoaded'));
    vi.advanceTimersByTime(5_000);
    expect(scan).not.toHaveBeenCalled();
    w.listeners.get('load')?.(new Event('load'));
    vi.advanceTimersByTime(400);
    expect(w.reports).toEqual([]);
    w.doc.getElementById('b')?.removeAttribute('hidden');
    w.mutate();
    vi.advanceTimersByTime(400);
    expect(w.reports).toEqual([
      {
        kind: 'banner',
        command: 'shown',
        params: expect.objectContaining({ type: 'consent-banner', controls: 'accept:Accept all|reject:Reject all', selector: 'div#b', frame: 'top' }),
      },
    ]);
    w.mutate();
    vi.advanceTimersByTime(400);
    expect(w.reports).toHaveLength(1);
    scan.mockRestore();
  });

  it('scans at most maxScans times and stops watching after watchMs', () => {
    const w = fakeWindow('');
    const isVisible = vi.fn(() => true);
    const counting: Layout = { ...layout, isVisible };
    w.doc.body.insertAdjacentHTML('beforeend', '<button>Accept all</button>');
    watchBanners({ win: w.win, report: (e) => w.reports.push(e), layout: counting, debounceMs: 100, maxScans: 3, watchMs: 10_000 });
    w.listeners.get('DOMContentLoaded')?.(new Event('DOMContentLoaded'));
    for (let i = 0; i < 20; i++) {
      w.mutate();
      vi.advanceTimersByTime(150);
    }
    expect(isVisible).toHaveBeenCalledTimes(3);
    expect(w.observers.every((o) => !o.connected)).toBe(true);
    const w2 = fakeWindow('');
    watchBanners({ win: w2.win, report: () => {}, layout, watchMs: 1_000 });
    w2.listeners.get('DOMContentLoaded')?.(new Event('DOMContentLoaded'));
    expect(w2.observers.some((o) => o.connected)).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(w2.observers.every((o) => !o.connected)).toBe(true);
  });

  it('never reports a scan cut short by its time budget (half a banner would read as a notice); scans again', () => {
    const w = fakeWindow(BANNER.replace(' hidden', ''));
    let slow = true;
    const busy: Layout = {
      ...layout,
      isVisible: (el) => {
        // A busy page: each control takes 100 ms to lay out, until it calms down.
        if (slow) vi.setSystemTime(Date.now() + 100);
        return layout.isVisible(el);
      },
    };
    watchBanners({ win: w.win, report: (e) => w.reports.push(e), layout: busy, debounceMs: 400 });
    w.listeners.get('load')?.(new Event('load'));
    vi.advanceTimersByTime(400);
    expect(w.reports).toEqual([]);
    slow = false;
    vi.advanceTimersByTime(400);
    expect(w.reports.map((r) => r.params.type)).toEqual(['consent-banner']);
  });

  it("records a click on a banner's control with its role, and nothing for other clicks", () => {
    const w = fakeWindow(BANNER.replace(' hidden', ''));
    watchBanners({ win: w.win, report: (e) => w.reports.push(e), layout });
    // The first click scans once when no banner was seen yet (a banner that showed after the watch window).
    w.click(w.doc.getElementById('text') as Element);
    w.click(w.doc.getElementById('no') as Element, false);
    expect(w.reports.map((r) => [r.command, r.params.role, r.params.label, r.params.trusted])).toEqual([
      ['shown', undefined, undefined, undefined],
      ['clicked', 'reject', 'Reject all', 'false'],
    ]);
  });
});
