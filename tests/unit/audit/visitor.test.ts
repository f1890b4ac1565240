import { describe, expect, it } from 'vitest';
import { neutralPoint, observeLikeVisitor } from '@/lib/audit/visitor';

function deps(answers: Record<string, unknown> = {}, hides = true) {
  let clock = 0;
  const log: string[] = [];
  return {
    log,
    deps: {
      sendToTab: async (_tab: number, message: unknown, frameId: number) => {
        const { type, step } = message as { type: string; step?: string };
        log.push(`${clock} ${type}${step ? ` ${step}` : ''} @${frameId}`);
        const key = step ?? type;
        if (key in answers) return answers[key];
        return { done: true };
      },
      switchAway: async (_tab: number, ms: number) => {
        log.push(`${clock} hide ${ms}`);
        clock += ms;
        return hides;
      },
      sleep: async (ms: number) => {
        clock += ms;
      },
      now: () => clock,
    },
  };
}

describe('observeLikeVisitor', () => {
  it('scrolls, moves, clicks, leaves in the top frame, waits, and ends the observation with the page hidden', async () => {
    const { deps: d, log } = deps();
    const result = await observeLikeVisitor(d, 4, 8000, { pauseMs: 400, hiddenMs: 2000 });
    expect(result).toEqual({ steps: ['scroll', 'move', 'click', 'leave'], hidden: true });
    expect(log).toEqual(['0 visitor-act scroll @0', '400 visitor-act move @0', '800 visitor-act click @0', '1200 visitor-act leave @0', '6000 hide 2000']);
  });

  it('says which steps the page did not do (no neutral content to click), and when the page could not be hidden', async () => {
    const { deps: d } = deps({ click: { done: false }, leave: undefined }, false);
    expect(await observeLikeVisitor(d, 4, 1000, { pauseMs: 400, hiddenMs: 2000 })).toEqual({ steps: ['scroll', 'move'], hidden: false });
  });

  it('keeps going when the content script is gone (the page navigated)', async () => {
    const { deps: d } = deps();
    d.sendToTab = async () => {
      throw new Error('Could not establish connection');
    };
    expect(await observeLikeVisitor(d, 4, 3000)).toEqual({ steps: [], hidden: true });
  });
});

describe('neutralPoint', () => {
  it('passes on a point the page answered, and nothing else', async () => {
    expect(await neutralPoint(deps({ 'visitor-target': { x: 10, y: 20 } }).deps, 1)).toEqual({ ok: true, x: 10, y: 20 });
    expect(await neutralPoint(deps({ 'visitor-target': {} }).deps, 1)).toEqual({ ok: false });
    expect(await neutralPoint(deps({ 'visitor-target': { x: 'a', y: Number.NaN } }).deps, 1)).toEqual({ ok: false });
  });
});
