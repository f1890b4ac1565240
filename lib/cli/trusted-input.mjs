// What the CLI does to a page through the browser's automation protocol (CDP in Chromium, WebDriver BiDi in Firefox),
// so that page scripts see a person's events (isTrusted): the canary test's keystrokes, and a visitor's scroll, pointer
// moves, click and leaving before the report is taken. The extension still decides everything: which fields and which
// values (lib/audit/canary-run.ts), where a click is harmless (lib/audit/visitor-page.ts); the CLI only presses keys.

/**
 * Why the extension said no, for a message: its reason, and what was thrown when it failed (`failureOf` in
 * lib/messages.ts), or "no answer".
 */
export function whyNot(answer) {
  if (!answer?.reason) return 'no answer';
  return answer.reason === 'error' && typeof answer.error === 'string' ? `the extension failed: ${answer.error}` : answer.reason;
}

/** Why an export or a report came back empty: nothing recorded, or the extension failed to build it. */
export function whyNoReport(answer) {
  return `${answer?.reason === 'error' ? 'could not build the report' : 'recorded nothing'} (${whyNot(answer)})`;
}

/** Sends a request to the extension's background from an extension page, as the popup does. */
export function sendToExtension(session, message) {
  return session.evalInExtension(async (m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), message);
}

/**
 * The canary test with trusted keystrokes: the extension plans it in every frame (fields, values, submit and
 * navigation blocked), the CLI gives each field the focus through the extension and types its value as keystrokes,
 * then the extension checks each field, types any it could not reach synthetically, records, observes and restores.
 */
export async function runTrustedCanary(session, page, tabId, seconds) {
  const plan = await sendToExtension(session, { type: 'canary-plan', tabId });
  if (!plan?.ok) return plan;
  const input = session.input(page);
  await input.front().catch(() => {});
  for (const field of plan.fields) {
    const answer = await sendToExtension(session, { type: 'canary-focus', tabId, frameId: field.frameId, index: field.index });
    if (answer?.focused === true) await input.type(field.value);
  }
  return sendToExtension(session, { type: 'run-canary', tabId, seconds, typedBy: 'automation' });
}

/**
 * A visitor's last seconds on the page, for the recorders that upload only on interaction or when the page is
 * hidden: scroll, move to neutral content the extension picked (no link, button, field or click handler it can see)
 * and click it, move the pointer out of the page, then hide the page for `hiddenMs`. Returns the steps done.
 */
export async function actLikeVisitor(session, page, tabId, { pauseMs = 400, hiddenMs = 2000 } = {}) {
  const input = session.input(page);
  const pause = () => new Promise((r) => setTimeout(r, pauseMs));
  const steps = [];
  await input.front().catch(() => {});
  await input.wheel(400);
  steps.push('scroll');
  await pause();
  const target = await sendToExtension(session, { type: 'visitor-target', tabId });
  if (target?.ok) {
    await input.move(target.x, target.y);
    steps.push('move');
    await pause();
    await input.click(target.x, target.y);
    steps.push('click');
  } else {
    await input.move(5, 5);
    steps.push('move');
  }
  await pause();
  if (await input.leave().catch(() => false)) steps.push('leave');
  await pause();
  if (await input.hide(hiddenMs).catch(() => false)) steps.push('hide');
  return steps;
}
