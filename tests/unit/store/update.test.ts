import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/store/db';
import { closeVisitsAcrossUpdate } from '@/lib/store/update';
import { readAllTabStates, readAllVisits, readCaptureResume, readRecords, readVisit } from '@/lib/store/visits';
import { createWriter } from '@/lib/store/writer';
import { makeRequest, makeVisit } from '../../fixtures/factories';

const NOW = 1_800_000_000_000;
let n = 0;

/** Two tabs, each with a current visit, and one visit left earlier: what version `version` leaves behind. */
async function leftBy(version: string | undefined) {
  const db = await openDb(`update-${++n}`);
  if (version) expect(await closeVisitsAcrossUpdate(db, version, NOW - 10_000)).toEqual([]);
  const writer = createWriter(db, (e) => {
    throw e;
  });
  for (const [id, tabId] of [
    ['earlier', 1],
    ['open-1', 1],
    ['open-2', 2],
  ] as const) {
    writer.push({ kind: 'visit', visit: makeVisit({ id, tabId, startedAt: NOW - 5000 }) });
    writer.push({ kind: 'record', record: makeRequest({ visitId: id, id: `r:${id}`, url: `https://${id}.example/` }) });
  }
  writer.push({ kind: 'tab', state: { tabId: 1, visitId: 'open-1' } });
  writer.push({ kind: 'tab', state: { tabId: 2, visitId: 'open-2' } });
  await writer.flushed();
  return db;
}

describe('closeVisitsAcrossUpdate', () => {
  it('closes and marks the visits open when the version changed, and capture resumes none of them', async () => {
    const db = await leftBy('1.0.0');
    expect((await closeVisitsAcrossUpdate(db, '1.1.0', NOW)).sort()).toEqual(['open-1', 'open-2']);
    for (const id of ['open-1', 'open-2'])
      expect((await readVisit(db, id))?.interrupted).toEqual({ reason: 'extension-updated', at: NOW, from: '1.0.0', to: '1.1.0' });
    expect((await readVisit(db, 'earlier'))?.interrupted).toBeUndefined();
    expect(await readAllTabStates(db)).toEqual([]);
    expect((await readCaptureResume(db)).tabs).toEqual([]);
    // Nothing is lost: every visit and record is still there.
    expect((await readAllVisits(db)).map((v) => v.id).sort()).toEqual(['earlier', 'open-1', 'open-2']);
    expect((await readRecords(db, 'open-1')).map((r) => r.id)).toEqual(['r:open-1']);
  });

  it('closes nothing when the worker restarts within one version', async () => {
    const db = await leftBy('1.0.0');
    expect(await closeVisitsAcrossUpdate(db, '1.0.0', NOW)).toEqual([]);
    expect((await readCaptureResume(db)).tabs.map((t) => t.visit.id).sort()).toEqual(['open-1', 'open-2']);
    expect((await readVisit(db, 'open-1'))?.interrupted).toBeUndefined();
  });

  it('closes the visits left by a version that kept no version number, without a `from`', async () => {
    const db = await leftBy(undefined);
    expect((await closeVisitsAcrossUpdate(db, '1.1.0', NOW)).sort()).toEqual(['open-1', 'open-2']);
    expect((await readVisit(db, 'open-2'))?.interrupted).toEqual({ reason: 'extension-updated', at: NOW, to: '1.1.0' });
    // The next start of the same version closes nothing more.
    expect(await closeVisitsAcrossUpdate(db, '1.1.0', NOW + 1)).toEqual([]);
  });
});
