import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import { runTrustedCanary } from '@/lib/cli/trusted-input.mjs';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// The canary test in sub-frames: a top frame, a same-origin iframe and a cross-origin payment iframe, each recorded by
// the real rrweb (masking off). The collector is the judge; the test must also restore every frame's values, leave
// the select alone, and keep the page where it is although a change listener tries to navigate away.
interface Frame {
  url(): string;
  evaluate<T>(fn: () => T): Promise<T>;
}

describe.each(BROWSERS)('canary test across frames in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  it.each(['synthetic', 'cli'] as const)(
    'types (%s) into the fields of every frame, reports the leaks the collector received, restores, and never navigates',
    async (typing) => {
      const url = `https://frames-shop.example/?typing=${typing}`;
      const page = await env.session.newPage();
      await env.session.goto(page, url);
      await sleep(2000);
      const tabId = (await findTabId(env.session, url)) ?? -1;
      const since = env.server.log.length;
      // `cli`: keystrokes through the automation protocol, into the cross-origin frame too; the change event that tries
      // to navigate is then the browser's own.
      const run =
        typing === 'cli' ? await runTrustedCanary(env.session, page, tabId, 4) : await sendToExtension(env.session, { type: 'run-canary', tabId, seconds: 4 });
      const frameValues = await Promise.all(
        // Playwright and Puppeteer pages both list their frames; BrowserPage does not declare it.
        (page as unknown as { frames(): Frame[] })
          .frames()
          .map(async (frame) => [
            new URL(frame.url()).host + new URL(frame.url()).pathname,
            await frame.evaluate(() => [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')].map((e) => `${e.id}=${e.value}`)),
          ]),
      );
      const { report } = (await requestReport(env.session, tabId)) as { report: Report };
      const log = env.server.log.slice(since);
      const received = log
        .filter((e) => e.host === 'collector.replay-vendor.example')
        .map((e) => e.body.toString('utf8'))
        .join('\n');

      // Both type with trusted events: the CLI through the automation protocol, the extension through the browser's
      // editing command, in every frame.
      expect(run).toMatchObject({ ok: true, typed: 3, trusted: 3 });
      const canaries = Object.fromEntries(report.canaries.map((c) => [c.selector, [c.frameId === 0 ? 'top' : 'sub', new URL(c.frameUrl ?? '').host]]));
      expect(canaries).toEqual({
        '#email': ['top', 'frames-shop.example'],
        '#street': ['sub', 'frames-shop.example'],
        '#holder': ['sub', 'pay-frame.example'],
      });

      const collectorSaw = report.canaries
        .filter((c) => received.includes(c.value.slice(0, 10)))
        .map((c) => c.selector)
        .sort();
      expect(collectorSaw).toEqual(['#email', '#holder', '#street']);
      const reported = [...new Set(report.leaks.filter((l) => l.url.includes('collector.replay-vendor.example')).map((l) => l.selector))].sort();
      expect(reported).toEqual(collectorSaw);

      expect(Object.fromEntries(frameValues)).toEqual({
        'frames-shop.example/': ['email=', 'country=fr'],
        'frames-shop.example/inner.html': ['street=1 rue de la Paix'],
        'pay-frame.example/card.html': ['holder='],
      });
      expect(page.url()).toBe(url);
      expect(log.filter((e) => e.path.startsWith('/left.html') || e.path.startsWith('/submitted.html'))).toEqual([]);
    },
  );
});
