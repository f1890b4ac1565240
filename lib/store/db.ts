import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { EvidenceRecord, Screenshot, TabState, Visit } from '../model';
import type { ScenarioStatus } from '../scenario';

export type { TabState } from '../model';

export interface Settings {
  /** Visits older than this many days are deleted. */
  retentionDays: number;
  /** At most this many visits are kept; the oldest go first. */
  maxVisits: number;
  /** Records one visit may hold; beyond it records are counted in `Visit.dropped`. */
  maxRecordsPerVisit: number;
  /** The popup and report page language; `auto` follows the browser's. */
  language: LanguageSetting;
  /** Full capture (`CaptureLevel`) on every tab, not only on inspected and audited ones; costs page-load time. */
  fullCaptureAllTabs: boolean;
}

export const LANGUAGE_SETTINGS = ['auto', 'en', 'fr'] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

export const DEFAULT_SETTINGS: Settings = { retentionDays: 7, maxVisits: 200, maxRecordsPerVisit: 50_000, language: 'auto', fullCaptureAllTabs: false };

interface InspectorDb extends DBSchema {
  visits: { key: string; value: Visit; indexes: { byTab: number; byStart: number } };
  records: { key: [string, string]; value: EvidenceRecord };
  tabs: { key: number; value: TabState };
  settings: { key: string; value: unknown };
  /** The latest reject/accept audit of each tab: its progress, read by the popup, and kept across worker restarts. */
  audits: { key: number; value: StoredScenarioStatus };
  /** Screenshots of a reject/accept audit's tab, by visit (lib/store/screenshots.ts); deleted with their visit. */
  screenshots: { key: [string, string]; value: Screenshot };
}

export interface StoredScenarioStatus extends ScenarioStatus {
  tabId: number;
}

/** The schema version; every change gets an upgrade step below and a test that opens a database of the previous one. */
export const DB_VERSION = 3;

export type Db = IDBPDatabase<InspectorDb>;

export const DB_NAME = 'consent-inspector';

export function openDb(name = DB_NAME): Promise<Db> {
  return openDB<InspectorDb>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const visits = db.createObjectStore('visits', { keyPath: 'id' });
        visits.createIndex('byTab', 'tabId');
        visits.createIndex('byStart', 'startedAt');
        db.createObjectStore('records', { keyPath: ['visitId', 'id'] });
        db.createObjectStore('tabs', { keyPath: 'tabId' });
        db.createObjectStore('settings');
      }
      if (oldVersion < 2) db.createObjectStore('audits', { keyPath: 'tabId' });
      if (oldVersion < 3) db.createObjectStore('screenshots', { keyPath: ['visitId', 'id'] });
    },
  });
}

export function visitRange(visitId: string): IDBKeyRange {
  return IDBKeyRange.bound([visitId, ''], [visitId, '\uffff']);
}
