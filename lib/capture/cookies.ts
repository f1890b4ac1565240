import { captureCookieJar, storeCookieFields } from './cookie-jar';
import type { CaptureApi, CookieChange } from './platform';
import { nextRecordId, type TabRuntime, type Visits } from './visits';

export interface CookieCaptureDeps {
  visits: Visits;
  cookies: CaptureApi['cookies'];
  siteOf: (hostname: string) => string;
  now: () => number;
}

/** The browser's cookie store → cookie records: its changes, and the jar a visit starts with. */
export interface CookieCapture {
  /** Called as the event arrives, before it waits its turn in the capture queue. */
  noteChange(change: CookieChange): void;
  onChanged(change: CookieChange): void;
  /** The cookies the page's URL already had when its visit started (a consent choice from an earlier visit). */
  snapshotJar(tab: TabRuntime, url: string): Promise<void>;
  /** The changes of the last seconds that happened after a new visit started (reported before its first event). */
  replayRecent(tab: TabRuntime): void;
}

/** Cookie changes kept to replay into a visit that starts after them: at most this many, this recent (ms). */
const RECENT_CHANGES = 500;
const RECENT_MS = 5000;

function jarKey(name: string, { domain, path }: { domain: string; path: string }): string {
  return `${name}\u0000${domain}\u0000${path}`;
}

export function createCookieCapture({ visits, cookies, siteOf, now }: CookieCaptureDeps): CookieCapture {
  const recent: { change: CookieChange; at: number }[] = [];
  /** Cookies stored lately, noted as their events arrive (the jar snapshot runs ahead of their turn in the queue). */
  const stored = new Map<string, number>();

  /**
   * Records a cookie-store change in a visit when the cookie belongs to one of the visit's sites, in the visit's own
   * cookie store when the browser names it (a Firefox container or private window has a jar of its own). The browser
   * may report a cookie set by a document's response before the webRequest event that starts its visit.
   */
  function attribute(tab: TabRuntime, { removed, cookie, cause }: CookieChange, at: number): void {
    if (tab.storePending) return; // Replayed once the visit's store is known.
    const store = tab.visit.cookieStoreId;
    if (store !== undefined && cookie.storeId !== undefined && cookie.storeId !== store) return;
    const fields = storeCookieFields(cookie);
    if (!tab.visit.sites.includes(siteOf(fields.domain))) return;
    visits.add(tab, {
      kind: 'cookie',
      id: nextRecordId('c'),
      visitId: tab.visit.id,
      t: Math.round(at - tab.visit.startedAt),
      source: 'network',
      frameId: -1,
      via: 'store',
      action: removed ? 'removed' : 'set',
      name: cookie.name,
      value: cookie.value,
      ...fields,
      // The store only knows the clamped expiry; the declaration is on the matching header or script record.
      declaredLifetime: cookie.session || cookie.expirationDate === undefined ? null : Math.round(cookie.expirationDate - at / 1000),
      cause,
    });
  }

  return {
    noteChange({ removed, cookie }) {
      const at = now();
      for (const [key, when] of stored) if (when < at - RECENT_MS) stored.delete(key);
      if (!removed && stored.size < RECENT_CHANGES) stored.set(jarKey(cookie.name, storeCookieFields(cookie)), at);
    },
    onChanged(change) {
      const at = now();
      recent.push({ change, at });
      while (recent.length > RECENT_CHANGES || (recent[0] && recent[0].at < at - RECENT_MS)) recent.shift();
      for (const tab of visits.all()) attribute(tab, change, at);
    },
    async snapshotJar(tab, url) {
      if (!cookies.getAll || !/^https?:/.test(url)) return;
      await tab.storePending;
      const getAll = cookies.getAll.bind(cookies);
      const records = await captureCookieJar(getAll, url, { visitId: tab.visit.id }, siteOf, () => nextRecordId('j'), tab.visit.cookieStoreId);
      // The query can answer after the page's first response stored its cookies (Firefox does): those were set by
      // this visit, not left by an earlier one. Their change events may arrive just after the answer.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const setByThisVisit = (key: string) => (stored.get(key) ?? -Infinity) >= tab.visit.startedAt;
      for (const record of records) if (!setByThisVisit(jarKey(record.name, record))) visits.add(tab, record);
    },
    replayRecent(tab) {
      for (const { change, at } of recent) if (at >= tab.visit.startedAt) attribute(tab, change, at);
    },
  };
}
