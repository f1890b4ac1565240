import { describe, expect, it } from 'vitest';
import { watchWrites } from '@/lib/store/changes';
import type { Op, Writer } from '@/lib/store/writer';
import { makeRequest, makeVisit } from '../../fixtures/factories';

function setup() {
  const pushed: Op[] = [];
  const inner: Writer = { push: (op) => void pushed.push(op), flushed: async () => undefined, forget: () => undefined };
  return { pushed, ...watchWrites(inner) };
}

describe('watchWrites', () => {
  it('moves the version of the visit each write touches, and passes every write on', () => {
    const { writer, changes, pushed } = setup();
    const seen: string[] = [];
    changes.onChange((id) => seen.push(id));
    expect(changes.version('a')).toBe(0);
    const ops: Op[] = [
      { kind: 'visit', visit: makeVisit({ id: 'a' }) },
      { kind: 'record', record: makeRequest({ url: 'https://x.example/', visitId: 'a' }) },
      { kind: 'patch-record', key: ['a', 'r'], patch: (r) => r },
      { kind: 'patch-visit', visitId: 'a', patch: (v) => v },
    ];
    let last = changes.version('a');
    for (const op of ops) {
      writer.push(op);
      expect(changes.version('a')).toBeGreaterThan(last);
      last = changes.version('a');
    }
    expect(pushed).toEqual(ops);
    expect(seen).toEqual(['a', 'a', 'a', 'a']);
    expect(changes.version('b')).toBe(0);
  });

  it('leaves visits alone for tab-state writes', () => {
    const { writer, changes } = setup();
    writer.push({ kind: 'visit', visit: makeVisit({ id: 'a' }) });
    const before = changes.version('a');
    writer.push({ kind: 'tab', state: { tabId: 1, visitId: 'a' } });
    writer.push({ kind: 'delete-tab', tabId: 1 });
    expect(changes.version('a')).toBe(before);
  });
});
