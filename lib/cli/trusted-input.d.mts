// Types for trusted-input.mjs (plain JavaScript so the CLI runs on Node without a build step).
import type { CanaryRunResult } from '../audit/canary-run';
import type { BrowserPage, BrowserSession } from './browsers.mjs';

/** Why the extension said no: its reason, what it threw when it failed, or "no answer". */
export function whyNot(answer: { ok?: boolean; reason?: string; error?: string } | undefined | null): string;
/** "recorded nothing (…)" or "could not build the report (…)". */
export function whyNoReport(answer: { ok?: boolean; reason?: string; error?: string } | undefined | null): string;
export function sendToExtension(session: BrowserSession, message: unknown): Promise<unknown>;
export function runTrustedCanary(session: BrowserSession, page: BrowserPage, tabId: number, seconds: number): Promise<CanaryRunResult | undefined>;
export function actLikeVisitor(
  session: BrowserSession,
  page: BrowserPage,
  tabId: number,
  options?: { pauseMs?: number; hiddenMs?: number },
): Promise<('scroll' | 'move' | 'click' | 'leave' | 'hide')[]>;
