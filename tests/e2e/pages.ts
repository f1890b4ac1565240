import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserPage } from '@/lib/cli/browsers.mjs';

/** Page-object helpers for the popup and the report page (extension pages opened in a tab). */

export async function selectTab(page: BrowserPage, label: string): Promise<void> {
  await page.evaluate((l) => [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent?.startsWith(l))?.click(), label);
  await new Promise((r) => setTimeout(r, 100));
}

export function panelText(page: BrowserPage): Promise<string> {
  return page.evaluate(() => document.querySelector('[role="tabpanel"]')?.textContent ?? '');
}

/** What would show that page text ran or became markup: elements it could inject, a flag its handlers set, javascript: links. */
export function inertness(page: BrowserPage) {
  return page.evaluate(() => ({
    injected: document.querySelectorAll('img, iframe, object, embed, script:not([src]), [onerror], [onload]').length,
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
    javascriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
  }));
}

const require = createRequire(import.meta.url);

/** axe-core's source (a dev dependency), injected into the page under test. */
export function axeSource(): string {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/**
 * Switches the page's colour scheme or media type, through Playwright (Chromium) or Puppeteer (Firefox over BiDi).
 */
export async function emulate(page: BrowserPage, options: { colorScheme?: 'light' | 'dark'; media?: 'print' | 'screen' }): Promise<void> {
  const p = page as unknown as {
    emulateMedia?: (o: { colorScheme?: 'light' | 'dark'; media?: 'print' | 'screen' }) => Promise<void>;
    emulateMediaFeatures?: (f: { name: string; value: string }[]) => Promise<void>;
    emulateMediaType?: (t: string) => Promise<void>;
  };
  if (p.emulateMedia) return p.emulateMedia(options);
  if (options.colorScheme) await p.emulateMediaFeatures?.([{ name: 'prefers-color-scheme', value: options.colorScheme }]);
  if (options.media) await p.emulateMediaType?.(options.media);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/**
 * Runs axe in the page (WCAG 2 A/AA rules). The source goes in as a string expression, which the driver evaluates
 * outside the extension page's CSP (extension pages forbid eval).
 */
export async function runAxe(page: BrowserPage, source: string): Promise<AxeViolation[]> {
  const raw = page as unknown as { evaluate(expression: string): Promise<unknown> };
  await raw.evaluate(`${source};0`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Polls `fn` in the page until it returns true; errors while the page navigates count as not yet. */
export async function waitUntil(page: BrowserPage, fn: () => boolean, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await page.evaluate(fn).catch(() => false))) {
    if (Date.now() > until) throw new Error(`waitUntil timed out: ${fn}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
