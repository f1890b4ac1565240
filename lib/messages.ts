import { CONSENT_SCENARIOS, type ConsentScenario, type ScenarioStatus } from './scenario';
import type { ScenarioResult } from './audit/consent-run';
import type { CanaryPlanResult, CanaryRunResult } from './audit/canary-run';
import type { CleanRunResult } from './audit/clean-run';
import { VISITOR_STEPS, type VisitorStep } from './audit/visitor';
import type { EvidenceRecord, Visit } from './model';
import type { Report } from './report/types';
import { LANGUAGE_SETTINGS, type Settings } from './store/db';
import { type Lang, LANGS } from './i18n/translate';

/** Requests from extension pages (popup, report page) to the background. Content scripts may only send `probe-batch`. */
export type Request =
  | { type: 'get-tab-data'; tabId: number }
  /**
   * `preview`: only the first page of the long lists (see report/preview.ts), for a fast first frame. `lang`: the
   * language of the report's texts (default English).
   */
  /** `includeScreenshots`: the screenshots' images (`dataUrl`); without it, only their times, sizes and reasons. */
  | { type: 'get-report'; tabId?: number; visitId?: string; includeValues?: boolean; includeScreenshots?: boolean; preview?: boolean; lang?: Lang }
  | { type: 'export'; format: ExportFormat; tabId?: number; visitId?: string; includeValues?: boolean; includeScreenshots?: boolean; lang?: Lang }
  /**
   * `typedBy: 'automation'`: the caller (the CLI) planned the test with `canary-plan` and typed the values itself
   * through the browser's automation protocol; the background verifies them, types the rest, records and observes.
   */
  | { type: 'run-canary'; tabId: number; seconds: number; typedBy?: 'automation' }
  /** The CLI's canary test, step 1: every frame picks its fields and values, types nothing. */
  | { type: 'canary-plan'; tabId: number }
  /** Step 2, field by field: give the field the keyboard focus; the CLI then types its value. */
  | { type: 'canary-focus'; tabId: number; frameId: number; index: number }
  /** A neutral point of the top frame (no link, button, field or click handler) for the CLI's visitor click. */
  | { type: 'visitor-target'; tabId: number }
  | { type: 'run-clean-observe'; tabId: number; seconds: number }
  /** Full capture for the tab from now until it closes, and a reload, so that its next visit is captured in full. */
  | { type: 'inspect-fully'; tabId: number }
  | { type: 'run-scenario'; tabId: number; scenario: ConsentScenario; seconds: number }
  | { type: 'get-scenario-status'; tabId: number }
  | { type: 'list-visits' }
  | { type: 'delete-visit'; visitId: string }
  | { type: 'delete-all' }
  | { type: 'get-settings' }
  | { type: 'set-settings'; settings: Partial<Settings> };

export const EXPORT_FORMATS = ['json', 'html', 'csv', 'md', 'har'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  ok: true;
  filename: string;
  mime: string;
  content: string;
  /** `base64` when `content` is binary (the CSV zip). */
  encoding?: 'base64';
  /** The CSV export's files, one per table, also zipped in `content`. */
  files?: { name: string; content: string }[];
}

export interface TabData {
  visit?: Visit;
  records: EvidenceRecord[];
  /** Earlier visits of the same tab, newest first. */
  history: Visit[];
}

export type Response<R extends Request> = R extends { type: 'get-tab-data' }
  ? TabData
  : R extends { type: 'get-report' }
    ? { ok: true; report: Report } | { ok: false; reason: 'no-visit' | 'restricted' }
    : R extends { type: 'export' }
      ? ExportFile | { ok: false; reason: 'no-visit' }
      : R extends { type: 'run-canary' }
        ? CanaryRunResult
        : R extends { type: 'canary-plan' }
          ? CanaryPlanResult
          : R extends { type: 'canary-focus' }
            ? { focused: boolean }
            : R extends { type: 'visitor-target' }
              ? { ok: true; x: number; y: number } | { ok: false }
              : R extends { type: 'run-clean-observe' }
                ? CleanRunResult
                : R extends { type: 'run-scenario' }
                  ? ScenarioResult
                  : R extends { type: 'get-scenario-status' }
                    ? { ok: true; status: ScenarioStatus } | { ok: false; reason: 'none' }
                    : R extends { type: 'list-visits' }
                      ? Visit[]
                      : R extends { type: 'get-settings' | 'set-settings' }
                        ? Settings
                        : { ok: true };

