import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { typeCanaries } from '@/lib/audit/canary-typing';
import { browserLayout, clickBannerControl, describeBanner } from '@/lib/capture/banner';
import { watchBanners } from '@/lib/capture/banner-watch';
import { startRelay } from '@/lib/capture/relay';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main() {
    const relay = startRelay({
      win: window,
      // The marker list lives with the vendor database in the background; the content script stays small.
      markerSelectors: browser.runtime.sendMessage({ type: 'get-markers' }).then((m) => (Array.isArray(m) ? m.filter((s) => typeof s === 'string') : [])),
      send: (batch) => browser.runtime.sendMessage(batch),
    });
    const banners = watchBanners({ win: window, report: relay.report });
    // The canary test touches the page's fields only when the user starts it (popup or CLI), via the background, which
    // asks every frame in turn (top frame, same-origin and cross-origin iframes). The reject/accept audits likewise ask
    // each frame for its consent banner and, on a banner of an unknown manager, to click its refuse or accept control.
    let restore: (() => void) | undefined;
    browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (response: unknown) => void) => {
      const { type, choice } = (message ?? {}) as { type?: unknown; choice?: unknown };
      if (type === 'canary-type') {
        void typeCanaries(document).then(({ typed, restore: undo }) => {
          restore = undo;
          sendResponse({ typed });
        });
        return true;
      }
      if (type === 'canary-restore') {
        restore?.();
        restore = undefined;
        sendResponse({ ok: true });
      }
      if (type === 'banner-find') sendResponse({ banners: banners.scan(500).map((b) => describeBanner(b, document)) });
      if (type === 'banner-click' && (choice === 'reject' || choice === 'accept')) sendResponse(clickBannerControl(document, browserLayout(window), choice));
      return false;
    });
  },
});
