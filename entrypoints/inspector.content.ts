import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { startRelay } from '@/lib/capture/relay';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main() {
    startRelay({ win: window, send: (batch) => browser.runtime.sendMessage(batch) });
  },
});