/**
 * Any answer the background may give: what an unknown or refused message gets, or one whose handling threw. `error`
 * says what was thrown (`failureOf`), so that a popup, the CLI or a test log can show why.
 */
export type Failure = { ok: false; reason: 'error'; error?: string };

/** The longest `error` text: a name and a message; no stack, which would only lengthen logs. */
export const MAX_ERROR_TEXT = 300;

/** The failure answered for a request whose handling threw `error`. */
export function failureOf(error: unknown): Failure {
  let text: string;
  try {
    text =
      typeof error === 'object' && error !== null && 'name' in error && 'message' in error ? `${String(error.name)}: ${String(error.message)}` : String(error);
  } catch {
    // A thrown object whose getters or toString throw in turn.
    text = 'unknown error';
  }
  return { ok: false, reason: 'error', error: text.slice(0, MAX_ERROR_TEXT) };
}

export interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
}

/**
 * Sends a request from an extension page to the background and types its answer. The background is our own code,
 * which answers every request with `Response<R>` or, when it failed, `Failure` (`parseRequest` and
 * `createService().handle` are the other end).
 */
export function send<R extends Request>(runtime: Runtime, request: R): Promise<Response<R> | Failure> {
  return runtime.sendMessage(request) as Promise<Response<R> | Failure>;
}

/** Messages the background sends to one frame's content scripts (the canary test's steps, the visitor's, autoconsent's envelope). */
export type FrameRequest =
  | { type: 'canary-plan' }
  | { type: 'canary-focus' | 'canary-check' | 'canary-type'; index: number }
  | { type: 'canary-restore' }
  | { type: 'visitor-target' }
  | { type: 'visitor-act'; step: VisitorStep }
  /** The reject/accept audits: the consent banners a frame sees, and a click on one's refuse or accept control. */
  | { type: 'banner-find' }
  | { type: 'banner-click'; choice: ConsentScenario }
  | { type: 'autoconsent'; message: unknown };

/** A frame's content script reads what the background sent it (autoconsent's envelope is its own script's business). */
export function readFrameRequest(raw: unknown): Exclude<FrameRequest, { type: 'autoconsent' }> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  switch (r.type) {
    case 'canary-plan':
    case 'canary-restore':
    case 'visitor-target':
    case 'banner-find':
      return { type: r.type };
    case 'banner-click':
      return r.choice === 'reject' || r.choice === 'accept' ? { type: r.type, choice: r.choice } : undefined;
    case 'canary-focus':
    case 'canary-check':
    case 'canary-type':
      return Number.isInteger(r.index) && (r.index as number) >= 0 ? { type: r.type, index: r.index as number } : undefined;
    case 'visitor-act': {
      const step = VISITOR_STEPS.find((s) => s === r.step);
      return step ? { type: r.type, step } : undefined;
    }
    default:
      return undefined;
  }
}

function langOf(raw: unknown): { lang?: Lang } {
  const lang = LANGS.find((l) => l === raw);
  return lang ? { lang } : {};
}

