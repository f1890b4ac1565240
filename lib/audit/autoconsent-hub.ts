import type { AuditSignal } from '../capture/recorder';
import { MAX_ANSWER_CLICKS } from './answer-clicks';

/**
 * The background side of @duckduckgo/autoconsent (MPL-2.0, used unmodified): its content script runs in every frame in
 * detection mode and talks to this hub through `{type: 'autoconsent', message}` envelopes. The hub answers `init` with
 * rules and config, runs `eval` requests as autoconsent's own named MAIN-world snippets (never a string from the page),
 * records what autoconsent reports, and keeps a short per-tab log the audit scenarios wait on.
 * Protocol: node_modules/@duckduckgo/autoconsent/lib/messages.ts and docs/api.md.
 */

export const AUTOCONSENT_ENVELOPE = 'autoconsent';

/** autoconsent's reports that become consent records (the contract with the consent timeline). */
export const AUTOCONSENT_REPORTS = ['cmpDetected', 'popupFound', 'optOutResult', 'optInResult', 'selfTestResult'] as const;
export type AutoconsentReport = (typeof AUTOCONSENT_REPORTS)[number];

export type AutoconsentMessage =
  | { type: 'init'; url: string }
  | { type: 'eval'; id: string; snippetId?: string }
  | { type: 'cmpDetected' | 'popupFound'; cmp: string; url: string }
  | { type: 'optOutResult' | 'optInResult' | 'selfTestResult'; cmp: string; result: boolean; url: string; clicks?: number[] }
  | { type: 'ignored' };

export interface AutoconsentEvent {
  type: AutoconsentReport;
  cmp: string;
  frameId: number;
  result?: boolean;
  at: number;
  /** An opt-out / opt-in result: when the frame dispatched the clicks of that action (epoch ms, lib/audit/answer-clicks.ts). */
  clicks?: number[];
}

export interface FrameSender {
  tabId: number;
  frameId: number;
  url: string;
}

export interface AutoconsentHubDeps {
  recordSignal(tabId: number, signal: AuditSignal): Promise<void>;
  sendToFrame(tabId: number, frameId: number, message: unknown): Promise<void>;
  /** Runs autoconsent's snippet `snippetId` in the frame's MAIN world; only called with a known snippet id. */
  runSnippet(tabId: number, frameId: number, snippetId: string): Promise<unknown>;
  isSnippet(snippetId: string): boolean;
  /** The rules for a frame: the compact detection rules, or the full rules (with opt-in steps) during an audit. */
  rulesFor(url: string, mainFrame: boolean, full: boolean): Promise<unknown>;
  now(): number;
  onError(context: string, error: unknown): void;
}

export type AutoconsentHub = ReturnType<typeof createAutoconsentHub>;

/** Detection only: no automatic action, no cosmetic hiding, no prehiding; the audit scenarios decide when to act. */
export const DETECTION_CONFIG = {
  enabled: true,
  autoAction: null,
  disabledCmps: [],
  enablePrehide: false,
  enableCosmeticRules: false,
  enableGeneratedRules: true,
  enableHeuristicDetection: false,
  heuristicMode: 'off',
  enablePopupMutationObserver: false,
  detectRetries: 20,
  isMainWorld: false,
  prehideTimeout: 0,
  visualTest: false,
  performanceLoggingEnabled: false,
  logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
} as const;

/**
 * During an audit, autoconsent's heuristics also look for a cookie popup no rule knows, in the top frame (its
 * `AutoConsentHeuristicCMP`, reported as `HEURISTIC-REJECT`): at the `reject` level, a popup with consent wording and a
 * refuse button, which its opt-out clicks. Off on plain browsing: each try walks the whole DOM (up to 100 ms, every
 * other retry for about 10 s), and our own banner detector already watches every frame at a bounded cost.
 */
export const AUDIT_CONFIG = { ...DETECTION_CONFIG, heuristicMode: 'reject' } as const;

const MAX_EVENTS_PER_TAB = 50;

