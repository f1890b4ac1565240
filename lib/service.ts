import type { Audits } from './audit/audits';
import type { Recorder } from './capture/recorder';
import type { ExportFile, Request, TabData } from './messages';
import type { Visit } from './model';
import { analyzeVisit } from './analysis/analyze';
import { withIntegrity } from './report/integrity';
import { previewOf } from './report/preview';
import { localizeReport } from './report/localize';
import { toHar } from './report/har';
import { toHtml } from './report/to-html';
import { toCsvFiles } from './report/to-csv';
import { toMarkdown } from './report/to-markdown';
import { toBase64 } from './bytes';
import { strToU8, zipSync } from 'fflate';
import type { Report, ReportMeta } from './report/types';
import type { Db } from './store/db';
import type { VisitChanges } from './store/changes';
import { createReportCache } from './analysis/report-cache';
import { toReportScreenshots } from './report/screenshots';
import { readScreenshots } from './store/screenshots';
import {
  applyRetention,
  deleteAll,
  deletePrivateVisits,
  deleteVisit,
  readAllVisits,
  readRecords,
  readSettings,
  readTabVisits,
  readVisit,
  writeSettings,
} from './store/visits';

export interface ServiceDeps {
  db: Db;
  recorder: Recorder;
  /** Called with each report built for a tab (the toolbar badge follows it). */
  onReport?: (tabId: number, report: Report) => void;
  /** The audits a user starts: canary test, clean observe, reject/accept, and the latter's progress. */
  audits: Pick<Audits, 'runCanary' | 'planCanary' | 'focusCanary' | 'visitorTarget' | 'runCleanObserve' | 'inspectFully' | 'runScenario' | 'scenarioStatus'>;
  now: () => number;
  meta: Omit<ReportMeta, 'generatedAt' | 'includeValues' | 'scenario'>;
  /** The writer's per-visit versions; with them, a report is built once and served until its visit gets new evidence. */
  changes?: VisitChanges;
  /** A cached report that new evidence made stale is rebuilt once its visit has had no write for this long (ms). */
  quietMs?: number;
  onError?: (context: string, error: unknown) => void;
}

