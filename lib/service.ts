import type { Recorder } from './capture/recorder';
import type { Request, TabData } from './messages';
import { buildReport, type Report, type ReportMeta } from './report/build';
import type { Db } from './store/db';
import {
  applyRetention,
  deleteAll,
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
  now: () => number;
  meta: Omit<ReportMeta, 'generatedAt' | 'includeValues' | 'scenario'>;
}

/** Answers the extension pages' requests. Everything is read from IndexedDB, so a restarted worker answers the same. */
export function createService({ db, recorder, now, meta }: ServiceDeps) {
  async function tabData(tabId: number): Promise<TabData> {
    await recorder.idle();
    const visitId = await recorder.currentVisitId(tabId);
    const visit = visitId ? await readVisit(db, visitId) : undefined;
    const records = visit ? await readRecords(db, visit.id) : [];
    const history = (await readTabVisits(db, tabId)).filter((v) => v.id !== visit?.id);
    return { visit, records, history };
  }

  async function report(request: Extract<Request, { type: 'get-report' }>): Promise<{ ok: true; report: Report } | { ok: false; reason: 'no-visit' }> {
    await recorder.idle();
    const visitId = request.visitId ?? (request.tabId !== undefined ? await recorder.currentVisitId(request.tabId) : undefined);
    const visit = visitId ? await readVisit(db, visitId) : undefined;
    if (!visit) return { ok: false, reason: 'no-visit' };
    const records = await readRecords(db, visit.id);
    return {
      ok: true,
      report: buildReport(visit, records, [], {
        ...meta,
        generatedAt: now(),
        scenario: visit.scenario ?? 'observe',
        includeValues: request.includeValues === true,
      }),
    };
  }

  async function handle(request: Request): Promise<unknown> {
    switch (request.type) {
      case 'get-tab-data':
        return tabData(request.tabId);
      case 'get-report':
        return report(request);
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
        recorder.applySettings(settings);
        await applyRetention(db, now());
        return settings;
      }
    }
  }

  return { handle };
}
