import { forceCloseDatabase } from 'fake-indexeddb';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, type Db, openDb, openLastingDb, reopened } from '@/lib/store/db';
import { interruptRunningScenarios, readScenarioStatus, writeScenarioStatus } from '@/lib/store/audits';
import { readAllVisits, readRecords } from '@/lib/store/visits';
import { createWriter } from '@/lib/store/writer';
import { makeRequest, makeVisit } from '../../fixtures/factories';

let n = 0;

/** A database as version 1 of the extension wrote it: visits, records, tabs and settings, no audits store. */
async function writeVersion1(name: string) {
  const db = await openDB(name, 1, {
    upgrade(v1) {
      const visits = v1.createObjectStore('visits', { keyPath: 'id' });
      visits.createIndex('byTab', 'tabId');
      visits.createIndex('byStart', 'startedAt');
      v1.createObjectStore('records', { keyPath: ['visitId', 'id'] });
      v1.createObjectStore('tabs', { keyPath: 'tabId' });
      v1.createObjectStore('settings');
    },
  });
  await db.put('visits', makeVisit({ id: 'old-visit' }));
  await db.put('records', makeRequest({ visitId: 'old-visit', id: 'r:1', url: 'https://www.google-analytics.com/g/collect' }));
  await db.put('settings', { retentionDays: 30 }, 'settings');
  db.close();
}

/** A database as version 2 wrote it (the schema before the last): version 1's stores and `audits`, with a run. */
async function writeVersion2(name: string) {
  await writeVersion1(name);
  const db = await openDB(name, 2, {
    upgrade(v2) {
      v2.createObjectStore('audits', { keyPath: 'tabId' });
    },
  });
  await db.put('audits', { tabId: 7, scenario: 'reject', status: 'done', visitId: 'old-visit', startedAt: 1, endedAt: 2 });
  db.close();
}

describe('openDb', () => {
  it('upgrades a version 1 database in place: every visit and record reads back, and the later stores are added', async () => {
    const name = `migrate-${++n}`;
    await writeVersion1(name);
    const db = await openDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['old-visit']);
    expect((await readRecords(db, 'old-visit')).map((r) => r.id)).toEqual(['r:1']);
    expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(['audits', 'screenshots']));
  });

  it('upgrades a version 2 database in place: visits, records and audit runs read back, and the screenshots store is added', async () => {
    const name = `migrate-${++n}`;
    await writeVersion2(name);
    const db = await openDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['old-visit']);
    expect((await readRecords(db, 'old-visit')).map((r) => r.id)).toEqual(['r:1']);
    expect(await db.get('audits', 7)).toMatchObject({ scenario: 'reject', visitId: 'old-visit' });
    expect(await db.count('screenshots')).toBe(0);
  });
});

describe('scenario status', () => {
  it('survives in the store, and a run the worker lost is read back as interrupted', async () => {
    const db = await openDb(`audits-${++n}`);
    await writeScenarioStatus(db, 7, { scenario: 'reject', run: 'r1', step: 'observing', visitIds: ['v1'] });
    await writeScenarioStatus(db, 8, { scenario: 'accept', run: 'r2', step: 'done', outcome: 'confirmed', visitIds: ['v2', 'v3'] });
    expect(await readScenarioStatus(db, 7)).toEqual({ scenario: 'reject', run: 'r1', step: 'observing', visitIds: ['v1'] });
    await interruptRunningScenarios(db);
    expect(await readScenarioStatus(db, 7)).toMatchObject({ step: 'done', outcome: 'interrupted' });
    expect(await readScenarioStatus(db, 8)).toMatchObject({ step: 'done', outcome: 'confirmed' });
  });
});

describe('openLastingDb', () => {
  /**
   * What Chromium does after a write fails for a full disk: the browser closes the connection and fires its 'close'
   * event (fake-indexeddb's forced close). Resolves once the event has fired.
   */
  async function closeAsTheBrowserDoes(db: Db) {
    const raw = unwrap(db.transaction('visits').db) as IDBDatabase;
    const closed = new Promise((resolve) => raw.addEventListener('close', resolve));
    forceCloseDatabase(raw as never);
    await closed;
  }

  it('opens the database again when the browser closes the connection, and the same handle reads and writes', async () => {
    const db = await openLastingDb(`lasting-${++n}`);
    await db.put('visits', makeVisit({ id: 'before' }));
    await closeAsTheBrowserDoes(db);
    await reopened(db);
    await db.put('visits', makeVisit({ id: 'after' }));
    expect((await readAllVisits(db)).map((v) => v.id).sort()).toEqual(['after', 'before']);
    // And again: the connection opened again is watched too.
    await closeAsTheBrowserDoes(db);
    await reopened(db);
    expect(await db.count('visits')).toBe(2);
  });

  it('keeps the writer writing: a batch refused by the closing connection is written through the new one', async () => {
    const db = await openLastingDb(`lasting-${++n}`);
    const errors: unknown[] = [];
    const writer = createWriter(db, (e) => void errors.push(e));
    writer.push({ kind: 'visit', visit: makeVisit({ id: 'v' }) });
    await writer.flushed();
    await closeAsTheBrowserDoes(db);
    writer.push({ kind: 'record', record: makeRequest({ visitId: 'v', id: 'r:1', url: 'https://example.com/' }) });
    await writer.flushed();
    expect(errors).toEqual([]);
    expect((await readRecords(db, 'v')).map((r) => r.id)).toEqual(['r:1']);
  });

  it('writes again a batch whose transaction the closing connection aborted (a new page, visit and all)', async () => {
    const db = await openLastingDb(`lasting-${++n}`);
    // The browser closes the connection while the writer's first transaction is in flight, once its two puts were
    // placed: the transaction and its requests are aborted (AbortError), as Chromium aborts them after a full disk
    // (fake-indexeddb's forced close lets a running transaction finish, so the test aborts it).
    let closing: Promise<void> | undefined;
    let puts = 0;
    const bind = <T extends object>(target: T, prop: PropertyKey) => {
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    };
    const closesOnce = new Proxy(db, {
      get: (target, prop) =>
        prop !== 'transaction' || closing
          ? bind(target, prop)
          : (...args: Parameters<Db['transaction']>) =>
              new Proxy(target.transaction(...args), {
                get: (tx, p) =>
                  p !== 'objectStore'
                    ? bind(tx, p)
                    : (name: never) =>
                        new Proxy(tx.objectStore(name), {
                          get: (store, q) =>
                            q !== 'put'
                              ? bind(store, q)
                              : (...put: unknown[]) => {
                                  const request = (bind(store, q) as (...a: unknown[]) => Promise<unknown>)(...put);
                                  if (++puts === 2) {
                                    tx.abort();
                                    closing = closeAsTheBrowserDoes(db);
                                  }
                                  return request;
                                },
                        }),
              }),
    });
    const errors: unknown[] = [];
    const writer = createWriter(closesOnce, (e) => void errors.push(e));
    writer.push({ kind: 'visit', visit: makeVisit({ id: 'new-page' }) });
    writer.push({ kind: 'record', record: makeRequest({ visitId: 'new-page', id: 'r:1', url: 'https://example.com/' }) });
    await writer.flushed();
    await closing;
    await reopened(db);
    expect(errors).toEqual([]);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['new-page']);
    expect((await readRecords(db, 'new-page')).map((r) => r.id)).toEqual(['r:1']);
  });
});
