import { CMP_READERS } from './readers/index';
import type { CmpReader, CmpReading, CmpState, CmpStateError, CmpStorage } from './cmp-reader';
import { unreadable } from './reading';

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
