import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Screenshot } from '@/lib/model';
import { DB_VERSION, openDb } from '@/lib/store/db';
import { countScreenshots, readScreenshots, writeScreenshot } from '@/lib/store/screenshots';
import { applyRetention, deleteAll, deleteVisit, readAllVisits } from '@/lib/store/visits';
import { makeVisit } from '../../fixtures/factories';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
let n = 0;

const shot = (visitId: string, t: number): Screenshot => ({
  kind: 'shot',
  visitId,
  id: `banner:${t}`,
  t,
  reason: 'banner',
  width: 2,
  height: 2,
  bytes: 3,
  dataUrl: 'data:image/jpeg;base64,AAAA',
});

async function seed() {
  const db = await openDb(`screenshots-${++n}`);
  await db.put('visits', makeVisit({ id: 'fresh', startedAt: NOW - DAY }));
  await db.put('visits', makeVisit({ id: 'old', startedAt: NOW - 30 * DAY }));
  // A visit id that is a prefix of another: deleting one must not touch the other's screenshots.
  await db.put('visits', makeVisit({ id: 'fresh2', startedAt: NOW - DAY }));
  for (const visitId of ['fresh', 'old', 'fresh2']) {
    await writeScreenshot(db, shot(visitId, 200));
    await writeScreenshot(db, shot(visitId, 100));
  }
  await writeScreenshot(db, { kind: 'dropped', visitId: 'fresh', id: 'after-choice:9', t: 300, reason: 'after-choice', why: 'not-visible' });
  return db;
}

describe('screenshots store', () => {
  it('reads a visit’s screenshots in time order and counts kept ones apart from dropped ones', async () => {
    const db = await seed();
    expect((await readScreenshots(db, 'fresh')).map((s) => s.t)).toEqual([100, 200, 300]);
    expect(await countScreenshots(db, 'fresh')).toEqual({ kept: 2, all: 3 });
  });

  it('deletes a visit’s screenshots with the visit, and only its own', async () => {
    const db = await seed();
    await deleteVisit(db, 'fresh');
    expect(await readScreenshots(db, 'fresh')).toEqual([]);
    expect(await readScreenshots(db, 'fresh2')).toHaveLength(2);
  });

  it('retention deletes the screenshots of the visits it deletes', async () => {
    const db = await seed();
    expect(await applyRetention(db, NOW)).toEqual(['old']);
    expect(await readScreenshots(db, 'old')).toEqual([]);
    expect(await readScreenshots(db, 'fresh')).toHaveLength(3);
  });

  it('"delete all" deletes every screenshot', async () => {
    const db = await seed();
    await deleteAll(db);
    expect(await db.count('screenshots')).toBe(0);
  });

  it('upgrades a version 2 database in place: its visits stay, and the screenshots store is added', async () => {
    const name = `screenshots-v2-${++n}`;
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        const visits = db.createObjectStore('visits', { keyPath: 'id' });
        visits.createIndex('byTab', 'tabId');
        visits.createIndex('byStart', 'startedAt');
        db.createObjectStore('records', { keyPath: ['visitId', 'id'] });
        db.createObjectStore('tabs', { keyPath: 'tabId' });
        db.createObjectStore('settings');
        db.createObjectStore('audits', { keyPath: 'tabId' });
      },
    });
    await v2.put('visits', makeVisit({ id: 'kept' }));
    v2.close();
    const db = await openDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['kept']);
    await writeScreenshot(db, shot('kept', 1));
    expect(await readScreenshots(db, 'kept')).toHaveLength(1);
  });
});
