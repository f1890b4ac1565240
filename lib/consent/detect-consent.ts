import type { ConsentSignalRecord, CookieRecord, EvidenceRecord, Phase, StorageRecord } from '../model';
import { cmpCandidates, cmpIdFromTcf, FRAMEWORK_IDS } from './cmp-ids';
import { type CmpReading, type CmpStorage, readCmpStates } from './cmp-state';
import { eventFromAutoconsent, eventsFromCmpReadings, eventsFromSignalRecords } from './consent-events';
import { type ConsentType, type ConsentValue, GCD_TYPES, parseConsentCommand, readConsentModeFromUrl } from './consent-mode';
import type { NamedValue } from './storage-values';
import { readTcChoice, readTcString, type TcConsent } from './tcf';
import {
  buildTimeline,
  type ConsentChoice,
  type ConsentEvent,
  type ConsentEventSource,
  describeInconclusive,
  type InconclusiveReason,
} from './timeline';

/** Where a consent state was read: a TC string from `__tcfapi` or sent in a request, Consent Mode in the page or on a Google hit (`gcs`/`gcd`), or CMP storage. */
export type ObservationKind = 'tc-string' | 'tc-string-sent' | 'consent-mode' | 'consent-mode-sent' | 'cmp-storage';

/** What the page stored or sent as the consent state at one time, tied to the record that shows it. */
export interface ConsentObservation {
  t: number;
  kind: ObservationKind;
  /** Evidence record id. */
  record: string;
  choice: ConsentChoice;
  cmp?: string;
  purposes?: Record<string, boolean>;
}

/** A decoded IAB TC string, once per distinct string, where it was first seen. */
export interface TcSummary {
  t: number;
  where: 'tcf-api' | 'storage' | 'request';
  record: string;
  cmpId: number;
  cmp?: string;
  choice: ConsentChoice;
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  specialFeatureOptins: number[];
  vendorConsentCount: number;
  vendorLegitimateInterestCount: number;
  /** Epoch ms (rounded to the day by CMPs). */
  lastUpdated: number;
}

/** The consent state that holds at the end of the visit: the choice that set the current phase, per purpose when known. */
export interface ConsentState {
  choice: ConsentChoice | 'none' | 'unknown';
  purposes?: Record<string, boolean>;
  source?: ConsentEventSource;
  cmp?: string;
  t?: number;
}

/** What the consent layer knows about a visit: which CMPs, when the visitor chose what, and how sure that is. */
export interface ConsentView {
  /** CMP ids (`research/cmps.json`, also vendor ids); `iab-tcf` alone when only the framework answered. */
  cmps: string[];
  /** The first choice that held (ms since the visit started; 0 for a choice stored before the visit). */
  choiceAt?: number;
  choice?: ConsentChoice;
  state: ConsentState;
  /** Timeline events in time order, each with its source. */
  events: ConsentEvent[];
  /** Phase changes in time order; before the first one the phase is `before-choice` (`no-cmp` without any event). */
  transitions: { t: number; phase: Phase }[];
  /** Why the evidence does not support a verdict; empty when it does. */
  inconclusive: InconclusiveReason[];
  observations: ConsentObservation[];
  tcStrings: TcSummary[];
}

export interface ConsentInput {
  records: readonly EvidenceRecord[];
  /** Consent managers the vendor database recognised among the visit's scripts, requests and globals. */
  cmpVendors?: readonly { id: string; firstSeen: number }[];
  /** Scripts of those consent managers that failed (network error or HTTP error status). */
  cmpFailures?: readonly { id: string; t: number; detail: string }[];
  /** Cookies and localStorage that existed when the visit started (a choice from a previous visit), when known. */
  initial?: CmpStorage;
}

/** Re-reading CMP state stops after this many changes of the cookie jar and localStorage (a page that churns them). */
export const CMP_REREADS_MAX = 2_000;
/**
 * Writes this close together are one save: a CMP writes its cookies one by one (OneTrust: OptanonAlertBoxClosed and
 * OptanonConsent), and reading between them would see a half-saved state. The save is dated by its first write.
 */
export const WRITE_BURST_MS = 100;
const TC_URL_PARAMS = ['gdpr_consent', 'gdpr_consent_string'];

/**
 * Builds the consent view of a visit from its records: the page's TCF and Consent Mode signals, autoconsent and our
 * own scenario steps, CMP stored state read from the cookie jar and localStorage as they evolve, the TC strings sent
 * on requests, and the consent managers the vendor database recognised. Pure.
 */
