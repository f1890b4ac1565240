import { factsOf, type Scan } from '../scan/scan';
import { toBase64 } from '../bytes';
import type { ConsentView } from '../consent/detect-consent';
import { formatMessage } from '../i18n/message';
import { inconclusiveMessage } from '../findings/inconclusive';
import type {
  Body,
  CanaryRecord,
  ConsentSignalRecord,
  CookieRecord,
  EvidenceRecord,
  FieldRecord,
  GlobalRecord,
  Party,
  PayloadRecord,
  RequestRecord,
  StorageRecord,
} from '../model';
import type { Finding } from '../finding';
import type { RuleId } from '../findings/rules/index';
import type { RecorderSettings } from '../replay/recorder-config';
import { redactHeaders } from './headers';
import { overviewOf } from './overview';
import {
  type Placed,
  type Report,
  type ReportBody,
  type ReportConsent,
  type ReportMeta,
  type ReportPayload,
  type ReportRecorderConfig,
  type ReportRequest,
  REDACTED,
  REPORT_SCHEMA,
} from './types';

export function buildReport(scan: Scan, findings: readonly Finding<RuleId>[], meta: ReportMeta): Report {
  const { visit, records: sorted } = scan;
  const place = (r: { id: string }): Placed => {
    const fact = factsOf(scan, r);
    return {
      vendor: fact.vendor,
      phase: fact.phase,
      ...(fact.by && { attribution: fact.by }),
      activity: fact.activity,
      ...(fact.hint && { resembles: { vendor: fact.hint.vendor, reason: fact.hint.reason } }),
    };
  };
  const requests = sorted.filter((r): r is RequestRecord => r.kind === 'request').map((r) => toReportRequest(r, factsOf(scan, r), meta, place(r)));
  const payloads = sorted
    .filter((r): r is PayloadRecord => r.kind === 'payload')
    .map((r) => toReportPayload(r, factsOf(scan, r), meta.includeValues, place(r)));
  const cookies = sorted
    .filter((r): r is CookieRecord => r.kind === 'cookie')
    .map(({ kind, visitId, ...c }) => ({
      ...c,
      value: redact(c.value, meta.includeValues),
      party: factsOf(scan, c).party,
      ...place(c),
    }));
  const storage = sorted
    .filter((r): r is StorageRecord => r.kind === 'storage')
    .map(({ kind, visitId, ...s }) => ({ ...s, ...(s.value !== undefined && { value: redact(s.value, meta.includeValues) }), ...place(s) }));
  const globals = sorted.filter((r): r is GlobalRecord => r.kind === 'global').map(({ kind, visitId, ...g }) => ({ ...g, ...place(g) }));
  const third = requests.filter((r) => r.party === 'third');
  const report: Omit<Report, 'overview'> = {
    schema: REPORT_SCHEMA,
    lang: 'en',
    generatedAt: new Date(meta.generatedAt).toISOString(),
    extension: meta.extension,
    browser: meta.browser,
    database: meta.database,
    scenario: meta.scenario,
    redacted: !meta.includeValues,
    page: { url: visit.url, ...(visit.title && { title: visit.title }), site: visit.site },
    visit: {
      id: visit.id,
      startedAt: new Date(visit.startedAt).toISOString(),
      dropped: visit.dropped,
      ...(visit.truncated && { truncated: { reason: visit.truncated.reason, at: new Date(visit.truncated.at).toISOString(), lost: visit.truncated.lost } }),
      ...(visit.interrupted && { interrupted: { ...visit.interrupted, at: new Date(visit.interrupted.at).toISOString() } }),
      ...(visit.cookieStoreId && { cookieStore: visit.cookieStoreId }),
      ...(visit.private && { private: true }),
      capture: {
        level: visit.captureLevel ?? 'full',
        ...(visit.fullSince !== undefined && { fullFrom: Math.max(0, Math.round(visit.fullSince - visit.startedAt)) }),
      },
    },
    summary: {
      requests: requests.length,
      thirdPartyRequests: third.length,
      thirdPartySites: [...new Set(third.map((r) => r.site).filter(Boolean))].sort(),
      payloads: payloads.length,
      cookies: cookies.length,
      storage: storage.length,
      globals: globals.length,
      vendors: scan.activity.length,
      unclassifiedSites: scan.unclassifiedSites.length,
    },
    consent: toReportConsent(scan.consent, sorted),
    vendors: scan.activity.map(({ records, ...vendor }) => ({ ...vendor, hostnames: [...vendor.hostnames] })),
    unclassifiedSites: scan.unclassifiedSites.map((s) => ({ ...s, hostnames: [...s.hostnames] })),
    cnameAliases: scan.cnameAliases.map((a) => ({ ...a })),
    recorders: scan.recorders.map((r) => ({
      vendor: r.vendor.id,
      loadedAt: r.loaded.t,
      loadedPhase: factsOf(scan, r.loaded).phase,
      ...(r.recording && { recordingAt: r.recording.t, recordingPhase: factsOf(scan, r.recording).phase, recordingVia: r.recordingVia }),
      ingestRequests: r.ingest.length,
      ...recorderConfigOf(scan.recorderConfigs.get(r.vendor.id)),
    })),
    fields: sorted.filter((r): r is FieldRecord => r.kind === 'field').map(({ kind, visitId, ...f }) => f),
    masking: scan.masking.map((m) => ({
      vendor: m.vendor,
      field: m.field.id,
      selector: m.field.selector,
      fieldKind: m.field.fieldKind,
      verdict: m.verdict,
      reason: m.reason,
      ...(m.marker && { marker: m.marker }),
      proof: m.proof,
      basis: m.basis,
    })),
    canaries: sorted.filter((r): r is CanaryRecord => r.kind === 'canary').map(({ kind, visitId, ...c }) => c),
    leaks: scan.leaks.map((l) => ({
      canary: l.canary.id,
      selector: l.canary.selector,
      fieldKind: l.canary.fieldKind,
      record: l.record.id,
      url: l.record.url,
      vendor: factsOf(scan, l.record).vendor,
      t: l.record.t,
      phase: factsOf(scan, l.record).phase,
      where: l.where,
      matchKind: l.matchKind,
      chain: [...l.chain],
      rrweb: l.rrweb,
    })),
    decodeLimits: (scan.decodeLimits ?? []).map((d) => ({
      record: d.record.id,
      url: d.record.url,
      where: d.where,
      chain: [...d.chain],
      ...(d.capped && { capped: d.capped }),
      ...(d.error && { error: d.error }),
    })),
    requests,
    payloads,
    cookies,
    storage,
    globals,
    // Screenshots are stored beside the records, and added when the report is served (lib/service.ts).
    screenshots: [],
    screenshotsDropped: [],
    findings: [...findings],
  };
  return { ...report, overview: overviewOf(report) };
}

