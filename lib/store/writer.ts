import type { EvidenceRecord, EvidenceSink, EvidenceWrite, TabState, Visit } from '../model';
import { type Db, reopened } from './db';
import { deleteLargestRecord, deleteOldestVisits, isClosedError, isQuotaError } from './quota';

export type Op = EvidenceWrite;
export type Writer = EvidenceSink;

/** How many times a full store frees space (the oldest visits) and retries one batch before giving it up. */
const QUOTA_RETRIES = 4;
/** How many times a batch that still does not fit after visits were deleted for it waits for the room to show. */
const SPACE_WAITS = 2;

/**
 * Writes evidence to IndexedDB as it arrives, so a service-worker stop loses nothing already handed over.
 * While a transaction is in flight new operations wait, then go together in the next one: one transaction per event
 * when idle, large batches under load. Order is preserved.
 *
 * A full disk loses the oldest data first: when a batch fails for the quota, the oldest visits (never a tab's current
 * one) are deleted and the batch is tried again. A batch that still cannot be written marks its visits `truncated`
 * (with the records lost), so the report says so; nothing throws.
 */
export function createWriter(
  db: Db | Promise<Db>,
  onError: (error: unknown) => void,
  recentLimit = RECENT_RECORDS,
  freeSpace: (db: Db, keep: ReadonlySet<string>, moving: ReadonlySet<number>) => Promise<number> = deleteOldestVisits,
): Writer {
  let pending: Op[] = [];
  let running: Promise<void> | undefined;
  const recent = createRecent(recentLimit);

  async function write(batch: Op[]): Promise<void> {
    const store = await db;
    try {
      await commitFreeing(store, batch);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      // Even with the oldest visits gone the batch does not fit whole: what fits is kept, the rest counted lost.
      const lost = await keepWhatFits(store, batch, recent);
      if (!lost.size) return;
      await markTruncated(store, lost).catch(() => undefined);
      throw error;
    }
  }

  /** Commits a batch, freeing the oldest visits while the store is full; throws the quota error once none is left. */
  async function commitFreeing(store: Db, batch: Op[]): Promise<void> {
    let freedAny = false;
    let waits = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        await commit(store, batch, recent);
        return;
      } catch (error) {
        recent.clear();
        if (isClosedError(error) && attempt < QUOTA_RETRIES) {
          await afterClose(store);
          continue;
        }
        if (!isQuotaError(error)) throw error;
        const keep = visitsOf(batch);
        const free = () => freeSpace(store, keep, tabsOf(batch));
        // Chromium closes the connection after a full disk: the space is freed through the one opened again.
        const freed =
          attempt < QUOTA_RETRIES
            ? await free()
                .catch(async (e: unknown) => (isClosedError(e) ? afterClose(store).then(free) : 0))
                .catch(() => 0)
            : 0;
        if (freed > 0) {
          freedAny = true;
          continue;
        }
        // Deleted data is not always room at once (Chromium's store gives the disk back as it compacts): a moment later.
        if (freedAny && waits < SPACE_WAITS) {
          await new Promise((resolve) => setTimeout(resolve, 250 * ++waits));
          continue;
        }
        throw error;
      }
    }
  }

  function schedule(): Promise<void> {
    running ??= (async () => {
      while (pending.length) {
        const batch = pending;
        pending = [];
        try {
          await write(batch);
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
    forget() {
      recent.clear();
    },
  };
}

/** Waits for a connection the browser closed to be open again; its 'close' event may come after the failed call. */
async function afterClose(db: Db): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await reopened(db);
}

/**
 * The tabs whose current visit a batch replaces: it sets their tab entry, or puts a new visit of theirs (a new page's
 * visit may reach a batch before its tab entry does, and must not wait for room behind the page it replaces).
 */
function tabsOf(batch: readonly Op[]): Set<number> {
  const tabs = new Set<number>();
  for (const op of batch) {
    if (op.kind === 'tab') tabs.add(op.state.tabId);
    else if (op.kind === 'visit') tabs.add(op.visit.tabId);
  }
  return tabs;
}

/** The visits a batch writes to. */
function visitsOf(batch: readonly Op[]): Set<string> {
  const ids = new Set<string>();
  for (const op of batch) {
    if (op.kind === 'record') ids.add(op.record.visitId);
    else if (op.kind === 'patch-record') ids.add(op.key[0]);
    else if (op.kind === 'visit') ids.add(op.visit.id);
    else if (op.kind === 'patch-visit') ids.add(op.visitId);
  }
  return ids;
}

/** Refused commits a batch that does not fit whole may take while what fits of it is sought; the rest is lost. */
const FIT_ATTEMPTS = 12;

/**
 * Keeps what fits of a batch the full store refused whole, and returns the records lost per visit (the visits that
 * lost any; every visit of the batch when not even its visits and tab entries fit). The visits and tab entries go
 * first, on their own: they are small, and a visit must be stored to say what it lost (a new page's whole first batch
 * may not fit). Then the records, each with its patches, in halves: a refused half is halved again, down to a single
 * record, which is lost. At most FIT_ATTEMPTS commits are refused (on a full disk each one costs a closed
 * connection); what is left untried then is lost too.
 */
async function keepWhatFits(db: Db, batch: readonly Op[], recent: Recent): Promise<Map<string, number>> {
  const lost = new Map([...visitsOf(batch)].map((id) => [id, 0]));
  const groups = new Map<string, Op[]>();
  const rest: Op[] = [];
  for (const op of batch) {
    const key = op.kind === 'record' ? recordKey(op.record.visitId, op.record.id) : op.kind === 'patch-record' ? recordKey(...op.key) : undefined;
    if (key === undefined) rest.push(op);
    else groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const countLost = (ops: readonly Op[]) => {
    for (const op of ops) if (op.kind === 'record') lost.set(op.record.visitId, (lost.get(op.record.visitId) ?? 0) + 1);
  };
  let refusals = 0;
  const fits = async (ops: Op[]): Promise<boolean> => {
    try {
      await commitReopening(db, ops, recent);
      return true;
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      refusals++;
      return false;
    }
  };
  const keep = async (parts: Op[][]): Promise<void> => {
    if (!parts.length) return;
    if (refusals >= FIT_ATTEMPTS) return countLost(parts.flat());
    if (await fits(parts.flat())) return;
    if (parts.length === 1) return countLost(parts.flat());
    const half = Math.ceil(parts.length / 2);
    await keep(parts.slice(0, half));
    await keep(parts.slice(half));
  };
  if (rest.length && !(await fits(rest))) {
    countLost(batch);
    return lost;
  }
  await keep([...groups.values()]);
  return new Map([...lost].filter(([, count]) => count > 0));
}

/** Commits once, through a connection the browser closed opened again (or Firefox's clean-up transaction ended). */
async function commitReopening(db: Db, ops: Op[], recent: Recent): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await commit(db, ops, recent);
      return;
    } catch (error) {
      recent.clear();
      if (!isClosedError(error) || attempt >= QUOTA_RETRIES) throw error;
      await afterClose(db);
    }
  }
}