export function detectConsent({ records, cmpVendors = [], cmpFailures = [], initial }: ConsentInput): ConsentView {
  // At the same millisecond, a removal goes first: the store reports an overwrite as removal then set, and records of
  // one millisecond may come in any order.
  const sorted = [...records].sort((a, b) => a.t - b.t || Number(isRemoval(b)) - Number(isRemoval(a)));
  const reasons: InconclusiveReason[] = [];
  const observations: ConsentObservation[] = [];
  const tcStrings = new Map<string, TcSummary>();
  const noteTc = (text: string, tc: TcConsent, where: TcSummary['where'], t: number, record: string) => {
    if (tcStrings.has(text) || tcStrings.size >= 50) return;
    const cmp = cmpIdFromTcf(tc.cmpId);
    tcStrings.set(text, {
      t, where, record, cmpId: tc.cmpId, ...(cmp && { cmp }), choice: readTcChoice(tc), purposeConsents: tc.purposeConsents,
      purposeLegitimateInterests: tc.purposeLegitimateInterests, specialFeatureOptins: tc.specialFeatureOptins,
      vendorConsentCount: tc.vendorConsentCount, vendorLegitimateInterestCount: tc.vendorLegitimateInterestCount, lastUpdated: tc.lastUpdated,
    });
  };

  const signals = sorted.filter((r): r is ConsentSignalRecord => r.kind === 'consent');
  readPageSignals(signals, observations, reasons, noteTc);
  const storage = readCmpStorage(sorted, initial, observations, reasons, noteTc);
  readSentTcStrings(sorted, observations, noteTc);
  readSentConsentMode(sorted, observations);

  const events = [
    ...eventsFromSignalRecords(signals),
    ...signals.flatMap(eventOfAuditRecord),
    ...storage,
    ...cmpVendors.map((v): ConsentEvent => ({ t: v.firstSeen, source: 'script', kind: 'cmp-detected', cmp: v.id })),
  ];
  for (const failure of cmpFailures.slice(0, 10)) reasons.push({ kind: 'cmp-not-loaded', t: failure.t, cmp: failure.id, detail: short(failure.detail) });
  for (const record of signals) {
    if (record.signal === 'scenario' && record.command === 'unconfirmed') {
      reasons.push({ kind: 'scenario-unconfirmed', t: record.t, scenario: short(record.params.scenario) || 'audit', detail: short(record.params.detail) });
    }
  }
  return consentViewOf(events, { reasons, observations, tcStrings: [...tcStrings.values()] });
}

/** The view of a set of timeline events, with what else the records showed. */
export function consentViewOf(
  events: readonly ConsentEvent[],
  { reasons = [], observations = [], tcStrings = [] }: { reasons?: InconclusiveReason[]; observations?: ConsentObservation[]; tcStrings?: TcSummary[] } = {},
): ConsentView {
  const timeline = buildTimeline(events);
  const frameworks = [...new Set(timeline.events.flatMap((e) => (e.cmp && cmpCandidates(e.cmp).some((c) => FRAMEWORK_IDS.includes(c)) ? [cmpCandidates(e.cmp)[0] ?? ''] : [])))];
  return {
    cmps: timeline.cmps.length ? timeline.cmps : frameworks.filter(Boolean),
    ...(timeline.choiceAt !== undefined && { choiceAt: timeline.choiceAt }),
    ...(timeline.choice && { choice: timeline.choice }),
    state: finalState(timeline.events, timeline.transitions),
    events: timeline.events,
    transitions: timeline.transitions,
    inconclusive: [...timeline.inconclusive, ...reasons],
    observations,
    tcStrings,
  };
}

/** The consent phase at `t` (ms since the visit started); a choice applies from its own time on. */
export function phaseIn(view: Pick<ConsentView, 'events' | 'transitions'>, t: number): Phase {
  if (!view.events.length) return 'no-cmp';
  let phase: Phase = 'before-choice';
  for (const transition of view.transitions) {
    if (transition.t > t) break;
    phase = transition.phase;
  }
  return phase;
}

/** One text for `Finding.inconclusive`, or undefined when the consent evidence is conclusive. */
export function inconclusiveText(view: Pick<ConsentView, 'inconclusive'>): string | undefined {
  return view.inconclusive.length ? view.inconclusive.map(describeInconclusive).join(' ') : undefined;
}

