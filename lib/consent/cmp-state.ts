import { CMP_READERS } from './readers/index';
import { unreadable } from './reading';
import type { NamedValue } from './storage-values';

/** The page's cookies and localStorage entries, as read by the content script. Untrusted, possibly URL-encoded. */
export interface CmpStorage {
  cookies: readonly NamedValue[];
  localStorage: readonly NamedValue[];
  /**
   * CMP ids recognised on the page by other evidence (autoconsent, the CMP's script or globals). Only for these is a
   * value under a name of the site's choosing read ({@link CmpReader.readRenamed}): a value's shape alone is a hint.
   */
  detected?: readonly string[];
  /**
   * CMP ids whose banner was on screen before these values were read (autoconsent found it, or our scenario answered
   * it). A value of a shape many sites use for other things (a JSON map of booleans, `allow`/`deny`) under a renamed key
   * is read only for these: a site's own `{"tourSeen":false}` must never pass for a refusal.
   */
  bannerShown?: readonly string[];
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
  /** The cookie or localStorage name read, when it is not the CMP's default (the site renamed it). */
  key?: string;
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
  /**
   * Reads one value stored under a name the site chose, when it has this CMP's shape (most open-source CMPs let the
   * site rename their cookie or storage key). Null when the shape is not this CMP's. Asked only when this CMP was
   * detected on the page and left nothing under its default names.
   */
  readRenamed?(item: NamedValue): CmpReading | null;
  /** The shape {@link readRenamed} recognises is common outside this CMP: read it only once its banner was shown. */
  genericShape?: true;
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
  const detected = new Set(Array.isArray(storage?.detected) ? storage.detected : []);
  const bannerShown = new Set(Array.isArray(storage?.bannerShown) ? storage.bannerShown : []);
  const readings = readers.map((reader) => readSafely(reader, safe)).filter((r): r is CmpReading => r !== null);
  for (const reader of readers) {
    if (!reader.readRenamed || !(reader.genericShape ? bannerShown : detected).has(reader.id) || readings.some((r) => r.cmp === reader.id)) continue;
    const renamed = readRenamedSafely(reader, safe, readers);
    if (renamed) readings.push(renamed);
  }
  const claimed = new Set(readings.flatMap((r) => (r.cmp !== 'iab-tcf' && r.choice !== 'unknown' && r.tcString ? [r.tcString] : [])));
  return readings.filter((r) => !(r.cmp === 'iab-tcf' && r.choice !== 'unknown' && r.tcString && claimed.has(r.tcString)));
}

export function isCmpStateError(reading: CmpReading): reading is CmpStateError {
  return reading.choice === 'unknown';
}

/** Most values of one CMP's shape looked at under other names. */
const RENAMED_MAX = 300;

/**
 * The value of `reader`'s shape under a name no reader knows (a value some reader reads by its default name is that
 * CMP's). The latest such value when they agree (items come latest first); unreadable when values of the shape
 * disagree, since which one the CMP uses cannot be told.
 */
function readRenamedSafely(reader: CmpReader, storage: CmpStorage, readers: readonly CmpReader[]): CmpReading | null {
  const found: CmpState[] = [];
  const items = [...storage.cookies, ...storage.localStorage].slice(0, RENAMED_MAX);
  for (const item of items) {
    if (!item || typeof item.name !== 'string' || typeof item.value !== 'string') continue;
    let reading: CmpReading | null;
    try {
      reading = reader.readRenamed?.(item) ?? null;
    } catch {
      continue;
    }
    if (!reading || isCmpStateError(reading)) continue;
    const alone: CmpStorage = { cookies: [item], localStorage: [item] };
    if (readers.some((other) => readSafely(other, alone) !== null)) continue;
    found.push({ ...reading, key: item.name.slice(0, 120) });
  }
  const [first] = found;
  if (!first) return null;
  const summary = (r: CmpState) => `${r.choice}:${JSON.stringify(r.purposes ?? {})}`;
  if (found.some((r) => summary(r) !== summary(first)))
    return unreadable(reader.id, `${found.length} values of its shape disagree (${[...new Set(found.map((r) => r.key))].join(', ').slice(0, 120)})`, '');
  return first;
}

function readSafely(reader: CmpReader, storage: CmpStorage): CmpReading | null {
  try {
    return reader.read(storage);
  } catch (error) {
    // A reader bug must not hide the other CMPs; the reading carries the error instead.
    return unreadable(reader.id, `reader-failed: ${error instanceof Error ? error.message : String(error)}`, '');
  }
}
