import { describe, expect, it } from 'vitest';
import type { EvidenceWrite } from '@/lib/model';
import { type Db, openDb } from '@/lib/store/db';
import { deleteOldestVisits, isQuotaError } from '@/lib/store/quota';
import { readAllVisits, readRecords } from '@/lib/store/visits';
import { createWriter } from '@/lib/store/writer';
import { makeRequest, makeVisit } from '../../fixtures/factories';

// A full disk (issue 14 §2): the store frees the oldest visits and retries; the current visit is never deleted, and a
// batch that still does not fit marks its visit truncated instead of throwing. The quota is simulated: while `full()`
// holds, a transaction that puts records fails the way IndexedDB fails it (aborted, QuotaExceededError).

let n = 0;
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** `refuse`: an error for a put into any store (Firefox's clean-up transaction, a visit update that does not fit). */
function withQuota(
  real: Db,
  full: (value: unknown) => boolean,
  refuse: (store: string) => DOMException | undefined = () => undefined,
  bulk: readonly string[] = ['records'],
): Db {
  const bound = <T extends object>(target: T, prop: PropertyKey) => {
    const value = Reflect.get(target, prop);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop !== 'transaction') return bound(target, prop);
      return (stores: never, mode?: IDBTransactionMode, options?: IDBTransactionOptions) => {
        const tx = target.transaction(stores, mode, options);
        let failed = false;
        // A put that does not fit fails the whole transaction (it aborts), as the browser does.
        let failure = quotaError();
        const fail = (..._args: unknown[]) => {
          if (!failed) {
            failed = true;
            tx.abort();
          }
          return Promise.reject(failure);
        };
        return new Proxy(tx, {
          get(t, p) {
            if (p === 'done')
              return t.done.then(
                () => undefined,
                (e: unknown) => Promise.reject(failed ? failure : e),
              );
            if (p !== 'objectStore') return bound(t, p);
            return (name: never) => {
              const store = t.objectStore(name);
              // Records are the bulk: a visit's small update still fits (unless the disk is that full: `bulk`).
              const fills = bulk.includes(name);
              return new Proxy(store, {
                get: (s, q) => {
                  if (q !== 'put' && q !== 'add') return bound(s, q);
                  const refused = refuse(name);
                  if (refused) failure = refused;
                  return refused ? fail : (value: unknown, ...rest: unknown[]) => (fills && full(value) ? fail() : bound(s, q)(value, ...rest));
                },
              });
            };
          },
        });
      };
    },
  }) as Db;
}

async function seed(db: Db, count: number) {
  for (let i = 0; i < count; i++) {
    const visit = makeVisit({ id: `old-${i}`, tabId: 100 + i, startedAt: 1000 + i });
    await db.put('visits', visit);
    await db.put('records', { ...makeRequest({ url: `https://old${i}.example/` }), visitId: visit.id });
  }
  const current = makeVisit({ id: 'current', tabId: 1, startedAt: 5000 });
  await db.put('visits', current);
  await db.put('tabs', { tabId: 1, visitId: 'current' });
  // Another tab's current visit, older than every other: never deleted either.
  await db.put('visits', makeVisit({ id: 'other-tab', tabId: 2, startedAt: 1 }));
  await db.put('tabs', { tabId: 2, visitId: 'other-tab' });
}

