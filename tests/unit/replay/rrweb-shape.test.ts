import { describe, expect, it } from 'vitest';
import { collectRrwebInputs, hasRrwebShape } from '../../../lib/replay/rrweb-shape';
import { posthogBatch, rrwebSession, rrwebSnapshotOnly } from '../../fixtures/payloads';

describe('hasRrwebShape', () => {
  it('recognises event arrays, wrapped events, single events and bare structures', () => {
    expect(hasRrwebShape(rrwebSession('cnryabcdefgh'))).toBe(true);
    expect(hasRrwebShape(posthogBatch(rrwebSession('cnryabcdefgh')))).toBe(true);
    expect(hasRrwebShape({ type: 3, data: { source: 1, positions: [] }, timestamp: 5 })).toBe(true);
    expect(hasRrwebShape(rrwebSnapshotOnly('x'))).toBe(true);
    expect(hasRrwebShape({ node: { type: 0, id: 1, childNodes: [] } })).toBe(true);
    expect(hasRrwebShape({ source: 5, text: 'x', isChecked: false, id: 3 })).toBe(true);
  });

  it('ignores analytics events and other JSON with a `type` and a `timestamp`', () => {
    expect(hasRrwebShape([{ type: 3, data: { page: '/' }, timestamp: 1 }])).toBe(false);
    expect(hasRrwebShape([{ type: 'pageview', data: { source: 5 }, timestamp: 1 }])).toBe(false);
    expect(hasRrwebShape({ type: 4, data: { href: '/' }, timestamp: 1 })).toBe(false);
    expect(hasRrwebShape({ type: 4, data: { width: 1, height: 2 }, timestamp: 1 })).toBe(false);
    expect(hasRrwebShape({ type: 2, data: { node: { type: 1 } }, timestamp: 1 })).toBe(false);
    expect(hasRrwebShape(null)).toBe(false);
    expect(hasRrwebShape('{"type":3}')).toBe(false);
  });

  it('does not loop on deep or cyclic-looking input', () => {
    let deep: unknown = { type: 3, data: { source: 2 }, timestamp: 1 };
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(hasRrwebShape(deep)).toBe(false);
  });
});

describe('collectRrwebInputs', () => {
  it('collects input events and full-snapshot field values', () => {
    const inputs = collectRrwebInputs([...rrwebSession('cnryab'), ...rrwebSnapshotOnly('********')]);
    expect(inputs.filter((i) => i.from === 'input').map((i) => i.text)).toEqual(['c', 'cn', 'cnr', 'cnry', 'cnrya', 'cnryab']);
    expect(inputs.filter((i) => i.from === 'snapshot').map((i) => i.text)).toEqual(['', '********']);
  });
});