/**
 * Marks the visits of a batch that could not be written whole `truncated`, counting the records lost: the report
 * must say evidence is missing. Firefox turns the first read-write transaction after a quota error into a clean-up
 * one that refuses puts (InvalidStateError), and Chromium closes the connection after a full disk: the mark is then
 * tried again (through the connection opened again). When the mark itself does not fit (the visit's own records fill
 * the quota), the visit's largest record is deleted, counted as lost too, and the mark tried again.
 */
async function markTruncated(db: Db, lost: Map<string, number>): Promise<void> {
  const ids = [...lost.keys()];
  for (let attempt = 0; ; attempt++) {
    try {
      await putTruncated(db, ids, lost);
      return;
    } catch (error) {
      const cleanup = isClosedError(error);
      if ((!cleanup && !isQuotaError(error)) || attempt >= QUOTA_RETRIES) throw error;
      if (cleanup) await afterClose(db);
      else for (const id of ids) if (await deleteLargestRecord(db, id)) lost.set(id, (lost.get(id) ?? 0) + 1);
    }
  }
}

async function putTruncated(db: Db, ids: readonly string[], lost: ReadonlyMap<string, number>): Promise<void> {
  const tx = db.transaction('visits', 'readwrite', { durability: 'relaxed' });
  const store = tx.objectStore('visits');
  const at = Date.now();
  await Promise.all([
    ...ids.map(async (id) => {
      const visit = await store.get(id);
      if (!visit) return;
      const lostRecords = (visit.truncated?.lost ?? 0) + (lost.get(id) ?? 0);
      await store.put({ ...visit, truncated: { reason: 'storage-full', at: visit.truncated?.at ?? at, lost: lostRecords } });
    }),
    tx.done,
  ]);
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
  // When one request fails the transaction aborts, and the later ones cannot be placed (TransactionInactiveError). The
  // error that says why is thrown: the quota or the disk (from the request, or from the transaction: Chromium says
  // "Failed to write blobs" on the request and aborts the transaction with a bare AbortError), else the first one.
  const done = tx.done.then(
    () => undefined,
    (error: unknown) => error ?? new DOMException('The transaction was aborted.', 'AbortError'),
  );
  const settled = await Promise.allSettled(work);
  const aborted = await done;
  const errors = [...settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])), ...(aborted ? [aborted] : [])];
  if (errors.length) throw errors.find(isQuotaError) ?? errors.find(isClosedError) ?? errors[0];
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
