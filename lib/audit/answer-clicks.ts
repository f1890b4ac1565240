/**
 * When the banner was really answered. An audit tells autoconsent to opt out (or in) by a message; autoconsent then
 * waits for the banner's elements and clicks them, hundreds of milliseconds later on a busy page. The click as
 * dispatched in the page is the visitor's choice (the consent manager acts on it at once); the moment the command
 * left the background is not, and a tag that sent in between sent before the choice.
 *
 * The content script side arms a clock when the command arrives, notes each click the frame dispatches while armed,
 * and hands the times over with autoconsent's result; the background side picks the answer's time from them.
 */

/** Clicks kept per action, at most: autoconsent's longest rules click a handful of times. */
export const MAX_ANSWER_CLICKS = 20;

export interface AnswerClickClock {
  /** An opt-out / opt-in command arrived: note clicks from now on. */
  arm(): void;
  /** The times (epoch ms) of the clicks noted since `arm`, and stops noting. */
  take(): number[];
  stop(): void;
}

/** Notes the clicks dispatched in `target` (a frame's window, capture phase, so before the page's own handlers). */
export function createAnswerClickClock(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, now: () => number = Date.now): AnswerClickClock {
  let clicks: number[] | undefined;
  const onClick = () => {
    if (clicks && clicks.length < MAX_ANSWER_CLICKS) clicks.push(now());
  };
  target.addEventListener('click', onClick, true);
  return {
    arm() {
      clicks = [];
    },
    take() {
      const taken = clicks ?? [];
      clicks = undefined;
      return taken;
    },
    stop() {
      clicks = undefined;
      target.removeEventListener('click', onClick, true);
    },
  };
}

/**
 * The answer's time: the last click the frame dispatched between the command (`commandAt`) and autoconsent's result
 * (`resultAt`), the one that made the choice (earlier ones open a settings panel); the command's time when no click
 * was seen there. The times come from a hostile frame: anything outside that window is ignored.
 */
export function answeredAt(commandAt: number, resultAt: number, clicks: readonly number[] | undefined): number {
  const inWindow = (clicks ?? []).filter((t) => Number.isFinite(t) && t >= commandAt && t <= resultAt);
  return inWindow.length ? Math.max(...inWindow) : commandAt;
}
