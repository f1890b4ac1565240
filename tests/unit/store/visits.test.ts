import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/store/db';
import { applyRetention, deleteAll, deletePrivateVisits, readAllVisits, readRecords, readSettings, writeSettings } from '@/lib/store/visits';
import { createWriter } from '@/lib/store/writer';
import { makeRequest, makeVisit } from '../../fixtures/factories';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
let n = 0;

async function seed(visits: { id: string; startedAt: number; private?: true }[]) {
  const db = await openDb(`visits-${++n}`);
  const writer = createWriter(db, (e) => {
    throw e;
  });
  for (const v of visits) {
    writer.push({ kind: 'visit', visit: makeVisit(v) });
    writer.push({ kind: 'record', record: makeRequest({ url: `https://${v.id}.example/`, visitId: v.id }) });
  }
  await writer.flushed();
  return db;
}

describe('retention', () => {
  it('deletes visits older than the retention period, with their records', async () => {
    const db = await seed([
      { id: 'fresh', startedAt: NOW - 1 * DAY },
      { id: 'old', startedAt: NOW - 8 * DAY },
    ]);
    expect(await applyRetention(db, NOW)).toEqual(['old']);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['fresh']);
    expect(await readRecords(db, 'old')).toEqual([]);
    expect(await readRecords(db, 'fresh')).toHaveLength(1);
  });

  it("keeps at most maxVisits, dropping the oldest, but never a tab's current visit", async () => {
    const db = await seed([1, 2, 3, 4].map((i) => ({ id: `v${i}`, startedAt: NOW - i * 1000 })));
    await writeSettings(db, { maxVisits: 2 });
    expect((await applyRetention(db, NOW, new Set(['v4']))).sort()).toEqual(['v3']);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['v1', 'v2', 'v4']);
  });

  it('follows the retention setting', async () => {
    const db = await seed([{ id: 'a', startedAt: NOW - 2 * DAY }]);
    await writeSettings(db, { retentionDays: 1 });
    expect(await applyRetention(db, NOW)).toEqual(['a']);
  });
});

describe('deleteAll', () => {
  it('removes every visit, record and tab state, and keeps settings', async () => {
    const db = await seed([{ id: 'a', startedAt: NOW }]);
    await writeSettings(db, { retentionDays: 3 });
    await db.put('tabs', { tabId: 1, visitId: 'a' });
    await deleteAll(db);
    expect(await readAllVisits(db)).toEqual([]);
    expect(await readRecords(db, 'a')).toEqual([]);
    expect(await db.getAll('tabs')).toEqual([]);
    expect((await readSettings(db)).retentionDays).toBe(3);
  });
});

describe('private sessions', () => {
  it("deletes the visits of private windows with their records, never a tab's current one, and nothing else", async () => {
    const db = await seed([
      { id: 'normal', startedAt: NOW - 3000 },
      { id: 'private-closed', startedAt: NOW - 2000, private: true },
      { id: 'private-open', startedAt: NOW - 1000, private: true },
    ]);
    expect(await deletePrivateVisits(db, new Set(['private-open']))).toEqual(['private-closed']);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['private-open', 'normal']);
    expect(await readRecords(db, 'private-closed')).toEqual([]);
    expect(await readRecords(db, 'normal')).toHaveLength(1);
    expect(await deletePrivateVisits(db)).toEqual(['private-open']);
    expect((await readAllVisits(db)).map((v) => v.id)).toEqual(['normal']);
  });
});