describe('a full store', () => {
  it('recognises the quota error, from a request or from its transaction', () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError({ error: quotaError() })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    // Chromium's two ways of saying that the disk itself is full (seen in Chromium 156, tests/e2e/quota.e2e.ts).
    expect(isQuotaError(new DOMException('Encountered disk full while committing transaction.', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ error: new DOMException('Failed to write blobs (IOError)', 'DataError') })).toBe(true);
    expect(isQuotaError(new DOMException('Data provided to an operation does not meet requirements.', 'DataError'))).toBe(false);
  });

  it('deletes the oldest visits first, never a current one, and then writes the batch', async () => {
    const real = await openDb(`quota-${++n}`);
    await seed(real, 8);
    // Full until at most 5 of the old visits are left.
    const full = () => left > 5;
    let left = 8;
    const errors: unknown[] = [];
    const writer = createWriter(
      withQuota(real, full),
      (e) => void errors.push(e),
      undefined,
      async (db, keep) => {
        const deleted = await deleteOldestVisits(db, keep);
        left -= deleted;
        return deleted;
      },
    );
    const record = { ...makeRequest({ url: 'https://shop.example/tracker' }), visitId: 'current' };
    writer.push({ kind: 'record', record });
    await writer.flushed();
    expect(errors).toEqual([]);
    expect((await readRecords(real, 'current')).map((r) => r.id)).toEqual([record.id]);
    const ids = (await readAllVisits(real)).map((v) => v.id);
    expect(ids).toContain('current');
    expect(ids).toContain('other-tab');
    // The oldest went first: two rounds of a quarter (2, then 2 of the 6 left) before it fitted.
    expect(ids.filter((id) => id.startsWith('old-')).sort()).toEqual(['old-4', 'old-5', 'old-6', 'old-7']);
    expect((await readAllVisits(real)).find((v) => v.id === 'current')?.truncated).toBeUndefined();
  });

  it('marks the visit truncated, with the records lost, when nothing more can be deleted; never throws; writes again once there is room', async () => {
    const real = await openDb(`quota-${++n}`);
    await seed(real, 2);
    let full = true;
    const errors: unknown[] = [];
    const writer = createWriter(
      withQuota(real, () => full),
      (e) => void errors.push(e),
    );
    const lost = [1, 2, 3].map((i) => ({ ...makeRequest({ url: `https://shop.example/${i}` }), visitId: 'current' }));
    for (const record of lost) writer.push({ kind: 'record', record });
    await writer.flushed();
    // Said to the log (one per batch given up), never thrown.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every(isQuotaError)).toBe(true);
    const visits = await readAllVisits(real);
    expect(visits.map((v) => v.id).sort()).toEqual(['current', 'other-tab']);
    expect(visits.find((v) => v.id === 'current')?.truncated).toMatchObject({ reason: 'storage-full', lost: 3 });
    expect(await readRecords(real, 'current')).toEqual([]);

    full = false;
    const later = { ...makeRequest({ url: 'https://shop.example/later' }), visitId: 'current' };
    writer.push({ kind: 'record', record: later });
    await writer.flushed();
    expect((await readRecords(real, 'current')).map((r) => r.id)).toEqual([later.id]);
    expect((await readAllVisits(real)).find((v) => v.id === 'current')?.truncated?.lost).toBe(3);
  });

  it("marks the visit when Firefox's clean-up transaction refuses the first try, and deletes the visit's largest record when not even the mark fits", async () => {
    const real = await openDb(`quota-${++n}`);
    await seed(real, 0);
    const big = { ...makeRequest({ url: 'https://shop.example/big' }), visitId: 'current' };
    big.body = { bytes: new Uint8Array(5000), size: 5000, truncated: false, form: 'raw' };
    const small = { ...makeRequest({ url: 'https://shop.example/small' }), visitId: 'current' };
    await real.put('records', big);
    await real.put('records', small);
    // The first put after the quota error is refused as Firefox refuses it (InvalidStateError), the next for the quota,
    // until a record of the visit is deleted.
    let visitPuts = 0;
    const refuse = (store: string) => {
      if (store !== 'visits') return undefined;
      visitPuts++;
      if (visitPuts === 1) return new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      return visitPuts === 2 ? quotaError() : undefined;
    };
    const errors: unknown[] = [];
    const writer = createWriter(
      withQuota(real, () => true, refuse),
      (e) => void errors.push(e),
    );
    writer.push({ kind: 'record', record: { ...makeRequest({ url: 'https://shop.example/lost' }), visitId: 'current' } });
    await writer.flushed();
    expect(errors.every(isQuotaError)).toBe(true);
    expect((await readAllVisits(real)).find((v) => v.id === 'current')?.truncated).toMatchObject({ reason: 'storage-full', lost: 2 });
    expect((await readRecords(real, 'current')).map((r) => r.id)).toEqual([small.id]);
  });

  it("keeps a new page's visit and the records that fit when its first batch does not fit whole, and counts the rest lost", async () => {
    const real = await openDb(`quota-${++n}`);
    await seed(real, 0);
    // Nothing is left to delete (the one old visit is another tab's current one), and a large record never fits.
    const large = (value: unknown) => ((value as { body?: { size?: number } }).body?.size ?? 0) > 1000;
    const errors: unknown[] = [];
    const writer = createWriter(withQuota(real, large), (e) => void errors.push(e));
    const visit = makeVisit({ id: 'huge', tabId: 3, startedAt: 7000 });
    const records = [1, 2, 3, 4, 5, 6, 7].map((i) => ({ ...makeRequest({ url: `https://shop.example/${i}` }), visitId: 'huge' }));
    for (const i of [1, 4, 5]) {
      const record = records[i];
      if (record) record.body = { bytes: new Uint8Array(5000), size: 5000, truncated: false, form: 'raw' };
    }
    // One batch: the writer is idle, so everything pushed in this task goes together.
    writer.push({ kind: 'visit', visit });
    writer.push({ kind: 'tab', state: { tabId: 3, visitId: 'huge' } });
    for (const record of records) writer.push({ kind: 'record', record });
    // A later patch of a small record goes with it; one of a large record is lost with it.
    const small = records[0];
    const big = records[1];
    if (small && big)
      for (const key of [small, big].map((r): [string, string] => [r.visitId, r.id]))
        writer.push({ kind: 'patch-record', key, patch: (r) => ({ ...r, ...(r.kind === 'request' && { status: 204 }) }) });
    await writer.flushed();
    expect(errors.every(isQuotaError)).toBe(true);
    const stored = (await readAllVisits(real)).find((v) => v.id === 'huge');
    expect(stored?.truncated).toMatchObject({ reason: 'storage-full', lost: 3 });
    const kept = await readRecords(real, 'huge');
    expect(kept.map((r) => r.id).sort()).toEqual([0, 2, 3, 6].map((i) => records[i]?.id).sort());
    expect(kept.find((r) => r.id === small?.id)).toMatchObject({ status: 204 });
    expect((await real.get('tabs', 3))?.visitId).toBe('huge');
  });

  // Seen in Firefox (tests/e2e/quota.e2e.ts): an idle writer commits the first write it is handed at once, so a new
  // page's visit comes alone in a batch, before its tab entry, and it must not wait for room behind the page it replaces.
  it('writes a new page of a tab whose last visit fills the store, its visit alone in the first batch: that visit is no longer current', async () => {
    const real = await openDb(`quota-${++n}`);
    await seed(real, 0);
    let left = true;
    const writer = createWriter(
      withQuota(real, () => left, undefined, ['records', 'visits']),
      () => undefined,
      undefined,
      async (db, keep, moving) => {
        const deleted = await deleteOldestVisits(db, keep, moving);
        if (deleted) left = false;
        return deleted;
      },
    );
    const visit = makeVisit({ id: 'next', tabId: 1, startedAt: 6000 });
    const record = { ...makeRequest({ url: 'https://shop.example/next' }), visitId: 'next' };
    const ops: Record<string, EvidenceWrite> = {
      visit: { kind: 'visit', visit },
      tab: { kind: 'tab', state: { tabId: 1, visitId: 'next' } },
      record: { kind: 'record', record },
    };
    for (const batch of [['visit'], ['tab', 'record']]) {
      for (const op of batch) writer.push(ops[op] as EvidenceWrite);
      await writer.flushed();
    }
    const ids = (await readAllVisits(real)).map((v) => v.id);
    expect(ids).toContain('next');
    expect(ids).not.toContain('current');
    // Another tab's current visit is still never deleted.
    expect(ids).toContain('other-tab');
    expect((await readRecords(real, 'next')).map((r) => r.id)).toEqual([record.id]);
  });
});
