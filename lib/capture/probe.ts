import { createProbeContext } from './probe-context';
import { hookNetwork } from './probe-network';
import { watchConsentSignals, watchGlobals } from './probe-signals';
import { hookStorage } from './probe-storage';
import { readConfigGlobals, watchRecorderConfig } from './recorder-config-watch';

/**
 * The MAIN-world probe: runs at document_start in every frame, before the page's scripts, and reports what the page
 * hands to fetch, XHR, sendBeacon and WebSocket, its document.cookie and Web Storage writes, the IndexedDB databases
 * it opens, its consent signals (TCF, Consent Mode), the options it hands to session recorders, and which well-known
 * globals it defines.
 *
 * It observes only: every hook calls the original with the original arguments and returns its result, and a failure
 * inside the probe never reaches the page.
 */
export function installProbe(win: Window & typeof globalThis, globals: readonly string[]): void {
  const context = createProbeContext(win);
  hookNetwork(context);
  hookStorage(context);
  watchConsentSignals(context);
  watchRecorderConfig(win, context.emit, context.guard);
  const configsRead = new Set<string>();
  watchGlobals(context, globals, () => readConfigGlobals(win, context.emit, context.guard, configsRead));
}
