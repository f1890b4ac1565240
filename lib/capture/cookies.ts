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
  onChanged(change: CookieChange): void;
  /** The cookies the page's URL already had when its visit started (a consent choice from an earlier visit). */
  snapshotJar(tab: TabRuntime, url: string): Promise<void>;
  /** The changes of the last seconds that happened after a new visit started (reported before its first event). */
  replayRecent(tab: TabRuntime): void;
}

/** Cookie changes kept to replay into a visit that starts after them: at most this many, this recent (ms). */
const RECENT_CHANGES = 500;
const RECENT_MS = 5000;

export function createCookieCapture({ visits, cookies, siteOf, now }: CookieCaptureDeps): CookieCapture {
  const recent: { change: CookieChange; at: number }[] = [];

  /**
   * Records a cookie-store change in a visit when the cookie belongs to one of the visit's sites. The browser may
   * report a cookie set by a document's response before the webRequest event that starts its visit.
   */
  function attribute(tab: TabRuntime, { removed, cookie, cause }: CookieChange, at: number): void {
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
    onChanged(change) {
      const at = now();
      recent.push({ change, at });
      while (recent.length > RECENT_CHANGES || (recent[0] && recent[0].at < at - RECENT_MS)) recent.shift();
      for (const tab of visits.all()) attribute(tab, change, at);
    },
    async snapshotJar(tab, url) {
      if (!cookies.getAll || !/^https?:/.test(url)) return;
      const getAll = cookies.getAll.bind(cookies);
      const records = await captureCookieJar(getAll, url, { visitId: tab.visit.id }, siteOf, () => nextRecordId('j'));
      for (const record of records) visits.add(tab, record);
    },
    replayRecent(tab) {
      for (const { change, at } of recent) if (at >= tab.visit.startedAt) attribute(tab, change, at);
    },
  };
}
