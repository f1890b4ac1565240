import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
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
  },
});