export function createAutoconsentHub(deps: AutoconsentHubDeps) {
  const events = new Map<number, AutoconsentEvent[]>();
  const fullRulesTabs = new Set<number>();

  async function handle(sender: FrameSender, raw: unknown): Promise<void> {
    const message = parseAutoconsentMessage(raw);
    if (!message) return;
    const { tabId, frameId } = sender;
    switch (message.type) {
      case 'init': {
        const audit = fullRulesTabs.has(tabId);
        const rules = await deps.rulesFor(sender.url, frameId === 0, audit);
        await deps.sendToFrame(tabId, frameId, { type: 'initResp', rules, config: audit ? AUDIT_CONFIG : DETECTION_CONFIG });
        return;
      }
      case 'eval': {
        // A rule without a known snippet gets `false`, as if the check failed: page-supplied code is never run.
        const known = message.snippetId !== undefined && deps.isSnippet(message.snippetId);
        const result = known && message.snippetId ? await deps.runSnippet(tabId, frameId, message.snippetId).catch(() => false) : false;
        await deps.sendToFrame(tabId, frameId, { type: 'evalResp', id: message.id, result: isCloneablePrimitive(result) ? result : false });
        return;
      }
      case 'ignored':
        return;
      default: {
        const at = deps.now();
        const result = 'result' in message ? message.result : undefined;
        const clicks = 'clicks' in message ? message.clicks : undefined;
        const log = events.get(tabId) ?? [];
        if (log.length < MAX_EVENTS_PER_TAB)
          log.push({ type: message.type, cmp: message.cmp, frameId, at, ...(result !== undefined && { result }), ...(clicks && { clicks }) });
        events.set(tabId, log);
        await deps.recordSignal(tabId, {
          signal: 'autoconsent',
          command: message.type,
          params: { cmp: message.cmp, result: String(result ?? true) },
          frameId,
          frameUrl: sender.url,
          at,
          onceKey: `${message.type}:${frameId}:${message.cmp}:${String(result)}`,
        });
      }
    }
  }

  return {
    /** Handles one envelope's message; never throws (a failing frame must not stop the others). */
    handle(sender: FrameSender, raw: unknown): Promise<void> {
      return handle(sender, raw).catch((error) => deps.onError('autoconsent', error));
    },
    events(tabId: number): readonly AutoconsentEvent[] {
      return events.get(tabId) ?? [];
    },
    /** Forgets the tab's log: before an audit reloads it, and when the tab closes. */
    reset(tabId: number): void {
      events.delete(tabId);
    },
    /**
     * During an audit the tab's frames get the full rules, which hold the opt-in steps the compact rules leave out, and
     * autoconsent's heuristics (`AUDIT_CONFIG`).
     */
    useFullRules(tabId: number, on: boolean): void {
      if (on) fullRulesTabs.add(tabId);
      else fullRulesTabs.delete(tabId);
    },
    act(tabId: number, frameId: number, action: 'optOut' | 'optIn' | 'selfTest'): Promise<void> {
      return deps.sendToFrame(tabId, frameId, { type: action });
    },
  };
}

/** The full rules a frame of `url` may need: generic rules, and site-specific ones whose `urlPattern` matches. */
export function selectFullRules(rules: readonly unknown[], url: string): unknown[] {
  return rules.filter((rule) => {
    const pattern = (rule as { runContext?: { urlPattern?: unknown } } | null)?.runContext?.urlPattern;
    if (typeof pattern !== 'string' || !pattern) return true;
    try {
      return new RegExp(pattern).test(url);
    } catch {
      return false;
    }
  });
}

/** Validates a content-script message. The content script runs isolated, but its frame is hostile: names are cleaned. */
export function parseAutoconsentMessage(raw: unknown): AutoconsentMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'init':
      return typeof m.url === 'string' ? { type: 'init', url: m.url.slice(0, 4000) } : undefined;
    case 'eval':
      if (typeof m.id !== 'string' || m.id.length > 100) return undefined;
      return { type: 'eval', id: m.id, ...(typeof m.snippetId === 'string' && { snippetId: m.snippetId.slice(0, 100) }) };
    case 'cmpDetected':
    case 'popupFound': {
      const cmp = cleanCmpName(m.cmp);
      return cmp ? { type: m.type, cmp, url: typeof m.url === 'string' ? m.url.slice(0, 2000) : '' } : undefined;
    }
    case 'optOutResult':
    case 'optInResult':
    case 'selfTestResult': {
      const cmp = cleanCmpName(m.cmp);
      // Our content script adds the action's click times (lib/audit/answer-clicks.ts); only finite numbers are kept.
      const clicks = m.type !== 'selfTestResult' && Array.isArray(m.clicks) ? m.clicks.slice(0, MAX_ANSWER_CLICKS).filter(isFiniteNumber) : undefined;
      return cmp && typeof m.result === 'boolean'
        ? { type: m.type, cmp, result: m.result, url: typeof m.url === 'string' ? m.url.slice(0, 2000) : '', ...(clicks && { clicks }) }
        : undefined;
    }
    case 'autoconsentDone':
    case 'autoconsentError':
    case 'report':
    case 'visualDelay':
      return { type: 'ignored' };
    default:
      return undefined;
  }
}

/** A CMP name as autoconsent spells its rules ("Klaro", "cookieconsent3", "tarteaucitron.js"), or undefined. */
export function cleanCmpName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value
    .replace(/[^\p{L}\p{N} ._\-()+:/&']/gu, '')
    .trim()
    .slice(0, 80);
  return cleaned || undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCloneablePrimitive(value: unknown): boolean {
  return value === null || ['boolean', 'number', 'string', 'undefined'].includes(typeof value);
}
