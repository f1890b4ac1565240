import { describe, expect, it } from 'vitest';
import { buildTimeline, type ConsentEvent, phaseAt } from '../../../lib/consent/timeline';

const ev = (t: number, source: ConsentEvent['source'], kind: ConsentEvent['kind'], extra: Partial<ConsentEvent> = {}): ConsentEvent => ({
  t,
  source,
  kind,
  ...extra,
});

describe('phaseAt', () => {
  it('is no-cmp without any consent evidence', () => {
    expect(phaseAt([], 100)).toBe('no-cmp');
  });

  it('is before-choice until the choice, then after-refusal from its own time on', () => {
    const events = [ev(50, 'autoconsent', 'cmp-detected', { cmp: 'Klaro' }), ev(1000, 'autoconsent', 'choice', { choice: 'reject' })];
    expect(phaseAt(events, 0)).toBe('before-choice');
    expect(phaseAt(events, 999)).toBe('before-choice');
    expect(phaseAt(events, 1000)).toBe('after-refusal');
    expect(phaseAt(events, 5000)).toBe('after-refusal');
  });

  it('is before-choice even before the CMP is detected', () => {
    expect(phaseAt([ev(3000, 'tcf', 'banner-shown', { cmp: 'didomi' })], 10)).toBe('before-choice');
  });

  it('treats partial as after-accept', () => {
    expect(phaseAt([ev(10, 'scenario', 'choice', { choice: 'partial' })], 20)).toBe('after-accept');
  });

  it('reads accept then reject as a revocation, and stays revoked after a second refusal', () => {
    const events = [
      ev(100, 'scenario', 'choice', { choice: 'accept' }),
      ev(2000, 'scenario', 'banner-shown'),
      ev(2500, 'scenario', 'choice', { choice: 'reject' }),
      ev(4000, 'scenario', 'banner-shown'),
      ev(9000, 'autoconsent', 'choice', { choice: 'reject' }),
    ];
    expect(phaseAt(events, 1000)).toBe('after-accept');
    expect(phaseAt(events, 3000)).toBe('after-revocation');
    expect(phaseAt(events, 9500)).toBe('after-revocation');
  });

  it('honours an explicit revoked event', () => {
    const events = [ev(100, 'scenario', 'choice', { choice: 'reject' }), ev(500, 'scenario', 'revoked')];
    expect(phaseAt(events, 600)).toBe('after-revocation');
  });

  it('applies a choice stored before the visit from t = 0', () => {
    const events = [ev(400, 'tcf', 'choice', { choice: 'accept', prior: true, cmp: 'didomi' })];
    expect(phaseAt(events, 0)).toBe('after-accept');
    expect(buildTimeline(events).choiceAt).toBe(0);
  });

  it('is unknown after a choice whose value nobody could read', () => {
    expect(phaseAt([ev(100, 'tcf', 'choice')], 200)).toBe('unknown');
  });

  it('accepts a built timeline as well as events', () => {
    const timeline = buildTimeline([ev(100, 'scenario', 'choice', { choice: 'reject' })]);
    expect(phaseAt(timeline, 150)).toBe('after-refusal');
  });
});

