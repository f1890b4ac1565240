// Types for browsers.mjs (plain JavaScript so the CLI runs on Node without a build step).
export const GECKO_ID: string;
export const CHROMIUM_QUIET_FLAGS: string[];
export const CHROMIUM_VISITOR_FLAGS: string[];
export class BrowserNotFoundError extends Error {}
export type BrowserKind = 'chromium' | 'firefox';

export interface BrowserPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  close(): Promise<void>;
  isClosed(): boolean;
  url(): string;
  reload(options?: { waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  title(): Promise<string>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
}

export interface BrowserSession {
  kind: BrowserKind;
  version: string;
  extensionUrl(path: string): string;
  /** `window`: in a window of its own, so it stays visible while other tabs open (Firefox hides background tabs). */
  newPage(options?: { window?: boolean }): Promise<BrowserPage>;
  goto(page: BrowserPage, url: string, options?: { waitUntil?: 'load' | 'domcontentloaded'; timeout?: number }): Promise<unknown>;
  openExtensionPage(path: string): Promise<BrowserPage>;
  evalInExtension<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** The next `evalInExtension` opens a fresh extension page (after an update or reinstall). */
  resetExtensionPage(): void;
  close(): Promise<void>;
  /** Real input into `page` through the automation protocol (CDP in Chromium, WebDriver BiDi in Firefox). */
  input(page: BrowserPage): PageInput;
  /** Chromium only. */
  context?: import('playwright-core').BrowserContext;
  /** Chromium only. */
  extensionId?: string;
  /** Firefox only: the puppeteer browser (WebDriver BiDi). */
  browser?: import('puppeteer-core').Browser;
}

export interface PageInput {
  front(): Promise<void>;
  /** Keystrokes into whatever has the keyboard focus in the page (any frame). */
  type(text: string): Promise<void>;
  wheel(dy: number): Promise<void>;
  move(x: number, y: number): Promise<void>;
  click(x: number, y: number): Promise<void>;
  /** Moves the pointer out of the page; false where the protocol cannot. */
  leave(): Promise<boolean>;
  /** Puts another tab in front for `ms`, then the page again; true when the page did go hidden (not in headless Chromium). */
  hide(ms: number): Promise<boolean>;
}

export interface LaunchOptions {
  extensionDir: string;
  executablePath?: string;
  server?: { httpPort: number; httpsPort: number };
  args?: string[];
  /** Firefox only: extra preferences for the fresh profile. */
  prefs?: Record<string, unknown>;
  /** The extension is allowed in private (Firefox) or incognito (Chromium) windows, as a user who allowed it there. */
  privateWindows?: boolean;
  /** Chromium only: the folder the fresh profile is made in (the system's temporary folder by default). */
  profileParent?: string;
}

export function findBrowser(kind: BrowserKind, explicit?: string): string;
/** A linked copy of a Firefox installation that reads `policies`; remove `dir` when done. */
export function firefoxWithPolicies(executable: string, policies: Record<string, unknown>): { executable: string; dir: string };
export function launchChromium(options: LaunchOptions): Promise<BrowserSession>;
export function launchFirefox(options: LaunchOptions): Promise<BrowserSession>;
export function launchBrowser(kind: BrowserKind, options: LaunchOptions): Promise<BrowserSession>;
export function findTabId(session: BrowserSession, prefix: string): Promise<number | undefined>;
export function requestReport(session: BrowserSession, tabId: number, options?: { includeValues?: boolean }): Promise<unknown>;
