import type { CookieRecord, EvidenceRecord, StorageRecord } from '../model';
import { cmpCandidates } from './cmp-ids';
import { type CmpReading, type CmpStorage, readCmpStates } from './cmp-state';
import { eventsFromCmpReadings } from './consent-events';
import type { ConsentObservation, NoteTc } from './observations';
import type { NamedValue } from './storage-values';
import { readTcString } from './tcf';
import type { ConsentEvent, InconclusiveReason } from './timeline';

/** Re-reading CMP state stops after this many changes of the cookie jar and localStorage (a page that churns them). */
export const CMP_REREADS_MAX = 2_000;
/**
 * Writes this close together are one save: a CMP writes its cookies one by one (OneTrust: OptanonAlertBoxClosed and
 * OptanonConsent), and reading between them would see a half-saved state. The save is dated by its first write.
 */
export const WRITE_BURST_MS = 100;

/**
 * Replays cookie and localStorage changes in time order and reads every CMP's state after each change. A reading is
 * an event only when it differs from that CMP's previous one. What was there before the visit began — `initial`,
 * localStorage entries the first snapshot found without any write in this visit, and cookies whose first store change
 * is an overwrite, and the jar snapshot taken when the visit started (`via: 'jar'`) — gives a reading at 0 marked
 * `prior`: its choice holds from the start. A jar cookie whose first store change in the visit is a creation was
 * written by this page before the snapshot was read, so it is not prior state.
 */
export function readCmpStorage(
  sorted: readonly EvidenceRecord[],
  initial: CmpStorage | undefined,
  observations: ConsentObservation[],
  reasons: InconclusiveReason[],
  noteTc: NoteTc,
  cmpIds: readonly string[] = [],
): ConsentEvent[] {
  const detected = detectedCmps(sorted, cmpIds);
  const banners = bannerTimes(sorted);
  const cookies = new Map<string, NamedValue>();
  const local = new Map<string, NamedValue>();
  const written = new Set<string>();
  let priorRecord: string | undefined;
  for (const item of initial?.cookies ?? []) cookies.set(`${item.name}\u0000initial`, item);
  for (const item of initial?.localStorage ?? []) local.set(`initial\u0000${item.name}`, item);
  const firstStore = new Map<string, CookieRecord>();
  for (const record of sorted)
    if (record.kind === 'cookie' && record.via === 'store' && !firstStore.has(cookieKey(record))) firstStore.set(cookieKey(record), record);
  for (const record of sorted) {
    if (record.kind !== 'cookie' || record.via !== 'jar' || firstStore.get(cookieKey(record))?.action === 'set') continue;
    cookies.set(`${record.name}\u0000initial`, { name: record.name, value: record.value });
    priorRecord ??= record.id;
  }
  const seenCookies = new Set<string>();
  for (const record of sorted) {
    if (record.kind === 'cookie') {
      // A cookie whose first change in the browser's store is its removal (the store reports an overwrite as the old
      // value removed) was there before the visit, with that value. Script and header records come before the
      // store's own report of the same write, so only store records count.
      if (record.via !== 'store') continue;
      const key = cookieKey(record);
      if (!seenCookies.has(key) && record.action === 'removed' && record.value) {
        cookies.set(key, { name: record.name, value: record.value });
        priorRecord ??= record.id;
      }
      seenCookies.add(key);
      continue;
    }
    if (record.kind !== 'storage' || record.area !== 'localStorage') continue;
    const key = `${record.origin}\u0000${record.key}`;
    if (record.action !== 'present') written.add(key);
    else if (!written.has(key) && record.value !== undefined && !local.has(key)) {
      local.set(key, { name: record.key, value: record.value });
      priorRecord ??= record.id;
    }
  }
  const snapshots: { t: number; readings: CmpReading[]; prior?: boolean; record: string }[] = [];
  const last = new Map<string, string>();
  const read = (t: number, record: string, prior?: boolean) => {
    // Latest write first: readers take the first item of a name, and one cookie may be recorded under two keys.
    const bannerShown = [...banners].flatMap(([id, at]) => (at <= t ? [id] : []));
    const readings = readCmpStates({ cookies: [...cookies.values()].reverse(), localStorage: [...local.values()].reverse(), detected, bannerShown });
    const changed = readings.filter((r) => last.get(r.cmp) !== signature(r));
    for (const r of readings) last.set(r.cmp, signature(r));
    if (changed.length) snapshots.push({ t, readings: changed, record, ...(prior && { prior }) });
  };
  if (cookies.size || local.size) read(0, priorRecord ?? 'initial', true);
  let rereads = 0;
  let pending: { t: number; record: string } | undefined;
  for (const record of sorted) {
    if (rereads >= CMP_REREADS_MAX) break;
    if (pending && record.t - pending.t > WRITE_BURST_MS) {
      rereads++;
      read(pending.t, pending.record);
      pending = undefined;
    }
    if (record.kind === 'cookie' && record.via === 'jar') continue;
    if (record.kind === 'cookie' ? !applyCookie(cookies, record) : record.kind !== 'storage' || !applyStorage(local, record)) continue;
    pending ??= { t: record.t, record: record.id };
  }
  if (pending) read(pending.t, pending.record);

  for (const { t, readings, record } of snapshots) {
    for (const reading of readings) {
      if (reading.choice === 'unknown') {
        reasons.push({ kind: 'unreadable', t, source: 'cmp-storage', detail: `${reading.cmp}: ${reading.error}` });
        continue;
      }
      if (reading.tcString) {
        const tc = readTcString(reading.tcString);
        if (tc.ok) noteTc(reading.tcString, tc, 'storage', t, record);
      }
      if (reading.choice === 'none' || reading.implicit) continue;
      observations.push({ t, kind: 'cmp-storage', record, cmp: reading.cmp, choice: reading.choice, ...(reading.purposes && { purposes: reading.purposes }) });
    }
  }
  return eventsFromCmpReadings(snapshots);
}

