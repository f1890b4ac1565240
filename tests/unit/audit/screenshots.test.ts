import { describe, expect, it } from 'vitest';
import {
  createScreenshots,
  MAX_SCREENSHOT_BYTES,
  MAX_SCREENSHOT_ENTRIES,
  MAX_SCREENSHOTS_PER_VISIT,
  mayCapture,
  type ScreenshotDeps,
  type TabView,
  takeScreenshot,
  waitForFirstPaint,
} from '@/lib/audit/screenshots';
import { toBase64 } from '@/lib/bytes';
import type { Screenshot } from '@/lib/model';
import { jpegHeader } from '../../fixtures/images';

/** A JPEG of `size` bytes: a real header, then padding inside a comment segment's worth of filler before the end. */
function jpegOf(size: number, width = 1280, height = 720): string {
  const head = jpegHeader(width, height);
  const bytes = new Uint8Array(Math.max(size, head.length));
  bytes.set(head.subarray(0, head.length - 2));
  bytes.set([0xff, 0xd9], bytes.length - 2);
  return `data:image/jpeg;base64,${toBase64(bytes)}`;
}

interface World {
  view?: TabView;
  /** The view after the capture (the user switched tabs meanwhile). */
  viewAfter?: TabView;
  /** Image size per JPEG quality. */
  sizes?: Record<number, number>;
  visitAfter?: string;
  capture?: (quality: number) => Promise<string>;
}

function simulate(world: World = {}) {
  const stored: Screenshot[] = [];
  const qualities: number[] = [];
  let calls = 0;
  const visible: TabView = { active: true, windowState: 'normal', visibility: 'visible' };
  const deps: ScreenshotDeps = {
    currentVisit: async () => ({ id: calls > 0 && world.visitAfter ? world.visitAfter : 'v1', startedAt: 1000 }),
    view: async () => ({ windowId: 5, ...(calls > 0 && world.viewAfter ? world.viewAfter : (world.view ?? visible)) }),
    capture: async (windowId, quality) => {
      expect(windowId).toBe(5);
      calls++;
      qualities.push(quality);
      return world.capture ? world.capture(quality) : jpegOf(world.sizes?.[quality] ?? 50_000);
    },
    count: async (visitId) => {
      const mine = stored.filter((s) => s.visitId === visitId);
      return { kept: mine.filter((s) => s.kind === 'shot').length, all: mine.length };
    },
    write: async (shot) => void stored.push(shot),
    now: () => 3500,
    onError: () => undefined,
  };
  return { deps, stored, qualities };
}

describe('mayCapture', () => {
  it.each([
    [{ active: true, windowState: 'normal', visibility: 'visible' }, true],
    [{ active: true, windowState: 'maximized', visibility: 'visible' }, true],
    [{ active: true, windowState: 'fullscreen', visibility: 'visible' }, true],
    [{ active: false, windowState: 'normal', visibility: 'visible' }, false],
    [{ active: true, windowState: 'minimized', visibility: 'visible' }, false],
    [{ active: true, windowState: 'normal', visibility: 'hidden' }, false],
    [{ active: true, windowState: 'normal' }, false],
  ] as [TabView, boolean][])('%o → %s', (view, expected) => {
    expect(mayCapture(view)).toBe(expected);
  });
});

