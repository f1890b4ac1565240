import { describe, expect, it } from 'vitest';
import { markerSelectors } from '../../../lib/classify/markers';
import type { Vendor } from '../../../lib/classify/vendor';

/** A vendor with only what markerSelectors reads. */
function vendor(markers?: { mask: string[]; unmask: string[]; block: string[] }): Vendor {
  const sessionReplay = markers && { scripts: [], ingest: [], markers, defaults: { inputsMasked: true, textMasked: false } };
  return { id: 'v', name: 'V', category: 'session-replay', domains: [], sources: [], ...(sessionReplay ? { sessionReplay } : {}) } as unknown as Vendor;
}

describe('markerSelectors', () => {
  it('lists every mask, unmask and block selector once, sorted, leaving element-type selectors out', () => {
    const vendors = [
      vendor({ mask: ['.rr-mask', '[data-private]'], unmask: ['#public'], block: ['img', '.rr-block'] }),
      vendor(),
      vendor({ mask: ['.rr-mask'], unmask: [], block: ['video'] }),
    ];
    expect(markerSelectors(vendors)).toEqual(['#public', '.rr-block', '.rr-mask', '[data-private]']);
  });

  it('is empty without a session-replay vendor', () => {
    expect(markerSelectors([vendor()])).toEqual([]);
  });
});
