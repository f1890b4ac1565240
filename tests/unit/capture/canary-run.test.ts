import { describe, expect, it, vi } from 'vitest';
import { runCanaryTest } from '@/lib/capture/canary-run';
import type { Recorder } from '@/lib/capture/recorder';

function deps(url: string | undefined, answer: unknown = { typed: [{ selector: '#email', value: 'cnryabcdefgh@example.com', fieldKind: 'email', label: 'E-mail' }] }) {
  const recorder = { recordCanaries: vi.fn(async () => {}) } as unknown as Recorder & { recordCanaries: ReturnType<typeof vi.fn> };
  const sent: unknown[] = [];
  return {
    recorder,
    sent,
    deps: {
      recorder,
      tabUrl: async () => url,
      sendToTab: async (_tabId: number, message: unknown) => {
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
    expect(recorder.recordCanaries).toHaveBeenCalledWith(7, [expect.objectContaining({ selector: '#email' })], 'https://shop.example/', 1000);
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
});