describe('buildTimeline', () => {
  it('merges sources, orders by time and drops the same choice reported by several sources', () => {
    const timeline = buildTimeline(
      [ev(1500, 'cmp-storage', 'choice', { choice: 'reject', cmp: 'klaro' }), ev(40, 'cmp-storage', 'cmp-detected', { cmp: 'klaro' })],
      [
        ev(1000, 'autoconsent', 'choice', { choice: 'reject', cmp: 'Klaro' }),
        ev(30, 'autoconsent', 'cmp-detected', { cmp: 'Klaro' }),
        ev(200, 'autoconsent', 'banner-shown', { cmp: 'Klaro' }),
      ],
      [ev(1020, 'consent-mode', 'choice', { choice: 'reject' })],
    );
    expect(timeline.events.map((e) => [e.t, e.source, e.kind])).toEqual([
      [30, 'autoconsent', 'cmp-detected'],
      [200, 'autoconsent', 'banner-shown'],
      [1000, 'autoconsent', 'choice'],
    ]);
    expect(timeline).toMatchObject({ cmps: ['klaro'], choiceAt: 1000, choice: 'reject', inconclusive: [] });
  });

  it('keeps repeated storage snapshots of the same choice as one choice', () => {
    const snapshots = [1000, 6000, 11000].map((t) => ev(t, 'cmp-storage', 'choice', { choice: 'accept', cmp: 'onetrust' }));
    expect(buildTimeline(snapshots).events).toHaveLength(1);
  });

  it('flags two CMPs', () => {
    const timeline = buildTimeline([
      ev(10, 'cmp-storage', 'cmp-detected', { cmp: 'onetrust' }),
      ev(20, 'autoconsent', 'cmp-detected', { cmp: 'Cybotcookiebot' }),
    ]);
    expect(timeline.inconclusive).toEqual([{ kind: 'several-cmps', cmps: ['onetrust', 'cookiebot'] }]);
  });

  it('does not flag a framework or an ambiguous autoconsent rule as a second CMP', () => {
    const timeline = buildTimeline([
      ev(10, 'autoconsent', 'cmp-detected', { cmp: 'Complianz optin' }),
      ev(20, 'cmp-storage', 'cmp-detected', { cmp: 'insites-cookieconsent' }),
      ev(30, 'tcf', 'cmp-detected', { cmp: 'iab-tcf' }),
    ]);
    expect(timeline.inconclusive).toEqual([]);
    expect(timeline.cmps).toEqual(['insites-cookieconsent']);
  });

  it('flags a choice that flips back without a banner, and keeps the trusted choice', () => {
    const timeline = buildTimeline([ev(1000, 'autoconsent', 'choice', { choice: 'reject' }), ev(3000, 'consent-mode', 'choice', { choice: 'accept' })]);
    expect(timeline.inconclusive).toEqual([{ kind: 'choice-flipped', t: 3000, from: 'reject', to: 'accept', source: 'consent-mode' }]);
    expect(phaseAt(timeline, 4000)).toBe('after-refusal');
  });

  it('flags a flip between equally trusted page sources but follows it', () => {
    const timeline = buildTimeline([ev(1000, 'tcf', 'choice', { choice: 'reject' }), ev(3000, 'cmp-storage', 'choice', { choice: 'accept' })]);
    expect(timeline.inconclusive.map((r) => r.kind)).toEqual(['choice-flipped']);
    expect(timeline.events.at(-1)?.kind).toBe('choice-changed');
    expect(phaseAt(timeline, 4000)).toBe('after-accept');
  });

  it('does not flag a change made after the banner was reopened', () => {
    const timeline = buildTimeline([
      ev(1000, 'tcf', 'choice', { choice: 'accept' }),
      ev(5000, 'scenario', 'banner-shown'),
      ev(6000, 'tcf', 'choice', { choice: 'reject' }),
    ]);
    expect(timeline.inconclusive).toEqual([]);
    expect(phaseAt(timeline, 7000)).toBe('after-revocation');
  });

  it('flags a banner that reappears after a choice on its own', () => {
    const timeline = buildTimeline([ev(1000, 'autoconsent', 'choice', { choice: 'reject' }), ev(4000, 'tcf', 'banner-shown', { cmp: 'didomi' })]);
    expect(timeline.inconclusive).toEqual([{ kind: 'banner-after-choice', t: 4000, source: 'tcf' }]);
    expect(phaseAt(timeline, 5000)).toBe('after-refusal');
  });

  it('flags the banner autoconsent sees again on a page where the refusal was stored, but not one our scenario opened', () => {
    const stored = ev(9000, 'scenario', 'choice', { choice: 'reject', prior: true, cmp: 'Klaro' });
    const seen = buildTimeline([stored, ev(800, 'autoconsent', 'banner-shown', { cmp: 'Klaro' })]);
    expect(seen.inconclusive).toEqual([{ kind: 'banner-after-choice', t: 800, source: 'autoconsent' }]);
    expect(phaseAt(seen, 1000)).toBe('after-refusal');
    expect(buildTimeline([stored, ev(800, 'scenario', 'banner-shown', { cmp: 'Klaro' })]).inconclusive).toEqual([]);
    // Before any choice it is just the banner.
    expect(buildTimeline([ev(800, 'autoconsent', 'banner-shown'), ev(2000, 'autoconsent', 'choice', { choice: 'reject' })]).inconclusive).toEqual([]);
  });

  it('flags a banner shown although a stored choice was loaded', () => {
    const timeline = buildTimeline([ev(300, 'tcf', 'choice', { choice: 'reject', prior: true }), ev(200, 'tcf', 'banner-shown')]);
    expect(timeline.inconclusive.map((r) => r.kind)).toEqual(['banner-after-choice']);
  });

  it('ignores malformed events', () => {
    const bad = [
      { t: Number.NaN, source: 'tcf', kind: 'choice' },
      { t: 1, source: 'page', kind: 'choice' },
      { t: 1, source: 'tcf', kind: 'accept' },
      null,
    ] as unknown as ConsentEvent[];
    expect(buildTimeline(bad).events).toEqual([]);
  });
});
