import type { TabData } from '../messages';
import type { CookieRecord, RequestRecord, StorageRecord, Visit } from '../model';
import { partyOfUrl } from './build';

export interface TabSummary {
  visit?: Visit;
  requests: (RequestRecord & { party: 'first' | 'third' })[];
  thirdPartyRequests: number;
  cookies: CookieRecord[];
  storage: StorageRecord[];
}

/** Groups one tab's records for the popup, in time order. */
export function summarizeTab({ visit, records }: TabData): TabSummary {
  const sorted = [...records].sort((a, b) => a.t - b.t);
  const site = visit?.site ?? '';
  const requests = sorted.filter((r): r is RequestRecord => r.kind === 'request').map((r) => ({ ...r, party: partyOfUrl(r.url, site) }));
  return {
    visit,
    requests,
    thirdPartyRequests: requests.filter((r) => r.party === 'third').length,
    cookies: sorted.filter((r): r is CookieRecord => r.kind === 'cookie'),
    storage: sorted.filter((r): r is StorageRecord => r.kind === 'storage'),
  };
}
