import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '@/lib/model';
import { openDb } from '@/lib/store/db';
import { createWriter } from '@/lib/store/writer';
import { makeRequest } from '../../fixtures/factories';

let n = 0;

async function setup(recentLimit?: number) {
  const db = await openDb(`writer-${++n}`);
  const errors: unknown[] = [];
  const writer = createWriter(db, (e) => void errors.push(e), recentLimit);
  return { db, writer, errors };
}

const withStatus =
  (status: number) =>
  (r: EvidenceRecord): EvidenceRecord =>
    r.kind === 'request' ? { ...r, status } : r;

describe('createWriter', () => {
  it('applies patches in order, across transactions', async () => {
    const { db, writer } = await setup();
    const record = makeRequest({ url: 'https://a.example/' });
    writer.push({ kind: 'record', record });
    await writer.flushed();
    writer.push({ kind: 'patch-record', key: ['visit-1', record.id], patch: withStatus(301) });
    await writer.flushed();
    writer.push({ kind: 'patch-record', key: ['visit-1', record.id], patch: (r) => (r.kind === 'request' ? { ...r, redirects: [`${r.status}`] } : r) });
    await writer.flushed();
    expect(await db.get('records', ['visit-1', record.id])).toMatchObject({ status: 301, redirects: ['301'] });
  });

  it('patches a record it put lately from memory, without reading the store', async () => {
    const { db, writer } = await setup();
    const record = makeRequest({ url: 'https://a.example/' });
    writer.push({ kind: 'record', record });
    await writer.flushed();
    // Changed behind the writer's back: a patch that read the store would keep this URL.
    await db.put('records', { ...record, url: 'https://behind.example/' });
    writer.push({ kind: 'patch-record', key: ['visit-1', record.id], patch: withStatus(200) });
    await writer.flushed();
    expect(await db.get('records', ['visit-1', record.id])).toMatchObject({ url: 'https://a.example/', status: 200 });
  });

  it('does not restore a record the store lost after forget (delete all data)', async () => {
    const { db, writer } = await setup();
    const record = makeRequest({ url: 'https://a.example/' });
    writer.push({ kind: 'record', record });
    await writer.flushed();
    await db.clear('records');
    writer.forget();
    writer.push({ kind: 'patch-record', key: ['visit-1', record.id], patch: withStatus(200) });
    await writer.flushed();
    expect(await db.get('records', ['visit-1', record.id])).toBeUndefined();
  });

  it('reads the store for a record it no longer keeps in memory', async () => {
    const { db, writer } = await setup(1);
    const first = makeRequest({ url: 'https://a.example/' });
    writer.push({ kind: 'record', record: first });
    await writer.flushed();
    writer.push({ kind: 'record', record: makeRequest({ url: 'https://b.example/' }) });
    await writer.flushed();
    await db.put('records', { ...first, url: 'https://behind.example/' });
    writer.push({ kind: 'patch-record', key: ['visit-1', first.id], patch: withStatus(200) });
    await writer.flushed();
    expect(await db.get('records', ['visit-1', first.id])).toMatchObject({ url: 'https://behind.example/', status: 200 });
  });

  it('drops a patch of a record it never saw and the store does not hold, unless it has a fallback', async () => {
    const { db, writer } = await setup();
    writer.push({ kind: 'patch-record', key: ['visit-1', 'r:none'], patch: withStatus(200) });
    const fallback = makeRequest({ url: 'https://c.example/', id: 'r:fallback' });
    writer.push({ kind: 'patch-record', key: ['visit-1', 'r:fallback'], patch: withStatus(204), fallback });
    await writer.flushed();
    expect(await db.get('records', ['visit-1', 'r:none'])).toBeUndefined();
    expect(await db.get('records', ['visit-1', 'r:fallback'])).toMatchObject({ url: 'https://c.example/', status: 204 });
  });
});
