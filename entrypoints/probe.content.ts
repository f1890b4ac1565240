import { defineContentScript } from '#imports';
import globals from '@/data/globals.json';
import { installProbe } from '@/lib/capture/probe';

// Manifest MAIN-world scripts run before the page's own scripts and are not subject to the page's CSP
// (Chrome 111+, Firefox 128+), unlike an injected <script>.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  world: 'MAIN',
  main() {
    installProbe(window, globals.globals);
  },
});