/** Answers the extension pages' requests. Everything is read from IndexedDB, so a restarted worker answers the same. */
export function createService({ db, recorder, audits, onReport, now, meta, changes, quietMs = 2000, onError }: ServiceDeps) {
  const cache = createReportCache();
  // The popup opens on a report built ahead of it, and the badge follows evidence that arrives after the page loaded.
  changes?.onChange(
    whenQuiet(
      (visitId) => cache.has(visitId),
      quietMs,
      (visitId) => {
        void report({ visitId }).catch((error: unknown) => onError?.('rebuild', error));
      },
    ),
  );

  async function tabData(tabId: number): Promise<TabData> {
    await recorder.idle();
    const visitId = await recorder.currentVisitId(tabId);
    const visit = visitId ? await readVisit(db, visitId) : undefined;
    const records = visit ? await readRecords(db, visit.id) : [];
    const history = (await readTabVisits(db, tabId)).filter((v) => v.id !== visit?.id);
    return { visit, records, history };
  }

  async function exportFile(request: Extract<Request, { type: 'export' }>): Promise<ExportFile | { ok: false; reason: 'no-visit' }> {
    const { type, format, ...target } = request;
    // The exports that carry the JSON report or the headers are built afresh with them; the others use the cached report.
    const result = await report(target, { headers: format === 'json' || format === 'html' || format === 'har' });
    if (!result.ok) return result;
    const stamp = result.report.visit.startedAt.replace(/[:.]/g, '-');
    const base = `consent-inspector-${result.report.page.site.replace(/[^a-z0-9.-]/gi, '_')}-${stamp}`;
    switch (request.format) {
      case 'json':
        return { ok: true, filename: `${base}.json`, mime: 'application/json', content: `${JSON.stringify(await withIntegrity(result.report), null, 2)}\n` };
      case 'html':
        return { ok: true, filename: `${base}.html`, mime: 'text/html', content: toHtml(await withIntegrity(result.report)) };
      case 'md':
        return { ok: true, filename: `${base}.md`, mime: 'text/markdown', content: toMarkdown(result.report) };
      case 'har':
        return { ok: true, filename: `${base}.har`, mime: 'application/json', content: `${JSON.stringify(toHar(result.report), null, 2)}\n` };
      case 'csv': {
        const files = toCsvFiles(result.report);
        const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.content)])));
        return { ok: true, filename: `${base}-csv.zip`, mime: 'application/zip', content: toBase64(zip), encoding: 'base64', files };
      }
    }
  }

  async function report(
    request: Omit<Extract<Request, { type: 'get-report' }>, 'type'>,
    { headers = false } = {},
  ): Promise<{ ok: true; report: Report } | { ok: false; reason: 'no-visit' }> {
    await recorder.idle();
    const visitId = request.visitId ?? (request.tabId !== undefined ? await recorder.currentVisitId(request.tabId) : undefined);
    if (!visitId) return { ok: false, reason: 'no-visit' };
    const version = changes?.version(visitId);
    // Writes pushed before the version was read are committed before the visit is read; later ones move the version.
    if (changes) await recorder.idle();
    const visit = await readVisit(db, visitId);
    if (!visit) return { ok: false, reason: 'no-visit' };
    const includeValues = request.includeValues === true;
    const built = headers ? await buildFromStore(visit, includeValues, true) : await cachedReport(visit, includeValues, version);
    // Read on every request, not cached: a screenshot is written beside the records, so it moves no visit version.
    const shots = toReportScreenshots(await readScreenshots(db, visit.id), built.consent, request.includeScreenshots === true);
    const served = localizeReport({ ...built, ...shots }, request.lang ?? 'en');
    return { ok: true, report: request.preview ? previewOf(served) : served };
  }

  /** The report without headers, from the cache while the visit's version has not moved; the popup is told of it. */
  async function cachedReport(visit: Visit, includeValues: boolean, version: number | undefined): Promise<Report> {
    const cached = version === undefined ? undefined : cache.get(visit.id, includeValues, version);
    const built = cached ? { ...cached, generatedAt: new Date(now()).toISOString() } : await buildFromStore(visit, includeValues);
    if (!cached && version !== undefined) cache.set(visit.id, includeValues, version, built);
    onReport?.(visit.tabId, built);
    return built;
  }

  async function buildFromStore(visit: Visit, includeValues: boolean, includeHeaders = false): Promise<Report> {
    const reportMeta = { ...meta, generatedAt: now(), scenario: visit.scenario ?? 'observe', includeValues, includeHeaders };
    return analyzeVisit(visit, await readRecords(db, visit.id), reportMeta);
  }

  async function handle(request: Request): Promise<unknown> {
    switch (request.type) {
      case 'get-tab-data':
        return tabData(request.tabId);
      case 'get-report':
        return report(request);
      case 'export':
        return exportFile(request);
      case 'run-canary':
        return audits.runCanary(request.tabId, request.seconds, request.typedBy);
      case 'canary-plan':
        return audits.planCanary(request.tabId);
      case 'canary-focus':
        return audits.focusCanary(request.tabId, request.frameId, request.index);
      case 'visitor-target':
        return audits.visitorTarget(request.tabId);
      case 'run-clean-observe':
        return audits.runCleanObserve(request.tabId, request.seconds);
      case 'inspect-fully':
        return audits.inspectFully(request.tabId);
      case 'run-scenario':
        return audits.runScenario(request.tabId, request.scenario, request.seconds);
      case 'get-scenario-status': {
        const status = await audits.scenarioStatus(request.tabId);
        return status ? { ok: true, status } : { ok: false, reason: 'none' };
      }
      case 'list-visits':
        return readAllVisits(db);
      case 'delete-visit':
        await deleteVisit(db, request.visitId);
        return { ok: true };
      case 'delete-all':
        await recorder.idle();
        await deleteAll(db);
        recorder.reset();
        return { ok: true };
      case 'get-settings':
        return readSettings(db);
      case 'set-settings': {
        const settings = await writeSettings(db, request.settings);
        recorder.setMaxRecordsPerVisit(settings.maxRecordsPerVisit);
        recorder.setFullCaptureAllTabs(settings.fullCaptureAllTabs);
        await applyRetention(db, now());
        return settings;
      }
    }
  }

  let retaining: Promise<void> | undefined;
  let again = false;
  /**
   * Applies the retention limits as a session goes on (a worker may live through hundreds of page loads), never to a
   * tab's current visit. One pass at a time; a call during a pass asks for one more after it.
   */
  async function retain(): Promise<void> {
    if (retaining) {
      again = true;
      return retaining;
    }
    retaining = (async () => {
      do {
        again = false;
        await recorder.idle();
        await applyRetention(db, now(), new Set(await recorder.currentVisitIds()));
      } while (again);
    })().finally(() => {
      retaining = undefined;
    });
    return retaining;
  }

  /** Deletes the visits of private windows once none is open (lib/capture/private-sessions.ts decides when). */
  async function forgetPrivate(): Promise<string[]> {
    await recorder.idle();
    return deletePrivateVisits(db, new Set(await recorder.currentVisitIds()));
  }

  return { handle, report, retain, forgetPrivate };
}

/**
 * Calls `run(key)` once `key` has had no change for `quietMs`, for keys that `wanted` accepts when they change.
 * One timer per waiting key, moved only when it fires, so a burst of changes costs a map write each.
 */
function whenQuiet(wanted: (key: string) => boolean, quietMs: number, run: (key: string) => void): (key: string) => void {
  const last = new Map<string, number>();
  const fire = (key: string) => {
    const wait = (last.get(key) ?? 0) + quietMs - Date.now();
    if (wait > 0) return void setTimeout(() => fire(key), wait);
    last.delete(key);
    run(key);
  };
  return (key) => {
    if (!last.has(key)) {
      if (!wanted(key)) return;
      setTimeout(() => fire(key), quietMs);
    }
    last.set(key, Date.now());
  };
}
