import { answeredAt } from './answer-clicks';
import type { CmpReading, CmpStorage } from '../consent/cmp-reader';
import { isHeuristicRule } from '../consent/consent-events';
import { UNKNOWN_CMP } from '../consent/timeline';
import type { ConfirmedBy, ConsentScenario, ScenarioOutcome, ScenarioStatus } from '../scenario';
import type { AutoconsentEvent } from './autoconsent-hub';
import type { ConsentRunDeps, ConsentRunTimings } from './consent-run-deps';
import { type BannerClick, confirmUnknownChoice, type FrameBanner, type UnknownVerdict } from './unknown-banner';
import { waitFor } from './wait-for';

/**
 * What the run found to answer: a banner autoconsent names (`named`); a banner no rule names (`unknown`: autoconsent's
 * heuristics, our detector, or both); or nothing it may answer (`none`, saying what it saw that it could not answer).
 */
export type BannerFound =
  | { kind: 'named'; popup: AutoconsentEvent }
  | { kind: 'unknown'; heuristic?: AutoconsentEvent; banner?: FrameBanner }
  | { kind: 'none'; crossSite?: FrameBanner; notice?: FrameBanner };

export interface UnknownRun {
  tabId: number;
  url: string;
  scenario: ConsentScenario;
  visitId: string;
  found: Extract<BannerFound, { kind: 'unknown' }>;
  timings: ConsentRunTimings;
  stillHere(): Promise<boolean>;
  update(patch: Partial<ScenarioStatus>): void;
  record(command: string, detail: string, at?: number, extra?: Record<string, string>): Promise<void>;
}

/**
 * Waits for a banner to answer. A banner autoconsent names wins. A banner only our detector recognised is left
 * `unknownGraceMs` for autoconsent to name, and never taken while autoconsent has recognised a named manager (whose
 * banner it is then most likely). autoconsent's heuristic popup is taken at once: autoconsent stops looking after it.
 * A banner in a cross-site frame is not answered: its stored choice would belong to the frame's site.
 */
export async function waitForBanner(
  deps: Pick<ConsentRunDeps, 'hub' | 'findBanners' | 'sleep' | 'now'>,
  tabId: number,
  timings: ConsentRunTimings,
  valid: () => Promise<boolean>,
): Promise<BannerFound | 'interrupted'> {
  const deadline = deps.now() + timings.cmpTimeoutMs;
  let banner: FrameBanner | undefined;
  let crossSite: FrameBanner | undefined;
  let notice: FrameBanner | undefined;
  let since: number | undefined;
  let nextLook = deps.now();
  for (;;) {
    const events = deps.hub.events(tabId);
    const popup = events.find((e) => e.type === 'popupFound' && !isHeuristicRule(e.cmp));
    if (popup) return { kind: 'named', popup };
    const heuristic = events.find((e) => e.type === 'popupFound' && isHeuristicRule(e.cmp));
    if (deps.now() >= nextLook) {
      nextLook = deps.now() + timings.bannerPollMs;
      const banners = await deps.findBanners(tabId).catch((): FrameBanner[] => []);
      banner = banners.find((b) => b.sameSite && b.type === 'consent-banner') ?? banner;
      crossSite = banners.find((b) => !b.sameSite && b.type === 'consent-banner') ?? crossSite;
      notice = banners.find((b) => b.sameSite && b.type === 'notice') ?? notice;
    }
    if ((heuristic || banner) && since === undefined) since = deps.now();
    const named = events.some((e) => e.type === 'cmpDetected' && !isHeuristicRule(e.cmp));
    const expired = deps.now() >= deadline;
    if (heuristic || (since !== undefined && !named && (expired || deps.now() - since >= timings.unknownGraceMs)))
      return { kind: 'unknown', ...(heuristic && { heuristic }), ...(banner && { banner }) };
    if (!(await valid())) return 'interrupted';
    if (expired) return { kind: 'none', ...(crossSite && { crossSite }), ...(notice && { notice }) };
    await deps.sleep(timings.pollMs);
  }
}

