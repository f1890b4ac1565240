import type { Vendor } from '../classify/vendor';
import { cmpCandidates } from '../consent/cmp-ids';
import { type ConsentView, detectConsent } from '../consent/detect-consent';
import type { EvidenceRecord } from '../model';
import type { VendorActivity } from './activity';
import type { RecordFacts } from './scan';

/**
 * The consent view of a visit: the consent layer's timeline, with the consent managers classification attributed
 * (their scripts, self-hosted copies included, their cookies and storage) and the ones whose script failed.
 */
export function readConsent(
  records: readonly EvidenceRecord[],
  facts: ReadonlyMap<string, RecordFacts>,
  vendors: ReadonlyMap<string, Vendor>,
  activity: readonly VendorActivity[],
): ConsentView {
  const cmps = activity.filter((a) => a.category === 'consent-management');
  const cmpIds = new Set(cmps.map((a) => a.id));
  // A consent manager that acted in this visit (wrote its cookie or storage, or autoconsent recognised it) did load,
  // whatever its request says. Its globals prove nothing: the page defines the configuration ones (`klaroConfig`).
  const alive = new Set(
    records.flatMap((r) => {
      if (facts.get(r.id)?.activity === 'stored' && (r.kind === 'cookie' || r.kind === 'storage')) return [facts.get(r.id)?.vendor ?? ''];
      if (r.kind === 'consent' && r.signal === 'autoconsent' && r.command === 'cmpDetected') return cmpCandidates(String(r.params.cmp ?? ''));
      return [];
    }),
  );
  const cmpFailures = records.flatMap((r) => {
    if (r.kind !== 'request' || r.type !== 'script') return [];
    const id = facts.get(r.id)?.vendor;
    if (!id || !cmpIds.has(id) || vendors.get(id)?.category !== 'consent-management') return [];
    if (r.error) return [{ id, t: r.completedAt ?? r.t, detail: r.error }];
    if (r.status !== undefined) return r.status >= 400 ? [{ id, t: r.t, detail: `HTTP ${r.status}` }] : [];
    // No answer yet (a script that hangs): the banner may never have shown, so what ran "before the choice" proves little.
    // An everyday capture never listened for the answer, so its absence says nothing.
    return r.recovered || r.everyday || alive.has(id) ? [] : [{ id, t: r.t, detail: 'no response yet' }];
  });
  return detectConsent({ records, cmpVendors: cmps.map((a) => ({ id: a.id, firstSeen: a.firstSeen })), cmpFailures });
}
