import type { EvidenceRecord, EvidenceSink, EvidenceWrite, TabState, Visit } from '../model';
import type { Db } from './db';

export type Op = EvidenceWrite;
export type Writer = EvidenceSink;

/**
 * Writes evidence to IndexedDB as it arrives, so a service-worker stop loses nothing already handed over.
 * While a transaction is in flight new operations wait, then go together in the next one: one transaction per event
 * when idle, large batches under load. Order is preserved.
 */
export function createWriter(db: Db | Promise<Db>, onError: (error: unknown) => void, recentLimit = RECENT_RECORDS): Writer {
  let pending: Op[] = [];
  let running: Promise<void> | undefined;
  const recent = createRecent(recentLimit);

  function schedule(): Promise<void> {
    running ??= (async () => {
      while (pending.length) {
        const batch = pending;
        pending = [];
        try {
          await commit(await db, batch, recent);
        } catch (error) {
          recent.clear();
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
    forget() {
      recent.clear();
    },
  };
}

/**
 * Commits one batch in one transaction. Puts and patches of the same key are folded in memory first, so each key is
 * read at most once and written once: two patches of one record can never read the same old version.
 */
async function commit(db: Db, ops: Op[], recent: Recent): Promise<void> {
  const records = new Map<string, Folded<EvidenceRecord>>();
  const visits = new Map<string, Folded<Visit>>();
  const tabs = new Map<number, TabState | null>();
  for (const op of ops) {
    switch (op.kind) {
      case 'record':
        records.set(recordKey(op.record.visitId, op.record.id), { key: [op.record.visitId, op.record.id], value: op.record, patches: [] });
        break;
      case 'patch-record':
        fold(records, recordKey(...op.key), op.key, op.patch, op.fallback);
        break;
      case 'visit':
        visits.set(op.visit.id, { key: op.visit.id, value: op.visit, patches: [] });
        break;
      case 'patch-visit':
        fold(visits, op.visitId, op.visitId, op.patch);
        break;
      case 'tab':
        tabs.set(op.state.tabId, op.state);
        break;
      case 'delete-tab':
        tabs.set(op.tabId, null);
        break;
    }
  }
  // Relaxed durability: the data survives a worker stop either way; only an OS crash could lose the last batch.
  const tx = db.transaction(['records', 'visits', 'tabs'], 'readwrite', { durability: 'relaxed' });
  const recordStore = tx.objectStore('records');
  const visitStore = tx.objectStore('visits');
  const tabStore = tx.objectStore('tabs');
  const work: Promise<unknown>[] = [];
  for (const [id, entry] of records) {
    // A record this writer put lately is patched from memory: no read, so the transaction never waits on one.
    const read = () => recent.get(id) ?? recordStore.get(entry.key as [string, string]);
    work.push(
      resolve(entry, read).then((value) => {
        if (!value) return;
        recent.set(id, value);
        return recordStore.put(value);
      }),
    );
  }
  for (const entry of visits.values()) {
    work.push(resolve(entry, () => visitStore.get(entry.key as string)).then((value) => value && visitStore.put(value)));
  }
  for (const [tabId, state] of tabs) work.push(state ? tabStore.put(state) : tabStore.delete(tabId));
  await Promise.all([...work, tx.done]);
}

/** Records kept in memory for later patches: a request's response comes a few hundred at most behind its start. */
const RECENT_RECORDS = 2000;

interface Recent {
  get(id: string): Promise<EvidenceRecord> | undefined;
  set(id: string, record: EvidenceRecord): void;
  clear(): void;
}

/** The last `limit` records put, by key, oldest first out. Cleared when a commit fails, as the store may lack them. */
function createRecent(limit: number): Recent {
  const records = new Map<string, EvidenceRecord>();
  return {
    get(id) {
      const record = records.get(id);
      return record && Promise.resolve(record);
    },
    set(id, record) {
      records.delete(id);
      records.set(id, record);
      if (records.size > limit) records.delete(records.keys().next().value as string);
    },
    clear: () => records.clear(),
  };
}

interface Folded<T> {
  key: IDBValidKey;
  /** The value as last put in this batch; undefined when it has to be read from the store. */
  value?: T;
  patches: ((value: T) => T)[];
  /** Used when neither this batch nor the store holds the value. */
  fallback?: T;
}

function fold<T>(map: Map<string, Folded<T>>, id: string, key: IDBValidKey, patch: (value: T) => T, fallback?: T): void {
  const entry = map.get(id);
  if (entry) {
    entry.patches.push(patch);
    entry.fallback ??= fallback;
  } else map.set(id, { key, patches: [patch], ...(fallback && { fallback }) });
}

async function resolve<T extends object>(entry: Folded<T>, read: () => Promise<T | undefined>): Promise<T | undefined> {
  const base: T | undefined = entry.value ?? (await read()) ?? entry.fallback;
  if (base === undefined) return undefined;
  let value: T = base;
  for (const patch of entry.patches) value = patch(value);
  return value;
}

function recordKey(visitId: string, id: string): string {
  return `${visitId}\u0000${id}`;
}