/** "1.2 s before the choice", "at the choice", "300 ms after the choice". */
export function relativeToChoiceText(t: number, choiceAt: number | undefined): string | undefined {
  if (choiceAt === undefined) return undefined;
  const delta = t - choiceAt;
  if (delta === 0) return 'at the choice';
  return `${durationText(Math.abs(delta))} ${delta < 0 ? 'before' : 'after'} the choice`;
}

/** "300 ms", "1.2 s". */
export function durationText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** TCF probe records give `tc-string` observations; Consent Mode updates give cumulative `consent-mode` ones. */
function readPageSignals(
  signals: readonly ConsentSignalRecord[],
  observations: ConsentObservation[],
  reasons: InconclusiveReason[],
  noteTc: (text: string, tc: TcConsent, where: TcSummary['where'], t: number, record: string) => void,
): void {
  const updated: Partial<Record<ConsentType, ConsentValue>> = {};
  for (const record of signals) {
    if (record.signal === 'tcf' && (record.command === 'tcloaded' || record.command === 'useractioncomplete')) {
      const text = typeof record.params.tcString === 'string' ? record.params.tcString : '';
      const cmp = cmpIdFromTcf(Number(record.params.cmpId)) ?? 'iab-tcf';
      if (text) {
        const tc = readTcString(text);
        if (!tc.ok) {
          reasons.push({ kind: 'unreadable', t: record.t, source: 'tcf', detail: `TC string ${tc.reason}` });
          continue;
        }
        noteTc(text, tc, 'tcf-api', record.t, record.id);
        observations.push({ t: record.t, kind: 'tc-string', record: record.id, cmp, choice: readTcChoice(tc), purposes: tcPurposes(tc.purposeConsents) });
      } else {
        const ids = String(record.params.purposes ?? '').split(',').filter(Boolean).slice(0, 64).map(Number).filter(Number.isInteger);
        observations.push({ t: record.t, kind: 'tc-string', record: record.id, cmp, choice: readTcChoice({ purposeConsents: ids }), purposes: tcPurposes(ids) });
      }
    } else if (record.signal === 'gcm') {
      const command = parseConsentCommand(record.command, record.params);
      if (command?.command !== 'update') continue;
      Object.assign(updated, command.values);
      const values = GCD_TYPES.flatMap((type) => (updated[type] ? [[type, updated[type] === 'granted'] as const] : []));
      if (!values.length) continue;
      const granted = values.filter(([, v]) => v).length;
      const choice: ConsentChoice = granted === 0 ? 'reject' : granted === values.length ? 'accept' : 'partial';
      observations.push({ t: record.t, kind: 'consent-mode', record: record.id, choice, purposes: Object.fromEntries(values) });
    }
  }
}

/** Timeline events from what autoconsent reported and what our scenario did; a confirmed scenario choice ranks highest. */
function eventOfAuditRecord(record: ConsentSignalRecord): ConsentEvent[] {
  const cmp = short(record.params.cmp);
  if (record.signal === 'autoconsent') {
    const event = eventFromAutoconsent(record.t, { type: record.command, ...(cmp && { cmp }), result: record.params.result === 'true' });
    return event ? [event] : [];
  }
  if (record.signal !== 'scenario') return [];
  const scenario = record.params.scenario;
  if (scenario !== 'reject' && scenario !== 'accept') return [];
  if (record.command === 'confirmed') return [{ t: record.t, source: 'scenario', kind: 'choice', choice: scenario, ...(cmp && { cmp }) }];
  // The scenario's second page (same-site navigation) ends with `end` and the run's outcome: a confirmed choice made
  // on the first page held from the start of this one.
  if (record.command === 'end' && record.params.detail === 'confirmed') return [{ t: record.t, source: 'scenario', kind: 'choice', choice: scenario, prior: true, ...(cmp && { cmp }) }];
  return [];
}

/**
 * Replays cookie and localStorage changes in time order and reads every CMP's state after each change. A reading is
 * an event only when it differs from that CMP's previous one. localStorage entries the first snapshot found without
 * any write in this visit, and `initial`, were there before the visit began: their choice holds from the start.
 */
