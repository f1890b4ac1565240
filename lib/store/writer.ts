import type { EvidenceRecord, Visit } from '../model';
import type { Db, TabState } from './db';

type Op =
  | { kind: 'record'; record: EvidenceRecord }
  | { kind: 'patch-record'; key: [string, string]; patch: (record: EvidenceRecord) => EvidenceRecord }
  | { kind: 'visit'; visit: Visit }
  | { kind: 'patch-visit'; visitId: string; patch: (visit: Visit) => Visit }
  | { kind: 'tab'; state: TabState }
  | { kind: 'delete-tab'; tabId: number };

export interface Writer {
  push(op: Op): void;
  /** Resolves once everything pushed so far is committed. */
  flushed(): Promise<void>;
}

/**
 * Writes evidence to IndexedDB as it arrives, so a service-worker stop loses nothing already handed over.
 * While a transaction is in flight new operations wait, then go together in the next one: one transaction per event
 * when idle, large batches under load. Order is preserved.
 */
export function createWriter(db: Db | Promise<Db>, onError: (error: unknown) => void): Writer {
  let pending: Op[] = [];
  let running: Promise<void> | undefined;

  function schedule(): Promise<void> {
    running ??= (async () => {
      while (pending.length) {
        const batch = pending;
        pending = [];
        try {
          await commit(await db, batch);
        } catch (error) {
          onError(error);
        }
      }
      running = undefined;
    })();
    return running;
  }

  return {
    push(op) {
      pending.push(op);
      void schedule();
    },
    async flushed() {
      while (running || pending.length) await schedule();
    },
  };
}

async function commit(db: Db, ops: Op[]): Promise<void> {
  const tx = db.transaction(['records', 'visits', 'tabs'], 'readwrite');
  const records = tx.objectStore('records');
  const visits = tx.objectStore('visits');
  const tabs = tx.objectStore('tabs');
  const work: Promise<unknown>[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'record':
        work.push(records.put(op.record));
        break;
      case 'patch-record':
        work.push(records.get(op.key).then((record) => (record ? records.put(op.patch(record)) : undefined)));
        break;
      case 'visit':
        work.push(visits.put(op.visit));
        break;
      case 'patch-visit':
        work.push(visits.get(op.visitId).then((visit) => (visit ? visits.put(op.patch(visit)) : undefined)));
        break;
      case 'tab':
        work.push(tabs.put(op.state));
        break;
      case 'delete-tab':
        work.push(tabs.delete(op.tabId));
        break;
    }
  }
  await Promise.all([...work, tx.done]);
}