/**
 * Answers a banner no rule names, as cmp `unknown`: to reject, autoconsent's heuristic opt-out when it found the popup,
 * else the banner's refuse control found by its label; to accept, the banner's accept control (autoconsent's
 * heuristics only refuse). Then confirms the choice from evidence only (`confirmUnknownChoice`), reading the site's
 * storage before the click and until the choice shows or `storeTimeoutMs` is over.
 */
export async function answerUnknown(
  deps: ConsentRunDeps,
  run: UnknownRun,
): Promise<{ outcome: ScenarioOutcome; detail: string; how: ConfirmedBy } | 'interrupted'> {
  const { tabId, url, scenario, found, timings } = run;
  const empty: CmpStorage = { cookies: [], localStorage: [] };
  const before = await deps.captureStorage(tabId, url).catch(() => empty);
  const readingsBefore = await deps.readCmpReadings(tabId, url).catch((): CmpReading[] => []);
  const frameId = found.banner?.frameId ?? found.heuristic?.frameId ?? 0;
  const actedAt = deps.now();
  run.update({ step: 'acting', cmp: UNKNOWN_CMP, actedAt });
  // The answer is dated by the click in the page, as for a named manager (lib/audit/answer-clicks.ts): a tag that sent
  // between the command and the click sent before the choice.
  const record = (at: number) =>
    run.record(scenario === 'reject' ? 'opt-out' : 'opt-in', UNKNOWN_CMP, at, {
      frame: String(frameId),
      ...(found.banner && { banner: `${found.banner.selector}: ${found.banner.controls}`.slice(0, 400) }),
      ...(found.heuristic && { autoconsent: found.heuristic.cmp }),
    });

  let answered: string | undefined;
  if (scenario === 'reject' && found.heuristic) {
    await deps.hub.act(tabId, found.heuristic.frameId, 'optOut');
    const result = await waitFor(deps, timings.actionTimeoutMs, timings.pollMs, run.stillHere, () =>
      deps.hub.events(tabId).find((e) => e.type === 'optOutResult'),
    );
    if (result === 'interrupted') {
      await record(actedAt);
      return 'interrupted';
    }
    if (result?.result) {
      answered = `autoconsent ${found.heuristic.cmp}`;
      await record(answeredAt(actedAt, result.at, result.clicks));
    }
  }
  if (!answered) {
    const click = await deps.clickBanner(tabId, frameId, scenario).catch((): BannerClick => ({ ok: false, reason: 'no answer' }));
    if (!click.ok) {
      await record(actedAt);
      return { outcome: 'action-failed', how: 'none', detail: `${UNKNOWN_CMP}: ${clickFailure(click.reason, scenario)}` };
    }
    answered = `"${click.label}"`;
    await record(answeredAt(actedAt, deps.now(), click.at === undefined ? undefined : [click.at]));
  }

  run.update({ step: 'confirming' });
  const deadline = deps.now() + timings.storeTimeoutMs;
  let verdict: UnknownVerdict;
  for (;;) {
    verdict = confirmUnknownChoice(scenario, {
      before,
      readingsBefore,
      after: await deps.captureStorage(tabId, url).catch(() => empty),
      readings: await deps.readCmpReadings(tabId, url).catch((): CmpReading[] => []),
      started: await deps.trackersStarted(run.visitId, actedAt).catch((): string[] => []),
    });
    if (verdict.outcome === 'confirmed' || deps.now() >= deadline) break;
    if (!(await run.stillHere())) return 'interrupted';
    await deps.sleep(timings.pollMs * 3);
  }
  return { outcome: verdict.outcome, how: verdict.how, detail: `${verdict.detail} (answered: ${answered})`.slice(0, 300) };
}

function clickFailure(reason: string, scenario: ConsentScenario): string {
  switch (reason) {
    case 'no-control':
      return `no ${scenario === 'reject' ? 'refuse' : 'accept'} control on the banner`;
    case 'no-banner':
      return 'the banner was gone before the click';
    default:
      return 'the banner frame did not answer';
  }
}
