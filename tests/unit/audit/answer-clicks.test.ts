import { describe, expect, it } from 'vitest';
import { answeredAt, createAnswerClickClock, MAX_ANSWER_CLICKS } from '@/lib/audit/answer-clicks';

describe('answer click clock', () => {
  it('notes the clicks dispatched between an opt-out command and its result, and only those', () => {
    const target = new EventTarget();
    let now = 100;
    const clock = createAnswerClickClock(target, () => now);
    target.dispatchEvent(new Event('click')); // a visitor's click before any command
    clock.arm();
    now = 250;
    target.dispatchEvent(new Event('click'));
    now = 400;
    target.dispatchEvent(new Event('click'));
    target.dispatchEvent(new Event('mousedown'));
    expect(clock.take()).toEqual([250, 400]);
    // Taken: disarmed until the next command.
    target.dispatchEvent(new Event('click'));
    expect(clock.take()).toEqual([]);
  });

  it('keeps a bounded number of clicks, and stops listening', () => {
    const target = new EventTarget();
    const clock = createAnswerClickClock(target, () => 1);
    clock.arm();
    for (let i = 0; i < 100; i++) target.dispatchEvent(new Event('click'));
    expect(clock.take()).toHaveLength(MAX_ANSWER_CLICKS);
    clock.arm();
    clock.stop();
    target.dispatchEvent(new Event('click'));
    expect(clock.take()).toEqual([]);
  });

  it("dates the answer by the action's last click inside the command → result window, else by the command", () => {
    expect(answeredAt(1000, 1500, [1120, 1380])).toBe(1380);
    expect(answeredAt(1000, 1500, [])).toBe(1000);
    expect(answeredAt(1000, 1500, undefined)).toBe(1000);
    // A hostile frame's times: before the command, after the result, not a number.
    expect(answeredAt(1000, 1500, [900, 1600, Number.NaN, Number.POSITIVE_INFINITY])).toBe(1000);
    expect(answeredAt(1000, 1500, [900, 1200, 99_999])).toBe(1200);
  });
});
