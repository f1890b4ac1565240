import type { EvidenceRecord, Visit } from '../model';
import { type Db, DEFAULT_SETTINGS, type Settings, type TabState, visitRange } from './db';

export async function readVisit(db: Db, visitId: string): Promise<Visit | undefined> {
  return db.get('visits', visitId);
}

/** A visit's records in time order. */
export async function readRecords(db: Db, visitId: string): Promise<EvidenceRecord[]> {
  const records = await db.getAll('records', visitRange(visitId));
  return records.sort((a, b) => a.t - b.t);
}

export async function readTabState(db: Db, tabId: number): Promise<TabState | undefined> {
  return db.get('tabs', tabId);
}

export async function readAllTabStates(db: Db): Promise<TabState[]> {
  return db.getAll('tabs');
}

/** What capture resumes from after a worker restart: each tab's current visit, and how many records it holds. */
export interface CaptureState {
  settings: Settings;
  tabs: { visit: Visit; mainRequestId?: string; records: number }[];
}

/** The capture state in the shape the recorder resumes from. */
export async function readCaptureResume(db: Db): Promise<{ maxRecordsPerVisit: number; fullCaptureAllTabs: boolean; tabs: CaptureState['tabs'] }> {
  const { settings, tabs } = await readCaptureState(db);
  return { maxRecordsPerVisit: settings.maxRecordsPerVisit, fullCaptureAllTabs: settings.fullCaptureAllTabs, tabs };
}

export async function readCaptureState(db: Db): Promise<CaptureState> {
  const tabs: CaptureState['tabs'] = [];
  for (const state of await readAllTabStates(db)) {
    const visit = await readVisit(db, state.visitId);
    if (!visit) continue;
    tabs.push({ visit, mainRequestId: state.mainRequestId, records: await db.count('records', visitRange(visit.id)) });
  }
  return { settings: await readSettings(db), tabs };
}

/** Visits of one tab, newest first. */
export async function readTabVisits(db: Db, tabId: number): Promise<Visit[]> {
  const visits = await db.getAllFromIndex('visits', 'byTab', tabId);
  return visits.sort((a, b) => b.startedAt - a.startedAt);
}

export async function readAllVisits(db: Db): Promise<Visit[]> {
  const visits = await db.getAll('visits');
  return visits.sort((a, b) => b.startedAt - a.startedAt);
}

export async function readSettings(db: Db): Promise<Settings> {
  const stored = await db.get('settings', 'settings');
  return { ...DEFAULT_SETTINGS, ...(isObject(stored) ? (stored as Partial<Settings>) : {}) };
}

export async function writeSettings(db: Db, settings: Partial<Settings>): Promise<Settings> {
  const next = { ...(await readSettings(db)), ...settings };
  await db.put('settings', next, 'settings');
  return next;
}

export async function deleteVisit(db: Db, visitId: string): Promise<void> {
  const tx = db.transaction(['visits', 'records', 'screenshots'], 'readwrite');
  await Promise.all([
    tx.objectStore('records').delete(visitRange(visitId)),
    tx.objectStore('screenshots').delete(visitRange(visitId)),
    tx.objectStore('visits').delete(visitId),
    tx.done,
  ]);
}

/**
 * Applies the retention settings: deletes visits older than `retentionDays` and the oldest beyond `maxVisits`.
 * Visits listed in `keep` (the tabs' current visits) are never deleted. Returns the ids deleted.
 */
export async function applyRetention(db: Db, now: number, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
  const settings = await readSettings(db);
  const cutoff = now - settings.retentionDays * 86_400_000;
  const visits = await readAllVisits(db);
  const doomed = visits.filter((v, index) => !keep.has(v.id) && (v.startedAt < cutoff || index >= settings.maxVisits)).map((v) => v.id);
  for (const id of doomed) await deleteVisit(db, id);
  return doomed;
}

/**
 * Deletes the visits of private (Firefox) and incognito (Chromium) windows, with their records and screenshots: a
 * private session's evidence does not outlive it. Visits in `keep` (tabs still open) stay. Returns the ids deleted.
 */
export async function deletePrivateVisits(db: Db, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
  const doomed = (await readAllVisits(db)).filter((v) => v.private === true && !keep.has(v.id)).map((v) => v.id);
  for (const id of doomed) await deleteVisit(db, id);
  return doomed;
}

/** "Delete all data": every visit, record, screenshot, tab state and audit status. Settings stay. */
export async function deleteAll(db: Db): Promise<void> {
  const stores = ['visits', 'records', 'screenshots', 'tabs', 'audits'] as const;
  const tx = db.transaction([...stores], 'readwrite');
  await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