export function parseRequest(raw: unknown): Request | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  switch (r.type) {
    case 'get-tab-data':
      return typeof r.tabId === 'number' ? { type: r.type, tabId: r.tabId } : undefined;
    case 'get-report':
      return {
        type: r.type,
        ...(typeof r.tabId === 'number' && { tabId: r.tabId }),
        ...(typeof r.visitId === 'string' && { visitId: r.visitId }),
        includeValues: r.includeValues === true,
        ...(r.includeScreenshots === true && { includeScreenshots: true }),
        ...(r.preview === true && { preview: true }),
        ...langOf(r.lang),
      };
    case 'export': {
      const format = EXPORT_FORMATS.find((f) => f === r.format);
      if (!format) return undefined;
      return {
        type: r.type,
        format,
        ...(typeof r.tabId === 'number' && { tabId: r.tabId }),
        ...(typeof r.visitId === 'string' && { visitId: r.visitId }),
        includeValues: r.includeValues === true,
        ...(r.includeScreenshots === true && { includeScreenshots: true }),
        ...langOf(r.lang),
      };
    }
    case 'run-canary':
    case 'run-clean-observe':
      return typeof r.tabId === 'number'
        ? {
            type: r.type,
            tabId: r.tabId,
            seconds: typeof r.seconds === 'number' && Number.isFinite(r.seconds) ? Math.min(Math.max(r.seconds, 1), 120) : 8,
            ...(r.type === 'run-canary' && r.typedBy === 'automation' && { typedBy: 'automation' as const }),
          }
        : undefined;
    case 'canary-plan':
    case 'visitor-target':
      return typeof r.tabId === 'number' ? { type: r.type, tabId: r.tabId } : undefined;
    case 'canary-focus':
      return typeof r.tabId === 'number' && Number.isInteger(r.frameId) && Number.isInteger(r.index)
        ? { type: r.type, tabId: r.tabId, frameId: r.frameId as number, index: r.index as number }
        : undefined;
    case 'run-scenario': {
      const scenario = CONSENT_SCENARIOS.find((s) => s === r.scenario);
      return typeof r.tabId === 'number' && scenario
        ? {
            type: r.type,
            tabId: r.tabId,
            scenario,
            seconds: typeof r.seconds === 'number' && Number.isFinite(r.seconds) ? Math.min(Math.max(r.seconds, 1), 120) : 8,
          }
        : undefined;
    }
    case 'get-scenario-status':
    case 'inspect-fully':
      return typeof r.tabId === 'number' ? { type: r.type, tabId: r.tabId } : undefined;
    case 'list-visits':
    case 'delete-all':
    case 'get-settings':
      return { type: r.type };
    case 'delete-visit':
      return typeof r.visitId === 'string' ? { type: r.type, visitId: r.visitId } : undefined;
    case 'set-settings':
      return typeof r.settings === 'object' && r.settings !== null ? { type: r.type, settings: readSettingsPatch(r.settings) } : undefined;
    default:
      return undefined;
  }
}

function readSettingsPatch(raw: object): Partial<Settings> {
  const s = raw as Record<string, unknown>;
  const out: Partial<Settings> = {};
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : undefined);
  const retentionDays = num(s.retentionDays, 1, 365);
  const maxVisits = num(s.maxVisits, 1, 10_000);
  const maxRecordsPerVisit = num(s.maxRecordsPerVisit, 100, 1_000_000);
  if (retentionDays !== undefined) out.retentionDays = retentionDays;
  if (maxVisits !== undefined) out.maxVisits = maxVisits;
  if (maxRecordsPerVisit !== undefined) out.maxRecordsPerVisit = maxRecordsPerVisit;
  const language = LANGUAGE_SETTINGS.find((l) => l === s.language);
  if (language) out.language = language;
  if (typeof s.fullCaptureAllTabs === 'boolean') out.fullCaptureAllTabs = s.fullCaptureAllTabs;
  return out;
}

/** Any message the background receives, sorted by who may send it. */
export type Incoming =
  /** From the isolated content script: a batch of the page probe's events (validated by `parseProbeBatch`). */
  | { kind: 'probe-batch'; batch: unknown }
  /** From autoconsent's content script in a frame. */
  | { kind: 'autoconsent'; message: unknown }
  /** From the isolated content script: the masking markers to look for. */
  | { kind: 'get-markers' }
  /** From an extension page (popup, report page). */
  | { kind: 'request'; request: Request };

/**
 * Sorts a runtime message. `fromPage`: the sender is a content script in a web page, which may only send probe
 * batches, autoconsent envelopes and ask for markers; reading or deleting evidence is for the extension's own pages.
 */
export function readIncoming(raw: unknown, fromPage: boolean): Incoming | undefined {
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) return undefined;
  if (raw.type === 'probe-batch') return { kind: 'probe-batch', batch: raw };
  if (raw.type === 'autoconsent') return 'message' in raw ? { kind: 'autoconsent', message: raw.message } : undefined;
  if (raw.type === 'get-markers') return { kind: 'get-markers' };
  const request = fromPage ? undefined : parseRequest(raw);
  return request && { kind: 'request', request };
}

export { VISITOR_STEPS, type VisitorStep };
