import { existsSync, readFileSync } from 'node:fs';
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

/** axe-core's source when the dev dependency is installed (it is injected into the page under test). */
export function axeSource(): string | undefined {
  try {
    const file = require.resolve('axe-core/axe.min.js');
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
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
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}
