import type { ConsentSignalRecord, EvidenceRecord } from '../model';
import { readGenericChoice } from './generic-choice';
import { type ConsentEvent, UNKNOWN_CMP } from './timeline';

/** A value the unknown manager writes "right after" the click: within this window (ms). */
export const CLICK_WRITE_MS = 3_000;

/**
 * Timeline events from the consent banners the content script saw in the DOM (`signal: 'banner'`), whoever made them.
 *
 * - A consent banner (`shown`, type `consent-banner`: consent wording and a way to refuse or to choose) is a consent
 *   manager the product does not know: `cmp-detected` and `banner-shown` with cmp `unknown`. The timeline drops these
 *   when a named consent manager was seen in the visit (it is then most likely that one's banner), so `unknown` stands in
 *   `ConsentView.cmps` only when no named one did.
 * - A notice without a choice (type `notice`: only "OK" or "Accept") gives no event: it is not a consent mechanism.
 * - A click on the banner's refuse or accept control is a choice only when a cookie or localStorage value written
 *   within {@link CLICK_WRITE_MS} after it reads, generically, as that same choice (`cmp-storage`, cmp `unknown`). A
 *   label is what the page claims; the stored value is what it will act on.
 *
 * `records` must be in time order.
 */
export function eventsFromBanners(records: readonly EvidenceRecord[]): ConsentEvent[] {
  const events: ConsentEvent[] = [];
  for (const record of records) {
    if (record.kind !== 'consent' || record.signal !== 'banner' || record.params.type !== 'consent-banner') continue;
    if (record.command === 'shown') {
      events.push(
        { t: record.t, source: 'banner', kind: 'cmp-detected', cmp: UNKNOWN_CMP },
        { t: record.t, source: 'banner', kind: 'banner-shown', cmp: UNKNOWN_CMP },
      );
    } else if (record.command === 'clicked') {
      const choice = clickedChoice(record, records);
      if (choice) events.push({ t: record.t, source: 'cmp-storage', kind: 'choice', cmp: UNKNOWN_CMP, choice });
    }
  }
  return events;
}

function clickedChoice(click: ConsentSignalRecord, records: readonly EvidenceRecord[]): 'accept' | 'reject' | undefined {
  const role = click.params.role;
  if (role !== 'accept' && role !== 'reject') return undefined;
  for (const record of records) {
    if (record.t < click.t) continue;
    if (record.t > click.t + CLICK_WRITE_MS) break;
    const written = writtenValue(record);
    if (written && readGenericChoice(written.name, written.value) === role) return role;
  }
  return undefined;
}

/** The name and value a record wrote in the visit (a cookie set, a localStorage write), or undefined. */
function writtenValue(record: EvidenceRecord): { name: string; value: string } | undefined {
  if (record.kind === 'cookie' && record.action === 'set' && record.via !== 'jar') return { name: record.name, value: record.value };
  if (record.kind === 'storage' && record.action === 'set' && record.area === 'localStorage' && record.value !== undefined)
    return { name: record.key, value: record.value };
  return undefined;
}
