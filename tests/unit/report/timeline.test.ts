import { describe, expect, it } from 'vitest';
import type { ConsentSignalRecord } from '@/lib/model';
import { buildTimeline, layoutTimeline } from '@/lib/report/timeline';
import { makeCookie, makeGcmUpdate, makeReport, makeStorage } from '../../fixtures/reports';

describe('buildTimeline', () => {
  it('places each vendor at its first request, in time order, and the consent signals with the choice', () => {
    // Google Analytics appears first through a cookie, but its first request comes last.
    const timeline = buildTimeline(makeReport({ extra: [makeCookie({ name: '_ga', t: 5 }), makeGcmUpdate(200, 'denied')] }));
    expect(timeline.vendors.map((v) => [v.id, v.t, v.beforeChoice])).toEqual([
      ['google-tag-manager', 40, true],
      ['meta-pixel', 60, true],
      ['hotjar', 80, true],
      ['google-analytics', 300, false],
    ]);
    expect(timeline).toMatchObject({
      choiceAt: 200,
      choice: 'reject',
      consent: [{ t: 200, signal: 'consent-mode', command: 'choice', choice: 'reject' }],
      end: 300,
    });
  });

  it('places a choice stored before the visit at the start, with its source and CMP', () => {
    const token = btoa(JSON.stringify({ purposes: { enabled: [], disabled: ['ads'] } }));
    const fromStorage = buildTimeline(
      makeReport({ extra: [makeStorage({ key: 'didomi_token', t: 900, source: 'snapshot', action: 'present', value: token })] }),
    );
    expect(fromStorage).toMatchObject({ choiceAt: 0, choice: 'reject' });
    expect(fromStorage.consent).toContainEqual({ t: 0, signal: 'cmp-storage', command: 'choice', choice: 'reject', cmp: 'didomi' });
    // The scenario's second page learns it only at its end: the mark still goes to the start.
    const end: ConsentSignalRecord = {
      kind: 'consent',
      id: 'k:end',
      visitId: 'visit-1',
      t: 250,
      source: 'audit',
      frameId: 0,
      signal: 'scenario',
      command: 'end',
      params: { scenario: 'reject', cmp: 'didomi', detail: 'confirmed' },
    };
    const timeline = buildTimeline(makeReport({ extra: [end] }));
    expect(timeline.consent).toEqual([{ t: 0, signal: 'scenario', command: 'choice', choice: 'reject', cmp: 'didomi' }]);
    expect(timeline.vendors.every((v) => !v.beforeChoice)).toBe(true);
  });

  it('treats every vendor as before the choice when none was made', () => {
    expect(buildTimeline(makeReport()).vendors.every((v) => v.beforeChoice)).toBe(true);
  });
});

describe('layoutTimeline', () => {
  const timeline = buildTimeline(makeReport({ extra: [makeGcmUpdate(200, 'granted')] }));

  it('scales times onto the axis, flags consent-requiring vendors before the choice, and ticks round times', () => {
    const layout = layoutTimeline(timeline, { width: 448, labelWidth: 140 });
    expect(layout.rows[0]).toMatchObject({ id: 'google-tag-manager', x: 140 + (40 / 300) * 300 });
    expect(layout.rows.at(-1)).toMatchObject({ id: 'google-analytics', x: 440, flagged: false });
    expect(layout.rows.find((r) => r.id === 'meta-pixel')).toMatchObject({
      flagged: true,
      name: 'Meta Pixel (Facebook Pixel)',
      label: 'Meta Pixel (Facebook …',
    });
    expect(layout.rows.at(-1)?.label).toBe('Google Analytics');
    expect(layout.choiceX).toBe(140 + 200);
    expect(layout.ticks.map((t) => t.t)).toEqual([0, 100, 200, 300]);
    expect(layout.rows.map((r) => r.y)).toEqual([...layout.rows.map((r) => r.y)].sort((a, b) => a - b));
  });

  it('caps the rows and counts those left out', () => {
    const layout = layoutTimeline(timeline, { maxRows: 2 });
    expect(layout.rows).toHaveLength(2);
    expect(layout.hidden).toBe(2);
    expect(layout.height).toBeLessThan(layoutTimeline(timeline).height);
  });
});