function toReportConsent(consent: ConsentView, records: readonly EvidenceRecord[]): ReportConsent {
  const choiceOf = new Map(consent.observations.map((o) => [o.record, o.choice]));
  const reasons = consent.inconclusive.map((r) => ({ kind: r.kind, message: inconclusiveMessage(r) }));
  const inconclusive = reasons.map((r) => formatMessage(r.message, 'en')).join(' ');
  return {
    cmps: [...consent.cmps],
    ...(consent.choice && { choice: consent.choice }),
    ...(consent.choiceAt !== undefined && { choiceAt: consent.choiceAt }),
    state: structuredClone(consent.state),
    events: consent.events.map((e) => structuredClone(e)),
    transitions: consent.transitions.map((t) => ({ ...t })),
    ...(inconclusive && { inconclusive }),
    inconclusiveReasons: reasons.map((r) => ({ kind: r.kind, text: formatMessage(r.message, 'en'), message: r.message })),
    tcStrings: consent.tcStrings.map(({ purposeConsents, purposeLegitimateInterests, ...tc }) => ({
      ...tc,
      purposesConsented: [...purposeConsents],
      legitimateInterestPurposes: [...purposeLegitimateInterests],
      specialFeatureOptins: [...tc.specialFeatureOptins],
    })),
    signals: records
      .filter((r): r is ConsentSignalRecord => r.kind === 'consent')
      .map(({ kind, visitId, ...signal }) => {
        const choice = choiceOf.get(signal.id);
        return { ...signal, params: { ...signal.params }, ...(choice && { choice }) };
      }),
  };
}

function toReportRequest(
  r: RequestRecord,
  fact: { hostname?: string; site: string; party: Party },
  { includeValues, includeHeaders }: Pick<ReportMeta, 'includeValues' | 'includeHeaders'>,
  placed: Placed,
): ReportRequest {
  return {
    id: r.id,
    ...placed,
    t: r.t,
    source: r.source,
    method: r.method,
    url: r.url,
    hostname: fact.hostname ?? '',
    site: fact.site,
    party: fact.party,
    type: r.type,
    frameId: r.frameId,
    ...(r.frameUrl && { frameUrl: r.frameUrl }),
    ...(r.initiator && { initiator: r.initiator }),
    ...(r.status !== undefined && { status: r.status }),
    ...(r.error && { error: r.error }),
    redirects: r.redirects,
    setCookieCount: r.setCookies.length,
    ...(r.cname && { cname: r.cname }),
    ...(r.body && { body: toReportBody(r.body, includeValues) }),
    ...(r.recovered && { recovered: true as const }),
    ...(r.sentAt !== undefined && { sentAt: r.sentAt }),
    ...(r.responseAt !== undefined && { responseAt: r.responseAt }),
    ...(r.statusLine && { statusLine: r.statusLine }),
    ...(includeHeaders && r.requestHeaders && { requestHeaders: redactHeaders(r.requestHeaders, includeValues) }),
    ...(includeHeaders && r.responseHeaders && { responseHeaders: redactHeaders(r.responseHeaders, includeValues) }),
  };
}

function toReportPayload(r: PayloadRecord, fact: { site: string; party: Party }, includeValues: boolean, placed: Placed): ReportPayload {
  return {
    id: r.id,
    ...placed,
    t: r.t,
    source: r.source,
    api: r.api,
    method: r.method,
    url: r.url,
    site: fact.site,
    party: fact.party,
    frameId: r.frameId,
    ...(r.frameUrl && { frameUrl: r.frameUrl }),
    ...(r.script && { script: r.script }),
    ...(r.body && { body: toReportBody(r.body, includeValues) }),
  };
}

function toReportBody(body: Body, includeValues: boolean): ReportBody {
  return {
    size: body.size,
    truncated: body.truncated,
    form: body.form,
    ...(includeValues && { base64: toBase64(body.bytes) }),
  };
}

function redact(value: string, includeValues: boolean): string {
  return includeValues ? value : REDACTED;
}

function recorderConfigOf(settings: RecorderSettings | undefined): { config?: ReportRecorderConfig } {
  if (!settings) return {};
  const via = [...new Set(settings.records.map((r) => r.via))];
  return {
    config: {
      via,
      ...(settings.replay && { replay: settings.replay }),
      ...(settings.replayReason && { replayReason: settings.replayReason }),
      said: [...settings.said],
    },
  };
}
