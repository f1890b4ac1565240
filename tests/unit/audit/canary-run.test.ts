import { describe, expect, it, vi } from 'vitest';
import { runCanaryTest } from '@/lib/audit/canary-run';
import type { Recorder } from '@/lib/capture/recorder';

function deps(
  url: string | undefined,
  answer: unknown = { typed: [{ selector: '#email', value: 'cnryabcdefgh@example.com', fieldKind: 'email', label: 'E-mail' }] },
) {
  const recorder = { recordCanaries: vi.fn(async () => {}) } as unknown as Recorder & { recordCanaries: ReturnType<typeof vi.fn> };
  const sent: unknown[] = [];
  return {
    recorder,
    sent,
    deps: {
      recorder,
      tabUrl: async () => url,
      frames: async () => [{ frameId: 0, url: url ?? '' }],
      sendToTab: async (_tabId: number, message: unknown, _frameId: number) => {
        sent.push(message);
        return (message as { type: string }).type === 'canary-type' ? answer : { ok: true };
      },
      sleep: vi.fn(async () => {}),
      now: () => 1000,
    },
  };
}

describe('runCanaryTest', () => {
  it.each(['chrome://settings/', 'about:blank', 'https://chromewebstore.google.com/detail/x', 'https://addons.mozilla.org/en-US/firefox/', undefined])(
    'refuses to run on %s, touching nothing',
    async (url) => {
      const { deps: d, sent } = deps(url);
      expect(await runCanaryTest(d, 1, 5)).toEqual({ ok: false, reason: 'restricted' });
      expect(sent).toEqual([]);
    },
  );

  it('types, records with the start time, observes, then restores', async () => {
    const { deps: d, sent, recorder } = deps('https://shop.example/');
    expect(await runCanaryTest(d, 7, 5)).toEqual({ ok: true, typed: 1 });
    expect(sent).toEqual([{ type: 'canary-type' }, { type: 'canary-restore' }]);
    expect(recorder.recordCanaries).toHaveBeenCalledWith(7, [expect.objectContaining({ selector: '#email', frameId: 0 })], 'https://shop.example/', 1000);
    expect(d.sleep).toHaveBeenCalledWith(5000);
  });

  it('says so when the page has no field, or no content script answers', async () => {
    expect(await runCanaryTest(deps('https://shop.example/', { typed: [] }).deps, 1, 5)).toEqual({ ok: false, reason: 'no-fields' });
    const broken = deps('https://shop.example/').deps;
    broken.sendToTab = async () => {
      throw new Error('Could not establish connection');
    };
    expect(await runCanaryTest(broken, 1, 5)).toEqual({ ok: false, reason: 'no-content-script' });
  });

  it('types in every frame it can reach, tags each value with its frame, and restores only the frames that typed', async () => {
    const { deps: d, recorder } = deps('https://shop.example/');
    const calls: [string, number][] = [];
    d.frames = async () => [
      { frameId: 0, url: 'https://shop.example/' },
      { frameId: 3, url: 'https://pay.example/card' },
      { frameId: 4, url: 'about:srcdoc' },
      { frameId: 5, url: 'chrome-extension://abc/page.html' },
      { frameId: 6, url: 'https://ads.example/empty' },
      { frameId: 7, url: 'https://gone.example/' },
    ];
    d.sendToTab = async (_tabId: number, message: unknown, frameId: number) => {
      const type = (message as { type: string }).type;
      calls.push([type, frameId]);
      if (frameId === 7) throw new Error('Could not establish connection');
      if (type !== 'canary-type') return { ok: true };
      if (frameId === 6) return { typed: [] };
      return { typed: [{ selector: `#f${frameId}`, value: `cnryframe${frameId}`, fieldKind: 'text', label: '' }] };
    };
    expect(await runCanaryTest(d, 2, 5)).toEqual({ ok: true, typed: 3 });
    expect(calls.filter(([t]) => t === 'canary-type').map(([, f]) => f)).toEqual([0, 3, 4, 6, 7]);
    expect(calls.filter(([t]) => t === 'canary-restore').map(([, f]) => f)).toEqual([0, 3, 4]);
    expect(recorder.recordCanaries).toHaveBeenCalledWith(
      2,
      [
        expect.objectContaining({ selector: '#f0', frameId: 0, frameUrl: 'https://shop.example/' }),
        expect.objectContaining({ selector: '#f3', frameId: 3, frameUrl: 'https://pay.example/card' }),
        expect.objectContaining({ selector: '#f4', frameId: 4, frameUrl: 'about:srcdoc' }),
      ],
      'https://shop.example/',
      1000,
    );
  });
});
