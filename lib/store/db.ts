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

/** `terminated`: the browser closed the connection abnormally (the 'close' event). */
export function openDb(name = DB_NAME, terminated?: () => void): Promise<Db> {
  return openDB<InspectorDb>(name, DB_VERSION, {
    ...(terminated && { terminated }),
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

const reopening = new WeakMap<object, () => Promise<void>>();

/** How often, and how long apart, a connection the browser closed is opened again before it is given up. */
const REOPEN_TRIES = 10;
const REOPEN_PAUSE_MS = 200;

/**
 * The database, opened again whenever the browser closes the connection: Chromium closes it after a write fails for
 * a full disk, and every later call would fail ("The database connection is closing") until the worker restarts. The
 * handle stays the same object: each property is read from the connection open at the time. A call made while it is
 * being opened again still fails; `reopened` waits for it.
 */
export async function openLastingDb(name = DB_NAME, onError?: (error: unknown) => void): Promise<Db> {
  let pending: Promise<void> | undefined;
  const connect = () => openDb(name, () => (pending ??= reconnect()));
  let current = await connect();
  async function reconnect(): Promise<void> {
    for (let attempt = 1; attempt <= REOPEN_TRIES; attempt++) {
      try {
        current = await connect();
        break;
      } catch (error) {
        if (attempt === REOPEN_TRIES) onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, REOPEN_PAUSE_MS * attempt));
      }
    }
    pending = undefined;
  }
  const handle = new Proxy({} as Db, {
    get(_target, property) {
      const connection = current;
      const value: unknown = Reflect.get(connection, property, connection);
      return typeof value === 'function' ? value.bind(connection) : value;
    },
  });
  reopening.set(handle, () => pending ?? Promise.resolve());
  return handle;
}

/** Resolves once a connection the browser closed is open again (at once when none is being opened again). */
export function reopened(db: Db): Promise<void> {
  return reopening.get(db)?.() ?? Promise.resolve();
}

export function visitRange(visitId: string): IDBKeyRange {
  return IDBKeyRange.bound([visitId, ''], [visitId, '\uffff']);
}
