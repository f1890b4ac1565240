import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { EvidenceRecord, Visit } from '../model';

export interface TabState {
  tabId: number;
  visitId: string;
  /** Browser request id of the main_frame request that started the visit (redirects keep it). */
  mainRequestId?: string;
}

export interface Settings {
  /** Visits older than this many days are deleted. */
  retentionDays: number;
  /** At most this many visits are kept; the oldest go first. */
  maxVisits: number;
  /** Records one visit may hold; beyond it records are counted in `Visit.dropped`. */
  maxRecordsPerVisit: number;
  /** The popup and report page language; `auto` follows the browser's. */
  language: LanguageSetting;
}

export const LANGUAGE_SETTINGS = ['auto', 'en', 'fr'] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

export const DEFAULT_SETTINGS: Settings = { retentionDays: 7, maxVisits: 200, maxRecordsPerVisit: 50_000, language: 'auto' };

interface InspectorDb extends DBSchema {
  visits: { key: string; value: Visit; indexes: { byTab: number; byStart: number } };
  records: { key: [string, string]; value: EvidenceRecord };
  tabs: { key: number; value: TabState };
  settings: { key: string; value: unknown };
}

export type Db = IDBPDatabase<InspectorDb>;

export const DB_NAME = 'consent-inspector';

export function openDb(name = DB_NAME): Promise<Db> {
  return openDB<InspectorDb>(name, 1, {
    upgrade(db) {
      const visits = db.createObjectStore('visits', { keyPath: 'id' });
      visits.createIndex('byTab', 'tabId');
      visits.createIndex('byStart', 'startedAt');
      db.createObjectStore('records', { keyPath: ['visitId', 'id'] });
      db.createObjectStore('tabs', { keyPath: 'tabId' });
      db.createObjectStore('settings');
    },
  });
}

export function visitRange(visitId: string): IDBKeyRange {
  return IDBKeyRange.bound([visitId, ''], [visitId, '\uffff']);
}