describe('takeScreenshot', () => {
  it('keeps a JPEG of the active, visible tab with its size and its time in the visit', async () => {
    const sim = simulate();
    const result = await takeScreenshot(sim.deps, 1, 'banner');
    expect(result).toMatchObject({ ok: true, shot: { kind: 'shot', visitId: 'v1', reason: 'banner', t: 2500, width: 1280, height: 720, bytes: 50_000 } });
    expect(sim.qualities).toEqual([60]);
    expect(sim.stored).toHaveLength(1);
  });

  it('takes nothing of a tab the user does not see, and says so', async () => {
    for (const view of [
      { active: false, windowState: 'normal', visibility: 'visible' },
      { active: true, windowState: 'minimized', visibility: 'visible' },
      { active: true, windowState: 'normal', visibility: 'hidden' },
    ]) {
      const sim = simulate({ view });
      expect(await takeScreenshot(sim.deps, 1, 'banner')).toEqual({ ok: false, why: 'not-visible' });
      expect(sim.qualities).toEqual([]);
      expect(sim.stored).toEqual([{ kind: 'dropped', visitId: 'v1', id: 'banner:3500', t: 2500, reason: 'banner', why: 'not-visible' }]);
    }
  });

  it('drops an image taken while the user switched tabs or the page navigated', async () => {
    const switched = simulate({ viewAfter: { active: false, windowState: 'normal', visibility: 'hidden' } });
    expect(await takeScreenshot(switched.deps, 1, 'after-choice')).toEqual({ ok: false, why: 'not-visible' });
    const navigated = simulate({ visitAfter: 'v2' });
    expect(await takeScreenshot(navigated.deps, 1, 'after-choice')).toEqual({ ok: false, why: 'not-visible' });
    expect([...switched.stored, ...navigated.stored].every((s) => s.kind === 'dropped')).toBe(true);
  });

  it('retries once at a lower quality when over the size cap, then drops', async () => {
    const smaller = simulate({ sizes: { 60: MAX_SCREENSHOT_BYTES + 1, 35: 200_000 } });
    expect(await takeScreenshot(smaller.deps, 1, 'banner')).toMatchObject({ ok: true, shot: { bytes: 200_000 } });
    expect(smaller.qualities).toEqual([60, 35]);
    const huge = simulate({ sizes: { 60: 900_000, 35: MAX_SCREENSHOT_BYTES + 1 } });
    expect(await takeScreenshot(huge.deps, 1, 'banner')).toEqual({ ok: false, why: 'too-large' });
    expect(huge.stored.map((s) => s.kind)).toEqual(['dropped']);
  });

  it('keeps at most the cap per visit, and counts what it drops within a bound', async () => {
    const sim = simulate();
    const results = [];
    for (let i = 0; i < MAX_SCREENSHOT_ENTRIES + 10; i++) results.push(await takeScreenshot(sim.deps, 1, 'banner'));
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_SCREENSHOTS_PER_VISIT);
    expect(results.at(-1)).toEqual({ ok: false, why: 'too-many' });
    expect(sim.stored.filter((s) => s.kind === 'shot')).toHaveLength(MAX_SCREENSHOTS_PER_VISIT);
    expect(sim.stored).toHaveLength(MAX_SCREENSHOT_ENTRIES);
  });

  it('never keeps what the browser returns unless it is a JPEG or PNG data URL, and never throws', async () => {
    const svg = simulate({ capture: async () => `data:image/svg+xml;base64,${btoa('<svg/>')}` });
    expect(await takeScreenshot(svg.deps, 1, 'banner')).toEqual({ ok: false, why: 'failed' });
    const refused = simulate({
      capture: async () => {
        throw new Error('Too many calls');
      },
    });
    expect(await takeScreenshot(refused.deps, 1, 'banner')).toEqual({ ok: false, why: 'failed' });
    expect([...svg.stored, ...refused.stored].map((s) => s.kind)).toEqual(['dropped', 'dropped']);
  });

  it('without a visit, takes and writes nothing', async () => {
    const sim = simulate();
    sim.deps.currentVisit = async () => undefined;
    expect(await takeScreenshot(sim.deps, 1, 'first-paint')).toEqual({ ok: false, why: 'no-visit' });
    expect(sim.stored).toEqual([]);
  });
});

describe('createScreenshots', () => {
  it('takes one at a time, so concurrent calls cannot pass the cap together', async () => {
    const sim = simulate();
    const take = createScreenshots(sim.deps);
    const results = await Promise.all(Array.from({ length: 8 }, () => take(1, 'banner')));
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_SCREENSHOTS_PER_VISIT);
  });
});

describe('waitForFirstPaint', () => {
  it('waits for the paint, at most the timeout', async () => {
    let clock = 0;
    const deps = { sleep: async (ms: number) => void (clock += ms), now: () => clock };
    expect(await waitForFirstPaint({ ...deps, painted: async () => clock >= 300 }, 1)).toBe(true);
    expect(clock).toBe(300);
    clock = 0;
    expect(await waitForFirstPaint({ ...deps, painted: async () => Promise.reject(new Error('navigating')) }, 1, 1000)).toBe(false);
    expect(clock).toBe(1000);
  });
});