function readCmpStorage(
  sorted: readonly EvidenceRecord[],
  initial: CmpStorage | undefined,
  observations: ConsentObservation[],
  reasons: InconclusiveReason[],
  noteTc: (text: string, tc: TcConsent, where: TcSummary['where'], t: number, record: string) => void,
): ConsentEvent[] {
  const cookies = new Map<string, NamedValue>();
  const local = new Map<string, NamedValue>();
  const written = new Set<string>();
  let priorRecord: string | undefined;
  for (const item of initial?.cookies ?? []) cookies.set(`${item.name}\u0000initial`, item);
  for (const item of initial?.localStorage ?? []) local.set(`initial\u0000${item.name}`, item);
  const seenCookies = new Set<string>();
  for (const record of sorted) {
    if (record.kind === 'cookie') {
      // A cookie whose first change in the browser's store is its removal (the store reports an overwrite as the old
      // value removed) was there before the visit, with that value. Script and header records come before the
      // store's own report of the same write, so only store records count.
      if (record.via !== 'store') continue;
      const key = cookieKey(record);
      if (!seenCookies.has(key) && record.action === 'removed' && record.value) {
        cookies.set(key, { name: record.name, value: record.value });
        priorRecord ??= record.id;
      }
      seenCookies.add(key);
      continue;
    }
    if (record.kind !== 'storage' || record.area !== 'localStorage') continue;
    const key = `${record.origin}\u0000${record.key}`;
    if (record.action !== 'present') written.add(key);
    else if (!written.has(key) && record.value !== undefined && !local.has(key)) {
      local.set(key, { name: record.key, value: record.value });
      priorRecord ??= record.id;
    }
  }
  const snapshots: { t: number; readings: CmpReading[]; prior?: boolean; record: string }[] = [];
  const last = new Map<string, string>();
  const read = (t: number, record: string, prior?: boolean) => {
    // Latest write first: readers take the first item of a name, and one cookie may be recorded under two keys.
    const readings = readCmpStates({ cookies: [...cookies.values()].reverse(), localStorage: [...local.values()].reverse() });
    const changed = readings.filter((r) => last.get(r.cmp) !== signature(r));
    for (const r of readings) last.set(r.cmp, signature(r));
    if (changed.length) snapshots.push({ t, readings: changed, record, ...(prior && { prior }) });
  };
  if (cookies.size || local.size) read(0, priorRecord ?? 'initial', true);
  let rereads = 0;
  let pending: { t: number; record: string } | undefined;
  for (const record of sorted) {
    if (rereads >= CMP_REREADS_MAX) break;
    if (pending && record.t - pending.t > WRITE_BURST_MS) {
      rereads++;
      read(pending.t, pending.record);
      pending = undefined;
    }
    if (record.kind === 'cookie' ? !applyCookie(cookies, record) : record.kind !== 'storage' || !applyStorage(local, record)) continue;
    pending ??= { t: record.t, record: record.id };
  }
  if (pending) read(pending.t, pending.record);

  for (const { t, readings, record } of snapshots) {
    for (const reading of readings) {
      if (reading.choice === 'unknown') {
        reasons.push({ kind: 'unreadable', t, source: 'cmp-storage', detail: `${reading.cmp}: ${reading.error}` });
        continue;
      }
      if (reading.tcString) {
        const tc = readTcString(reading.tcString);
        if (tc.ok) noteTc(reading.tcString, tc, 'storage', t, record);
      }
      if (reading.choice === 'none' || reading.implicit) continue;
      observations.push({ t, kind: 'cmp-storage', record, cmp: reading.cmp, choice: reading.choice, ...(reading.purposes && { purposes: reading.purposes }) });
    }
  }
  return eventsFromCmpReadings(snapshots);
}

/** A TC string in a request's query (`gdpr_consent=`) is what the site forwarded to that vendor. */
function readSentTcStrings(
  sorted: readonly EvidenceRecord[],
  observations: ConsentObservation[],
  noteTc: (text: string, tc: TcConsent, where: TcSummary['where'], t: number, record: string) => void,
): void {
  const decoded = new Map<string, TcConsent | undefined>();
  for (const record of sorted) {
    if ((record.kind !== 'request' && record.kind !== 'payload') || !record.url.includes('gdpr_consent')) continue;
    const text = tcParamOf(record.url);
    if (!text) continue;
    if (!decoded.has(text)) {
      const tc = decoded.size < 200 ? readTcString(text) : undefined;
      decoded.set(text, tc?.ok ? tc : undefined);
    }
    const tc = decoded.get(text);
    if (!tc) continue;
    noteTc(text, tc, 'request', record.t, record.id);
    const cmp = cmpIdFromTcf(tc.cmpId);
    observations.push({ t: record.t, kind: 'tc-string-sent', record: record.id, choice: readTcChoice(tc), purposes: tcPurposes(tc.purposeConsents), ...(cmp && { cmp }) });
  }
}

