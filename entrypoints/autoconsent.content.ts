import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import AutoConsent from '@duckduckgo/autoconsent';
import { createAnswerClickClock } from '@/lib/audit/answer-clicks';

/**
 * @duckduckgo/autoconsent (MPL-2.0, unmodified) in every frame, isolated world. It asks the background for its rules
 * and config (detection only) and acts on a banner only when an audit the user started tells it to.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main() {
    // The clicks autoconsent dispatches while it answers the banner date the answer (lib/audit/answer-clicks.ts).
    const clicks = createAnswerClickClock(window);
    // A reload of the extension invalidates this context: autoconsent then simply stops reporting.
    const consent = new AutoConsent((message) =>
      browser.runtime
        .sendMessage({
          type: 'autoconsent',
          message: message.type === 'optOutResult' || message.type === 'optInResult' ? { ...message, clicks: clicks.take() } : message,
        })
        .then(
          () => undefined,
          () => undefined,
        ),
    );
    browser.runtime.onMessage.addListener((envelope: unknown) => {
      const { type, message } = (envelope ?? {}) as { type?: unknown; message?: unknown };
      // Answers nothing: other listeners of this frame (the canary test) own their replies.
      if (type === 'autoconsent' && typeof message === 'object' && message !== null) {
        const command = (message as { type?: unknown }).type;
        if (command === 'optOut' || command === 'optIn') clicks.arm();
        void consent.receiveMessageCallback(message as Parameters<typeof consent.receiveMessageCallback>[0]);
      }
      return undefined;
    });
  },
});
