import { type Banner, browserLayout, describeBanner, findBanners, type Layout } from './banner';

/** What the watcher reports: a banner seen (once per banner and page) or a click on one of its controls. */
export interface BannerEvent {
  kind: 'banner';
  command: 'shown' | 'clicked';
  params: Record<string, string>;
}

export interface BannerWatchOptions {
  win: Window;
  report(event: BannerEvent): void;
  layout?: Layout;
  /** How long after the script starts DOM changes may trigger a scan (ms). */
  watchMs?: number;
  /** Scans at most, whatever the page does. */
  maxScans?: number;
  /** A scan waits this long after the last DOM change that asked for it (ms). */
  debounceMs?: number;
}

/** Banners and clicks reported per page, at most. */
const REPORTS_MAX = 10;

/**
 * Watches a frame for consent banners and for clicks on their controls, at a bounded cost: one scan after load, then
 * a scan after DOM changes once the document is parsed (debounced), during the first `watchMs` only and `maxScans` in
 * all, and one on the first click if no banner was seen yet. Nothing runs while the page is parsed, and nothing after
 * the watch window but a click listener that compares the click's target with the banners already found.
 */
export function watchBanners({ win, report, layout = browserLayout(win), watchMs = 20_000, maxScans = 20, debounceMs = 400 }: BannerWatchOptions): {
  scan(budgetMs?: number): Banner[];
  stop(): void;
} {
  const doc = win.document;
  const reported = new Set<string>();
  let banners: Banner[] = [];
  let scans = 0;
  let reports = 0;
  let clickScanned = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Scans now; `budgetMs` bounds the scan (an audit asking gives more). Reports only what a complete scan found. */
  function scan(budgetMs?: number): Banner[] {
    scans++;
    let complete = true;
    try {
      ({ banners, complete } = findBanners(doc, layout, budgetMs === undefined ? {} : { budgetMs }));
    } catch {
      banners = []; // A document without a body, or a node the page made throw: nothing to read.
    }
    // Cut short (a busy page, a first layout): try again later rather than report half a banner.
    if (!complete) {
      banners = [];
      schedule();
      return banners;
    }
    for (const banner of banners) {
      const key = `${banner.kind}|${banner.selector}`;
      if (reported.has(key) || reports >= REPORTS_MAX) continue;
      reported.add(key);
      reports++;
      report({ kind: 'banner', command: 'shown', params: describeBanner(banner, doc) });
    }
    return banners;
  }

  function schedule(): void {
    if (timer !== undefined || scans >= maxScans) return;
    timer = setTimeout(() => {
      timer = undefined;
      scan();
      if (scans >= maxScans) observer?.disconnect();
    }, debounceMs);
  }

  const MutationObserverCtor = (win as Window & { MutationObserver?: typeof MutationObserver }).MutationObserver;
  const observer = MutationObserverCtor ? new MutationObserverCtor(schedule) : undefined;
  // Not while the document is parsed: every parsed node is a mutation, and a banner shown then is there at load.
  const observe = () =>
    observer?.observe(doc.documentElement ?? doc, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['class', 'style', 'hidden', 'open', 'aria-hidden', 'aria-modal'],
    });
  if (doc.readyState === 'loading') win.addEventListener('DOMContentLoaded', observe, { once: true });
  else observe();
  const stopWatching = setTimeout(() => observer?.disconnect(), watchMs);
  const afterLoad = () => schedule();
  if (doc.readyState === 'complete') afterLoad();
  else win.addEventListener('load', afterLoad, { once: true });

  const onClick = (event: Event) => {
    if (reports >= REPORTS_MAX) return;
    const target = event.composedPath?.()[0] ?? event.target;
    if (!target || typeof (target as Node).nodeType !== 'number') return;
    if (!banners.length && !clickScanned) {
      clickScanned = true;
      scan();
    }
    for (const banner of banners) {
      const control = banner.controls.find((c) => c.element === target || c.element.contains(target as Node));
      if (!control) continue;
      reports++;
      report({
        kind: 'banner',
        command: 'clicked',
        params: { type: banner.kind, role: control.role, label: control.label, selector: banner.selector, trusted: String(event.isTrusted) },
      });
      return;
    }
  };
  win.addEventListener('click', onClick, true);

  return {
    scan,
    stop() {
      observer?.disconnect();
      clearTimeout(stopWatching);
      if (timer !== undefined) clearTimeout(timer);
      win.removeEventListener('click', onClick, true);
    },
  };
}
