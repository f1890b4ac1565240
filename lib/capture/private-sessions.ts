/**
 * A private session's evidence ends with it. Browsers allow an extension in private (Firefox) and incognito (Chromium)
 * windows only when the user says so, and one that runs there must not keep what it saw after the user closed them
 * (https://developer.chrome.com/docs/extensions/develop/concepts/incognito: "Spanning mode" extensions must not store
 * incognito data persistently). So once no private window is left, the visits of private windows are deleted: after
 * `graceMs` (a closed tab's last beacons still reach its visit for a few seconds), and as long after the worker starts
 * when none is open (a browser that quit or crashed with private windows open leaves their visits behind).
 */
import { CLOSED_GRACE_MS } from './visits';

/** The part of `browser.windows` this needs. */
export interface WindowsApi {
  getAll(): Promise<{ incognito: boolean }[]>;
  onRemoved: { addListener(listener: (windowId: number) => void): void };
}

/** Longer than a closed tab's visit still takes its last beacons. */
export const PRIVATE_GRACE_MS = CLOSED_GRACE_MS + 1000;

export function forgetPrivateSessions({
  windows,
  forget,
  onError,
  graceMs = PRIVATE_GRACE_MS,
  schedule = (run, ms) => setTimeout(run, ms),
}: {
  windows: WindowsApi;
  /** Deletes the private visits (never a tab's current one). */
  forget: () => Promise<unknown>;
  onError?: (context: string, error: unknown) => void;
  graceMs?: number;
  schedule?: (run: () => void, ms: number) => unknown;
}): { check(): Promise<void> } {
  async function check(): Promise<void> {
    try {
      if ((await windows.getAll()).some((w) => w.incognito)) return;
      await forget();
    } catch (error) {
      onError?.('private-sessions', error);
    }
  }
  // Registered in the worker's first task, like every listener an MV3 worker must wake for.
  windows.onRemoved.addListener(() => {
    schedule(() => void check(), graceMs);
  });
  // At start too, once the start-up work is done (retention reads the visits then as well).
  schedule(() => void check(), graceMs);
  return { check };
}