/**
 * The CMPs recognised anywhere in the visit: by the caller (vendor database: the CMP's script, globals or cookies) and
 * by autoconsent or our own scenario. A value under a renamed key is read only for these.
 */
function detectedCmps(sorted: readonly EvidenceRecord[], cmpIds: readonly string[]): string[] {
  const ids = new Set(cmpIds);
  for (const record of sorted) {
    if (record.kind !== 'consent' || (record.signal !== 'autoconsent' && record.signal !== 'scenario')) continue;
    const name = record.params.cmp;
    if (typeof name === 'string' && name) for (const id of cmpCandidates(name)) ids.add(id);
  }
  return [...ids];
}

/** When each CMP's banner was first on screen in the visit: autoconsent found it, or our scenario answered it. */
function bannerTimes(sorted: readonly EvidenceRecord[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const record of sorted) {
    if (record.kind !== 'consent') continue;
    const shown =
      (record.signal === 'autoconsent' && record.command === 'popupFound') ||
      (record.signal === 'scenario' && (record.command === 'opt-out' || record.command === 'opt-in'));
    const name = record.params.cmp;
    if (!shown || typeof name !== 'string' || !name) continue;
    for (const id of cmpCandidates(name)) if (!times.has(id)) times.set(id, record.t);
  }
  return times;
}

function applyCookie(jar: Map<string, NamedValue>, record: CookieRecord): boolean {
  const key = cookieKey(record);
  if (record.action === 'removed') return jar.delete(key) || jar.delete(`${record.name}\u0000initial`);
  if (jar.get(key)?.value === record.value) return false;
  jar.delete(`${record.name}\u0000initial`);
  jar.delete(key);
  jar.set(key, { name: record.name, value: record.value });
  return true;
}

/** Paths are left out: a script write and the store's report of it may name different ones. */
function cookieKey(record: CookieRecord): string {
  return `${record.name}\u0000${record.domain.replace(/^\./, '')}`;
}

function applyStorage(local: Map<string, NamedValue>, record: StorageRecord): boolean {
  if (record.area !== 'localStorage') return false;
  const key = `${record.origin}\u0000${record.key}`;
  switch (record.action) {
    case 'set':
    case 'present':
      if (record.value === undefined || local.get(key)?.value === record.value) return false;
      local.delete(key);
      local.set(key, { name: record.key, value: record.value });
      return true;
    case 'remove':
      return local.delete(key);
    case 'clear': {
      const before = local.size;
      for (const k of [...local.keys()]) if (k.startsWith(`${record.origin}\u0000`)) local.delete(k);
      return local.size !== before;
    }
  }
}

function signature(reading: CmpReading): string {
  return reading.choice === 'unknown'
    ? `unknown:${reading.error}`
    : `${reading.choice}:${reading.implicit ? 'i' : ''}:${JSON.stringify(reading.purposes ?? {})}`;
}
