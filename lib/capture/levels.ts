import type { CaptureLevel } from '../model';
import type { CaptureApi, RequestDetails } from './platform';

/** What the request listeners hand each event to (in the recorder: its queue). */
export interface RequestHandlers {
  onBeforeRequest(details: RequestDetails): void;
  onSendHeaders(details: RequestDetails): void;
  onHeadersReceived(details: RequestDetails): void;
}

/** Which tabs get full capture, and the listeners that give it to them. */
export interface CaptureLevels {
  /** The level a tab's events get now. */
  levelOf(tabId: number): CaptureLevel;
  /** Full capture for the tab from its next event on, until the tab closes. False when it already had it. */
  inspectFully(tabId: number): boolean;
  /**
   * Full capture for every tab (the "full capture everywhere" setting), or per inspected tab. Capture starts with
   * every tab full, until the store has answered.
   */
  setAllTabs(on: boolean): void;
  /** The tab closed: its full listeners go. */
  forget(tabId: number): void;
}

const ALL_URLS = ['<all_urls>'];

/**
 * The two capture levels as webRequest listeners. Every listener costs each request of every tab an IPC to the
 * worker, and `requestBody` and `extraHeaders` cost more (Chromium routes such requests through the browser process).
 * So the everyday listeners, registered at start for every tab, are the cheap ones: `onBeforeRequest` without the
 * body, redirects and errors. The full ones (`requestBody`, request headers, response headers with `Set-Cookie`) are
 * registered with a `tabId` filter for each inspected tab, or once for all tabs by setting. A tab with full listeners
 * gets each `onBeforeRequest` twice; the everyday copy is dropped, decided when the event arrives, so an event that
 * came before the full listener was added is still handled once.
 *
 * MV3 workers stop when idle, and a woken worker gets its first events only through the listeners it registers in its
 * first task, before its store (the inspected tabs, the setting) has answered. So capture starts with the full
 * listeners on every tab and narrows them once the store answers (`setAllTabs`): an inspected tab loses nothing.
 * https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-RequestFilter
 */
export function startCaptureLevels(api: CaptureApi, handlers: RequestHandlers): CaptureLevels {
  /** Tabs being inspected, and the full listeners of each while the setting does not cover every tab. */
  const inspected = new Map<number, (() => void) | undefined>();
  const { webRequest } = api;
  // Until the store says which tabs are inspected and what the setting is, every tab gets full capture: a woken
  // worker then loses nothing of an inspected tab, and `setAllTabs` narrows it a few milliseconds later.
  let allTabs: (() => void) | undefined = addFull({ urls: ALL_URLS });
  const covered = (tabId: number) => allTabs !== undefined || inspected.has(tabId);

  webRequest.onBeforeRequest.addListener(
    (d: RequestDetails) => {
      if (!covered(d.tabId)) handlers.onBeforeRequest({ ...d, everyday: true });
      return undefined;
    },
    { urls: ALL_URLS },
  );

  /** Adds the full listeners for one filter; returns what removes them. */
  function addFull(filter: { urls: string[]; tabId?: number }): () => void {
    // Fresh functions for each filter: a browser may treat the same function added twice as one listener.
    const before = (d: RequestDetails) => void handlers.onBeforeRequest(d);
    const received = (d: RequestDetails) => void handlers.onHeadersReceived(d);
    const sent = (d: RequestDetails) => void handlers.onSendHeaders(d);
    const extra = webRequest.OnHeadersReceivedOptions?.EXTRA_HEADERS;
    const sendExtra = webRequest.OnSendHeadersOptions?.EXTRA_HEADERS;
    webRequest.onBeforeRequest.addListener(before, filter, ['requestBody']);
    webRequest.onHeadersReceived.addListener(received, filter, extra ? ['responseHeaders', extra] : ['responseHeaders']);
    webRequest.onSendHeaders?.addListener(sent, filter, sendExtra ? ['requestHeaders', sendExtra] : ['requestHeaders']);
    return () => {
      webRequest.onBeforeRequest.removeListener?.(before);
      webRequest.onHeadersReceived.removeListener?.(received);
      webRequest.onSendHeaders?.removeListener?.(sent);
    };
  }
  // Never both a tab's listeners and the all-tabs ones: each event would be handled twice.
  const forTab = (tabId: number) => (allTabs ? undefined : addFull({ urls: ALL_URLS, tabId }));

  return {
    levelOf: (tabId) => (covered(tabId) ? 'full' : 'everyday'),
    inspectFully(tabId) {
      if (tabId < 0 || inspected.has(tabId)) return false;
      inspected.set(tabId, forTab(tabId));
      return true;
    },
    setAllTabs(on) {
      if (on && !allTabs) {
        for (const [tabId, remove] of inspected) {
          remove?.();
          inspected.set(tabId, undefined);
        }
        allTabs = addFull({ urls: ALL_URLS });
      } else if (!on && allTabs) {
        allTabs();
        allTabs = undefined;
        for (const tabId of inspected.keys()) inspected.set(tabId, forTab(tabId));
      }
    },
    forget(tabId) {
      inspected.get(tabId)?.();
      inspected.delete(tabId);
    },
  };
}