/** `gcs`/`gcd` on a request (Google hits, server-side tagging too) say which Consent Mode state the tag applied. */
function readSentConsentMode(sorted: readonly EvidenceRecord[], observations: ConsentObservation[]): void {
  for (const record of sorted) {
    if ((record.kind !== 'request' && record.kind !== 'payload') || !/[?&]gc[sd]=/.test(record.url)) continue;
    const wire = readConsentModeFromUrl(record.url);
    if (!wire) continue;
    const values = GCD_TYPES.flatMap((type) => {
      const effective = wire.signals[type].effective;
      return effective === 'granted' || effective === 'denied' ? [[type, effective === 'granted'] as const] : [];
    });
    if (!values.length) continue;
    const granted = values.filter(([, v]) => v).length;
    const choice: ConsentChoice = granted === 0 ? 'reject' : granted === values.length ? 'accept' : 'partial';
    observations.push({ t: record.t, kind: 'consent-mode-sent', record: record.id, choice, purposes: Object.fromEntries(values) });
  }
}

function tcParamOf(url: string): string | undefined {
  if (url.length > 64 * 1024) return undefined;
  try {
    const params = new URL(url).searchParams;
    for (const name of TC_URL_PARAMS) {
      const value = params.get(name);
      if (value && value.length > 10) return value;
    }
  } catch {
    // Not a URL: nothing was sent.
  }
  return undefined;
}

function applyCookie(jar: Map<string, NamedValue>, record: CookieRecord): boolean {
  const key = cookieKey(record);
  if (record.action === 'removed') return jar.delete(key) || jar.delete(`${record.name}\u0000initial`);
  if (jar.get(key)?.value === record.value) return false;
  jar.delete(`${record.name}\u0000initial`);
  jar.delete(key);
  jar.set(key, { name: record.name, value: record.value });
  return true;
}

/** Paths are left out: a script write and the store's report of it may name different ones. */
function cookieKey(record: CookieRecord): string {
  return `${record.name}\u0000${record.domain.replace(/^\./, '')}`;
}

function applyStorage(local: Map<string, NamedValue>, record: StorageRecord): boolean {
  if (record.area !== 'localStorage') return false;
  const key = `${record.origin}\u0000${record.key}`;
  switch (record.action) {
    case 'set':
    case 'present':
      if (record.value === undefined || local.get(key)?.value === record.value) return false;
      local.delete(key);
      local.set(key, { name: record.key, value: record.value });
      return true;
    case 'remove':
      return local.delete(key);
    case 'clear': {
      const before = local.size;
      for (const k of [...local.keys()]) if (k.startsWith(`${record.origin}\u0000`)) local.delete(k);
      return local.size !== before;
    }
  }
}

function signature(reading: CmpReading): string {
  return reading.choice === 'unknown' ? `unknown:${reading.error}` : `${reading.choice}:${reading.implicit ? 'i' : ''}:${JSON.stringify(reading.purposes ?? {})}`;
}

function tcPurposes(ids: readonly number[]): Record<string, boolean> {
  const granted = new Set(ids);
  return Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((p) => [String(p), granted.has(p)]));
}

/** The choice that set the last phase, with the purposes of the most recent event that carried them for that choice. */
function finalState(events: readonly ConsentEvent[], transitions: readonly { t: number; phase: Phase }[]): ConsentState {
  const lastTransition = transitions[transitions.length - 1];
  if (!lastTransition) return { choice: 'none' };
  const choices = events.filter((e) => e.kind === 'choice' || e.kind === 'choice-changed' || e.kind === 'revoked');
  const setter = choices.filter((e) => (e.prior ? 0 : e.t) === lastTransition.t).pop();
  if (!setter) return { choice: 'unknown', t: lastTransition.t };
  const choice = setter.kind === 'revoked' ? 'reject' : (setter.choice ?? 'unknown');
  const purposes = setter.purposes ?? choices.filter((e) => e.choice === setter.choice && e.purposes).pop()?.purposes;
  return { choice, t: lastTransition.t, source: setter.source, ...(setter.cmp && { cmp: setter.cmp }), ...(purposes && { purposes }) };
}

function isRemoval(record: EvidenceRecord): boolean {
  return record.kind === 'cookie' && record.action === 'removed';
}

function short(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 80) : '';
}
