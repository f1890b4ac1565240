import type { EvidenceSink, Visit } from '../model';
import type { TabInfo } from './platform';

/** A tab's cookie store and whether its window is private: fixed for the tab's life. */
export interface TabStore {
  cookieStoreId?: string;
  incognito?: boolean;
}

/** What labelling needs of a visit's runtime state: the visit, and the pending question (see `TabRuntime`). */
interface Labelled {
  visit: Visit;
  storePending?: Promise<void>;
}

export interface TabStores {
  /**
   * Labels the visit with its tab's store: at once when the request named it (Firefox) or the tab's store is known
   * from an earlier visit; else (Chromium, a tab's first visit) once the tab has said, and the visit record is written
   * again. Then the returned promise, also kept as `tab.storePending` until it settles, ends once the store is known.
   */
  label(tab: Labelled, given: TabStore | undefined): Promise<void> | undefined;
  /** A visit restored after a worker restart: its tab's store is known. */
  restore(visit: Visit): void;
  forget(tabId: number): void;
}

/**
 * Each open tab's cookie store and privacy (`lib/capture/visits.ts` labels visits with it). Firefox names a request's
 * store; Chromium only a cookie's, so there the tab is asked (`getTab`, which reads `cookies.getAllCookieStores()`).
 */
export function createTabStores(getTab: (tabId: number) => Promise<TabInfo>, sink: EvidenceSink): TabStores {
  const stores = new Map<number, { id?: string; private: boolean }>();
  return {
    label(tab, given) {
      const tabId = tab.visit.tabId;
      const store = given?.cookieStoreId ? storeOf(given) : stores.get(tabId);
      if (store) {
        stores.set(tabId, store);
        applyStore(tab.visit, store);
        return undefined;
      }
      tab.storePending = getTab(tabId)
        .then(
          (info) => {
            if (!info.cookieStoreId) return;
            const found = storeOf(info);
            stores.set(tabId, found);
            applyStore(tab.visit, found);
            sink.push({ kind: 'visit', visit: { ...tab.visit } });
          },
          () => undefined, // The tab is gone: its visit takes the changes of every store, as before.
        )
        .finally(() => {
          delete tab.storePending;
        });
      return tab.storePending;
    },
    restore(visit) {
      if (visit.cookieStoreId) stores.set(visit.tabId, { id: visit.cookieStoreId, private: visit.private === true });
    },
    forget(tabId) {
      stores.delete(tabId);
    },
  };
}

function storeOf({ cookieStoreId, incognito }: TabStore): { id?: string; private: boolean } {
  return { ...(cookieStoreId && { id: cookieStoreId.slice(0, 200) }), private: incognito === true || cookieStoreId === 'firefox-private' };
}

function applyStore(visit: Visit, store: { id?: string; private: boolean }): void {
  if (store.id) visit.cookieStoreId = store.id;
  if (store.private) visit.private = true;
}
