import type { WxtBrowser } from 'wxt/browser';
import type { Recorder } from '../capture/recorder';
import { classifyUrl } from '../classify/match';
import { siteOf } from '../classify/site';
import { loadDefaultIndex } from '../classify/vendors';
import type { ConsentScenario } from '../scenario';
import type { Db } from '../store/db';
import { readRecords, readVisit } from '../store/visits';
import { type BannerClick, type FrameBanner, parseBannerClick, parseFrameBanners } from './unknown-banner';

/** Frames asked for their banners, at most. */
const FRAMES_MAX = 30;

/**
 * The browser side of the reject / accept audits on a banner of an unknown manager: asking each frame's content script
 * for the banners it sees and to click one, and which trackers started sending after the click.
 */
export function createBannerFrames(browser: WxtBrowser, recorder: Pick<Recorder, 'idle'>, db: Promise<Db>) {
  return {
    /** The consent banners the content script of each frame sees now; `sameSite` when the frame is the page's site. */
    async findBanners(tabId: number): Promise<FrameBanner[]> {
      const topSite = siteOfUrl((await browser.tabs.get(tabId)).url ?? '');
      const frames = ((await browser.webNavigation.getAllFrames({ tabId })) ?? []).slice(0, FRAMES_MAX);
      const answers = await Promise.all(
        frames.map((frame) =>
          browser.tabs.sendMessage(tabId, { type: 'banner-find' }, { frameId: frame.frameId }).then(
            (answer: unknown) => parseFrameBanners(answer, frame.frameId, frame.url, !!topSite && siteOfUrl(frame.url) === topSite),
            (): FrameBanner[] => [],
          ),
        ),
      );
      return answers.flat();
    },
    async clickBanner(tabId: number, frameId: number, choice: ConsentScenario): Promise<BannerClick> {
      return parseBannerClick(await browser.tabs.sendMessage(tabId, { type: 'banner-click', choice }, { frameId }));
    },
    /** Vendors that need consent and whose first request in the visit came at or after `at` (epoch ms). */
    async trackersStarted(visitId: string, at: number): Promise<string[]> {
      await recorder.idle();
      const store = await db;
      const visit = await readVisit(store, visitId);
      if (!visit) return [];
      const since = at - visit.startedAt;
      const first = new Map<string, number>();
      const index = await loadDefaultIndex();
      for (const record of await readRecords(store, visitId)) {
        if (record.kind !== 'request') continue;
        const found = classifyUrl(index, record.url, visit.site);
        if (found.kind !== 'vendor' || found.vendor.consent !== 'required') continue;
        first.set(found.vendor.id, Math.min(first.get(found.vendor.id) ?? Number.POSITIVE_INFINITY, record.t));
      }
      return [...first].filter(([, t]) => t >= since).map(([id]) => id);
    },
  };
}

function siteOfUrl(url: string): string {
  try {
    return siteOf(new URL(url).hostname);
  } catch {
    return '';
  }
}
