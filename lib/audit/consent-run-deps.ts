import type { CmpReading, CmpStorage } from '../consent/cmp-reader';
import type { Recorder } from '../capture/recorder';
import type { ConsentScenario, ScenarioStatus } from '../model';
import type { AutoconsentHub } from './autoconsent-hub';
import type { BannerClick, FrameBanner } from './unknown-banner';

/** What the reject / accept audit needs from the browser and the recorder, and how long it waits: its contract. */

export type ScenarioResult = ({ ok: true } & ScenarioStatus) | { ok: false; reason: 'restricted' | 'busy' | 'no-visit' };

export interface ConsentRunDeps {
  recorder: Pick<Recorder, 'markNextVisit' | 'currentVisitId' | 'recordAuditSignal'>;
  hub: Pick<AutoconsentHub, 'events' | 'reset' | 'useFullRules' | 'act'>;
  tabUrl(tabId: number): Promise<string | undefined>;
  clearSiteData(url: string): Promise<void>;
  reload(tabId: number): Promise<void>;
  /** The CMP readers' view of the site's cookies for the page URL and the top frame's localStorage (lib/consent). */
  readCmpReadings(tabId: number, url: string): Promise<CmpReading[]>;
  /** The same cookies and localStorage, as values (to see what a click on an unknown banner wrote). */
  captureStorage(tabId: number, url: string): Promise<CmpStorage>;
  /** The consent banners the content script sees now in each frame of the tab, whoever made them. */
  findBanners(tabId: number): Promise<FrameBanner[]>;
  /** Asks a frame to click its banner's refuse (reject) or accept control. */
  clickBanner(tabId: number, frameId: number, choice: ConsentScenario): Promise<BannerClick>;
  /** Vendors that need consent whose first request in the visit came at or after `at` (epoch ms). */
  trackersStarted(visitId: string, at: number): Promise<string[]>;
  sleep(ms: number): Promise<void>;
  now(): number;
  newRunId(): string;
  onStatus(tabId: number, status: ScenarioStatus): void;
  /** Observes the page `ms` after the choice as a visitor would (lib/audit/visitor.ts); without it, waits. */
  observe?(tabId: number, ms: number): Promise<unknown>;
}

export interface ConsentRunTimings {
  /**
   * How long the banner is left alone once visible, as a visitor would: some CMPs show their buttons before their
   * click handlers are bound (tarteaucitron's accept button ignored an immediate click in about 1 run in 5).
   */
  settleMs: number;
  /** How long autoconsent may take to recognise a CMP and its banner after the page started loading. */
  cmpTimeoutMs: number;
  /** How long its opt-out/opt-in may take. */
  actionTimeoutMs: number;
  /** How long the CMP may take to store the choice. */
  storeTimeoutMs: number;
  /** How long autoconsent's self-test may take. */
  selfTestTimeoutMs: number;
  pollMs: number;
  /** How often the frames are asked for a consent banner while waiting (each ask is a message per frame). */
  bannerPollMs: number;
  /**
   * How long a banner only our detector recognised is left for autoconsent to name its manager first (a named CMP's
   * stored state is read by its own reader).
   */
  unknownGraceMs: number;
}

export const DEFAULT_TIMINGS: ConsentRunTimings = {
  settleMs: 1_000,
  cmpTimeoutMs: 10_000,
  actionTimeoutMs: 10_000,
  storeTimeoutMs: 3_000,
  selfTestTimeoutMs: 3_000,
  pollMs: 100,
  bannerPollMs: 1_000,
  unknownGraceMs: 3_000,
};
