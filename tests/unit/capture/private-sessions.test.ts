import { describe, expect, it, vi } from 'vitest';
import { forgetPrivateSessions, PRIVATE_GRACE_MS } from '@/lib/capture/private-sessions';

function fakeWindows(open: { incognito: boolean }[]) {
  const listeners: ((id: number) => void)[] = [];
  return {
    open,
    windows: {
      getAll: async () => [...open],
      onRemoved: { addListener: (listener: (id: number) => void) => listeners.push(listener) },
    },
    remove(index: number) {
      open.splice(index, 1);
      for (const listener of listeners) listener(index);
    },
  };
}

describe('forgetPrivateSessions', () => {
  it('forgets private visits at start only when no private window is open', async () => {
    const forget = vi.fn(async () => []);
    await forgetPrivateSessions({ windows: fakeWindows([{ incognito: false }]).windows, forget, schedule: () => undefined }).check();
    expect(forget).toHaveBeenCalled();
    const kept = vi.fn(async () => []);
    await forgetPrivateSessions({ windows: fakeWindows([{ incognito: false }, { incognito: true }]).windows, forget: kept, schedule: () => undefined }).check();
    expect(kept).not.toHaveBeenCalled();
  });

  it('forgets them after the grace time once the last private window closes, not while one is left', async () => {
    const forget = vi.fn(async () => []);
    const scheduled: [() => void, number][] = [];
    const fake = fakeWindows([{ incognito: false }, { incognito: true }, { incognito: true }]);
    forgetPrivateSessions({ windows: fake.windows, forget, schedule: (run, ms) => scheduled.push([run, ms]) });
    await vi.waitFor(() => expect(fake.open).toHaveLength(3));
    fake.remove(2);
    // One check after start-up, one after the window closed.
    expect(scheduled.map(([, ms]) => ms)).toEqual([PRIVATE_GRACE_MS, PRIVATE_GRACE_MS]);
    scheduled[1]?.[0]();
    await new Promise((r) => setTimeout(r, 0));
    expect(forget).not.toHaveBeenCalled();
    fake.remove(1);
    expect(forget).not.toHaveBeenCalled(); // not before the grace time: a closed tab's last beacons still arrive
    scheduled[2]?.[0]();
    await vi.waitFor(() => expect(forget).toHaveBeenCalledTimes(1));
  });

  it('reports a failure instead of throwing', async () => {
    const onError = vi.fn();
    const windows = { getAll: async () => Promise.reject(new Error('gone')), onRemoved: { addListener: () => undefined } };
    await forgetPrivateSessions({ windows, forget: async () => [], onError, schedule: () => undefined }).check();
    expect(onError).toHaveBeenCalledWith('private-sessions', expect.any(Error));
  });
});
