import { CMP_READERS } from './readers/index';
import { unreadable } from './reading';
import type { NamedValue } from './storage-values';

/** The page's cookies and localStorage entries, as read by the content script. Untrusted, possibly URL-encoded. */
export interface CmpStorage {
  cookies: readonly NamedValue[];
  localStorage: readonly NamedValue[];
}

/** What the stored state says: `none` when the CMP stored state but no decision. */
export type CmpChoice = 'none' | 'accept' | 'reject' | 'partial';

export interface CmpState {
  /** The CMP's vendor id (`onetrust`, `cookiebot` …), or `iab-tcf` / `iab-gpp` for a bare framework value. */
  cmp: string;
  choice: CmpChoice;
  /** Category, purpose or service → granted, in the CMP's own vocabulary. */
  purposes?: Record<string, boolean>;
  /** The value read, capped. */
  raw: string;
  /** The IAB TC string the CMP stored beside its own state, when it decodes. */
  tcString?: string;
  /**
   * Set when the stored state was not set by the visitor: defaults of an opt-out region, implied consent, a category
   * forced on by the site. The timeline does not count such a state as a choice.
   */
  implicit?: true;
  /** When the CMP says the decision was stored (epoch ms), if it says. */
  decidedAt?: number;
}

/** The CMP's value is there but could not be read. */
export interface CmpStateError {
  cmp: string;
  choice: 'unknown';
  error: string;
  raw: string;
}

export type CmpReading = CmpState | CmpStateError;

/** One CMP's storage reader: null when none of its keys is present. Never throws. */
export interface CmpReader {
  /** The CMP's vendor id; also the reader's filename. */
  id: string;
  read(storage: CmpStorage): CmpReading | null;
}

/**
 * Every reader's reading of the storage, in registry order. A bare `iab-tcf` reading is dropped when a CMP reader
 * already reported the same TC string, so one CMP is not counted twice.
 */
export function readCmpStates(storage: CmpStorage, readers: readonly CmpReader[] = CMP_READERS): CmpReading[] {
  const safe: CmpStorage = {
    cookies: Array.isArray(storage?.cookies) ? storage.cookies : [],
    localStorage: Array.isArray(storage?.localStorage) ? storage.localStorage : [],
  };
  const readings = readers.map((reader) => readSafely(reader, safe)).filter((r): r is CmpReading => r !== null);
  const claimed = new Set(readings.flatMap((r) => (r.cmp !== 'iab-tcf' && r.choice !== 'unknown' && r.tcString ? [r.tcString] : [])));
  return readings.filter((r) => !(r.cmp === 'iab-tcf' && r.choice !== 'unknown' && r.tcString && claimed.has(r.tcString)));
}

export function isCmpStateError(reading: CmpReading): reading is CmpStateError {
  return reading.choice === 'unknown';
}

function readSafely(reader: CmpReader, storage: CmpStorage): CmpReading | null {
  try {
    return reader.read(storage);
  } catch (error) {
    // A reader bug must not hide the other CMPs; the reading carries the error instead.
    return unreadable(reader.id, `reader-failed: ${error instanceof Error ? error.message : String(error)}`, '');
  }
}
