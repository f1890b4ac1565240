import type { Db } from './db';
import { deleteVisit, readAllTabStates, readAllVisits } from './visits';

/**
 * Whether a failed write failed because the storage quota is reached. IndexedDB reports it as a `QuotaExceededError`
 * DOMException from the request or the transaction (https://w3c.github.io/IndexedDB/#dom-idbtransaction-error).
 */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const inner = (error as { error?: { name?: unknown } } | null)?.error?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}

/**
 * Frees space for new evidence: deletes the oldest quarter (at least one) of the stored visits, never a visit in
 * `keep` nor a tab's current visit. Returns how many visits were deleted (0: nothing left to delete).
 */
export async function deleteOldestVisits(db: Db, keep: ReadonlySet<string>): Promise<number> {
  const current = new Set((await readAllTabStates(db)).map((t) => t.visitId));
  const candidates = (await readAllVisits(db)).filter((v) => !keep.has(v.id) && !current.has(v.id)).reverse();
  const doomed = candidates.slice(0, Math.max(1, Math.ceil(candidates.length / 4)));
  for (const visit of doomed) await deleteVisit(db, visit.id);
  return doomed.length;
}
