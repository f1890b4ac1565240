/** What the visitor does after the choice, one step per message to the page. */
export const VISITOR_STEPS = ['scroll', 'move', 'click', 'leave'] as const;
export type VisitorStep = (typeof VISITOR_STEPS)[number];

export interface VisitorDeps {
  /** Sends a message to the top frame's content script and returns its answer. */
  sendToTab(tabId: number, message: unknown, frameId: number): Promise<unknown>;
  /**
   * Shows another tab for `ms`, then the page again: it goes hidden and visible, as when the visitor switches tabs.
   * False when the browser would not.
   */
  switchAway(tabId: number, ms: number): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export interface VisitorTimings {
  /** Between two steps, as a person reads. */
  pauseMs: number;
  /** How long the page stays hidden at the end, for the uploads recorders make on `visibilitychange`. */
  hiddenMs: number;
}

export const VISITOR_TIMINGS: VisitorTimings = { pauseMs: 400, hiddenMs: 2000 };

/** What was done: each step in order, and whether the page was hidden at the end. */
export interface VisitorResult {
  steps: VisitorStep[];
  hidden: boolean;
}

/**
 * Observes a page for `ms` as a visitor would, for the recorders that upload only on interaction or when the page
 * is hidden: scrolls, moves the pointer, clicks neutral content (never a link, button, field or anything with a
 * click handler it can see), moves the pointer out of the page, waits, and ends with the page hidden for a moment,
 * so the final flushes arrive while the visit is still the same page. Everything is done from the content script
 * (the scroll is real; pointer events are dispatched by the script), and the page is hidden by showing another tab.
 */
export async function observeLikeVisitor(deps: VisitorDeps, tabId: number, ms: number, timings: VisitorTimings = VISITOR_TIMINGS): Promise<VisitorResult> {
  const end = deps.now() + ms;
  const steps: VisitorStep[] = [];
  for (const step of ['scroll', 'move', 'click', 'leave'] as const) {
    const answer = await deps.sendToTab(tabId, { type: 'visitor-act', step }, 0).catch(() => undefined);
    if ((answer as { done?: unknown } | undefined)?.done === true) steps.push(step);
    await deps.sleep(timings.pauseMs);
  }
  const left = end - deps.now() - timings.hiddenMs;
  if (left > 0) await deps.sleep(left);
  const hidden = await deps.switchAway(tabId, timings.hiddenMs).catch(() => false);
  return { steps, hidden };
}

/** The top frame's neutral point, for a caller that clicks through the automation protocol (the CLI). */
export async function neutralPoint(deps: Pick<VisitorDeps, 'sendToTab'>, tabId: number): Promise<{ ok: true; x: number; y: number } | { ok: false }> {
  const answer = (await deps.sendToTab(tabId, { type: 'visitor-target' }, 0).catch(() => undefined)) as { x?: unknown; y?: unknown } | undefined;
  return typeof answer?.x === 'number' && typeof answer.y === 'number' && Number.isFinite(answer.x) && Number.isFinite(answer.y)
    ? { ok: true, x: answer.x, y: answer.y }
    : { ok: false };
}
