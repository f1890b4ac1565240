import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { typeCanaries } from '@/lib/audit/canary-typing';
import { startRelay } from '@/lib/capture/relay';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main() {
    startRelay({
      win: window,
      // The marker list lives with the vendor database in the background; the content script stays small.
      markerSelectors: browser.runtime.sendMessage({ type: 'get-markers' }).then((m) => (Array.isArray(m) ? m.filter((s) => typeof s === 'string') : [])),
      send: (batch) => browser.runtime.sendMessage(batch),
    });
    // The canary test touches the page's fields only when the user starts it (popup or CLI), via the background, which
    // asks every frame in turn (top frame, same-origin and cross-origin iframes).
    let restore: (() => void) | undefined;
    browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (response: unknown) => void) => {
      const type = (message as { type?: unknown } | null)?.type;
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
      return false;
    });
  },
});
