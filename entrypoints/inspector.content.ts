import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { type CanarySession, planCanaries } from '@/lib/audit/canary-typing';
import { actSynthetically, findNeutralPoint } from '@/lib/audit/visitor-page';
import { browserLayout, clickBannerControl, describeBanner } from '@/lib/capture/banner';
import { watchBanners } from '@/lib/capture/banner-watch';
import { startRelay } from '@/lib/capture/relay';
import { readFrameRequest } from '@/lib/messages';

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
    // asks every frame in turn (top frame, same-origin and cross-origin iframes); the visitor steps run only in an audit.
    // The reject/accept audits ask each frame for its consent banners and, on a banner of an unknown manager, to click
    // its refuse or accept control.
    let canary: CanarySession | undefined;
    browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (response: unknown) => void) => {
      const request = readFrameRequest(message);
      switch (request?.type) {
        case 'canary-plan':
          canary?.restore();
          canary = planCanaries(document);
          sendResponse({ planned: canary.planned });
          return false;
        case 'canary-focus':
          sendResponse({ focused: canary?.focus(request.index) ?? false, pageFocused: document.hasFocus() });
          return false;
        case 'canary-check':
          sendResponse({ typed: canary?.check(request.index) ?? false });
          return false;
        case 'canary-type':
          void (canary?.typeSynthetic(request.index) ?? Promise.resolve({ typed: false, trusted: false })).then((result) => sendResponse(result));
          return true;
        case 'canary-restore':
          canary?.restore();
          canary = undefined;
          sendResponse({ ok: true });
          return false;
        // A reject/accept, clean-observe or CLI audit behaving as a visitor (lib/audit/visitor.ts).
        case 'visitor-target':
          sendResponse(findNeutralPoint(document) ?? {});
          return false;
        case 'visitor-act':
          sendResponse({ done: actSynthetically(document, request.step) });
          return false;
        case 'banner-find':
          sendResponse({ banners: banners.scan(500).map((b) => describeBanner(b, document)) });
          return false;
        case 'banner-click':
          sendResponse(clickBannerControl(document, browserLayout(window), request.choice));
          return false;
        default:
          return false;
      }
    });
  },
});
