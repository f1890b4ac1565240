import { defineContentScript } from '#imports';
import { installProbe } from '@/lib/capture/probe';
import { WATCHED_GLOBALS } from '@/lib/classify/watched-globals';

// Manifest MAIN-world scripts run before the page's own scripts and are not subject to the page's CSP
// (Chrome 111+, Firefox 128+), unlike an injected <script>.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  world: 'MAIN',
  main() {
    installProbe(window, WATCHED_GLOBALS);
  },
});
