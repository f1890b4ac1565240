import { type Db, visitRange } from './db';
import { deleteVisit, readAllTabStates, readAllVisits } from './visits';

/**
 * Whether a failed write failed because the storage quota or the disk is full. IndexedDB reports the quota as a
 * `QuotaExceededError` DOMException from the request or the transaction
 * (https://w3c.github.io/IndexedDB/#dom-idbtransaction-error). Chromium reports a disk that is really full in two
 * ways (seen in Chromium 156, tests/e2e/quota.e2e.ts): `QuotaExceededError` "Encountered disk full while committing
 * transaction", or, when a large value's file cannot be written, `DataError` "Failed to write blobs (IOError)".
 */
export function isQuotaError(error: unknown): boolean {
  return [error, (error as { error?: unknown } | null)?.error].some((e) => {
    const { name, message } = (e ?? {}) as { name?: unknown; message?: unknown };
    return name === 'QuotaExceededError' || (name === 'DataError' && typeof message === 'string' && /failed to write blobs/i.test(message));
  });
}

/**
 * Whether a call failed on a connection that cannot be used now: one the browser closed (Chromium does after a write
 * fails for a full disk: "The database connection is closing", and the transactions in flight then are aborted with
 * a bare AbortError, seen in Chromium 156), or Firefox's clean-up transaction after a quota error. Each passes: the
 * connection is opened again (`openLastingDb`), the clean-up transaction ends, and the write is tried again.
 */
export function isClosedError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'InvalidStateError' || name === 'AbortError';
}

/**
 * Frees space for new evidence: deletes the oldest quarter (at least one) of the stored visits, never a visit in
 * `keep` nor a tab's current visit. `moving`: tabs whose current visit the failing batch replaces (a new page): their
 * stored current visit is a past one, or the new page could never be written while the last one fills the disk.
 * Returns how many visits were deleted (0: nothing left to delete).
 */
export async function deleteOldestVisits(db: Db, keep: ReadonlySet<string>, moving: ReadonlySet<number> = new Set()): Promise<number> {
  const current = new Set((await readAllTabStates(db)).filter((t) => !moving.has(t.tabId)).map((t) => t.visitId));
  const candidates = (await readAllVisits(db)).filter((v) => !keep.has(v.id) && !current.has(v.id)).reverse();
  const doomed = candidates.slice(0, Math.max(1, Math.ceil(candidates.length / 4)));
  for (const visit of doomed) await deleteVisit(db, visit.id);
  return doomed.length;
}

/**
 * Frees room for a visit's `truncated` mark when the visit's own records fill the quota (Firefox refuses even that
 * small write then): deletes the visit's largest record, the one whose loss frees the most space for the least
 * evidence. Returns whether a record was deleted.
 */
export async function deleteLargestRecord(db: Db, visitId: string): Promise<boolean> {
  const tx = db.transaction('records', 'readwrite');
  let largest: { key: IDBValidKey; size: number } | undefined;
  for (let cursor = await tx.store.openCursor(visitRange(visitId)); cursor; cursor = await cursor.continue()) {
    const body = (cursor.value as { body?: { bytes?: Uint8Array } }).body;
    const size = body?.bytes?.byteLength ?? 0;
    if (!largest || size > largest.size) largest = { key: cursor.primaryKey, size };
  }
  if (largest) await tx.store.delete(largest.key as [string, string]);
  await tx.done;
  return largest !== undefined;
}
