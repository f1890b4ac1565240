import { describe, expect, it, vi } from 'vitest';
import { CLEAN_OBSERVE, runCleanObserve } from '@/lib/audit/clean-run';
import type { Recorder } from '@/lib/capture/recorder';

function deps(url: string | undefined) {
  const calls: string[] = [];
  const recorder = {
    markNextVisit: vi.fn((_tabId: number, scenario: string) => calls.push(`mark ${scenario}`)),
    currentVisitId: vi.fn(async () => 'v2'),
  } as unknown as Recorder;
  return {
    calls,
    deps: {
      recorder,
      tabUrl: async () => url,
      clearSiteData: async (u: string) => void calls.push(`clear ${u}`),
      reload: async () => void calls.push('reload'),
      sleep: async (ms: number) => void calls.push(`sleep ${ms}`),
    },
  };
}

describe('runCleanObserve', () => {
  it('clears the site, marks the next visit, reloads, then observes', async () => {
    const { deps: d, calls } = deps('https://shop.example/a');
    expect(await runCleanObserve(d, 3, 4)).toEqual({ ok: true, visitId: 'v2' });
    expect(calls).toEqual(['clear https://shop.example/a', `mark ${CLEAN_OBSERVE}`, 'reload', 'sleep 4000']);
  });

  it('observes as a visitor when it can', async () => {
    const { deps: d, calls } = deps('https://shop.example/a');
    const observe = async (tabId: number, ms: number) => void calls.push(`visitor ${tabId} ${ms}`);
    expect(await runCleanObserve({ ...d, observe }, 3, 4)).toEqual({ ok: true, visitId: 'v2' });
    expect(calls).toEqual(['clear https://shop.example/a', `mark ${CLEAN_OBSERVE}`, 'reload', 'visitor 3 4000']);
  });

  it.each(['about:blank', 'chrome://extensions/', undefined])('refuses %s without touching anything', async (url) => {
    const { deps: d, calls } = deps(url);
    expect(await runCleanObserve(d, 3, 4)).toEqual({ ok: false, reason: 'restricted' });
    expect(calls).toEqual([]);
  });
});
