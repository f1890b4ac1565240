import type { ConsentSignalRecord, EvidenceRecord, Phase } from '../model';
import { cmpCandidates, cmpIdFromTcf, FRAMEWORK_IDS } from './cmp-ids';
import { eventsFromBanners } from './banner-events';
import type { CmpStorage } from './cmp-reader';
import { eventFromAutoconsent, eventsFromSignalRecords } from './consent-events';
import { type ConsentType, type ConsentValue, GCD_TYPES, parseConsentCommand } from './consent-mode';
import { type ConsentObservation, type NoteTc, type TcSummary, tcPurposes } from './observations';
import { readSentConsentMode, readSentTcStrings } from './sent-consent';
import { readCmpStorage } from './storage-replay';
import { readTcChoice, readTcString, type TcConsent } from './tcf';
import { buildTimeline, type ConsentChoice, type ConsentEvent, type ConsentEventSource, type InconclusiveReason } from './timeline';

export type { ConsentObservation, ObservationKind, TcSummary } from './observations';

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
  /**
   * CMP ids (the vendor ids of `data/vendors/`); `unknown` alone when the only consent manager seen is a banner no
   * rule, reader or vendor file names (consent wording and a way to refuse or to choose; a notice with only "OK" does
   * not count); `iab-tcf` alone when only the framework answered. Empty: no consent mechanism was seen.
   */
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

/** Scenario records that say how a run ended on its page (`start` … then one of these). */
const SETTLED: readonly string[] = ['confirmed', 'unconfirmed', 'end'];

/** Most inconclusive reasons kept per visit. */
export const INCONCLUSIVE_MAX = 20;

export interface ConsentInput {
  records: readonly EvidenceRecord[];
  /** Consent managers the vendor database recognised among the visit's scripts, requests and globals. */
  cmpVendors?: readonly { id: string; firstSeen: number }[];
  /** Scripts of those consent managers that failed (network error or HTTP error status). */
  cmpFailures?: readonly { id: string; t: number; detail: string }[];
  /** Cookies and localStorage that existed when the visit started (a choice from a previous visit), when known. */
  initial?: CmpStorage;
}

/**
 * Builds the consent view of a visit from its records: the page's TCF and Consent Mode signals, autoconsent and our
 * own scenario steps, the consent banners the content script saw (a manager nobody named is cmp `unknown`), CMP
 * stored state read from the cookie jar and localStorage as they evolve, the TC strings sent on requests, and the
 * consent managers the vendor database recognised. Pure.
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
      t,
      where,
      record,
      cmpId: tc.cmpId,
      ...(cmp && { cmp }),
      choice: readTcChoice(tc),
      purposeConsents: tc.purposeConsents,
      purposeLegitimateInterests: tc.purposeLegitimateInterests,
      specialFeatureOptins: tc.specialFeatureOptins,
      vendorConsentCount: tc.vendorConsentCount,
      vendorLegitimateInterestCount: tc.vendorLegitimateInterestCount,
      lastUpdated: tc.lastUpdated,
    });
  };

  const signals = sorted.filter((r): r is ConsentSignalRecord => r.kind === 'consent');
  readPageSignals(signals, observations, reasons, noteTc);
  const storage = readCmpStorage(
    sorted,
    initial,
    observations,
    reasons,
    noteTc,
    cmpVendors.map((v) => v.id),
  );
  readSentTcStrings(sorted, observations, noteTc);
  readSentConsentMode(sorted, observations);

  const events = datedFromAnswers(
    [
      ...eventsFromSignalRecords(signals),
      ...signals.flatMap((record) => eventOfAuditRecord(record, signals)),
      ...eventsFromBanners(sorted),
      ...storage,
      ...cmpVendors.map((v): ConsentEvent => ({ t: v.firstSeen, source: 'script', kind: 'cmp-detected', cmp: v.id })),
    ],
    signals,
  );
  for (const failure of cmpFailures.slice(0, 10)) reasons.push({ kind: 'cmp-not-loaded', t: failure.t, cmp: failure.id, detail: short(failure.detail) });
  // A run that did not confirm its choice says so on its first page (`unconfirmed`) and, after the same-site
  // navigation, on its second page only through `end` and the outcome.
  const scenario = signals.filter((r) => r.signal === 'scenario');
  const unconfirmed = scenario.filter((r) => r.command === 'unconfirmed');
  const endedUnconfirmed = unconfirmed.length ? [] : scenario.filter((r) => r.command === 'end' && r.params.detail !== 'confirmed');
  for (const record of [...unconfirmed, ...endedUnconfirmed].slice(0, 5)) {
    reasons.push({ kind: 'scenario-unconfirmed', t: record.t, scenario: short(record.params.scenario) || 'audit', detail: short(record.params.detail) });
  }
  // A run that started on this page and never said how it ended here: the page went elsewhere (or the run is still
  // going) before the choice was confirmed, so the page was neither left alone nor answered for certain.
  const settled = new Set(scenario.filter((r) => SETTLED.includes(r.command)).map((r) => r.params.run));
  for (const start of scenario.filter((r) => r.command === 'start' && !settled.has(r.params.run)).slice(0, 5)) {
    const last = scenario.filter((r) => r.params.run === start.params.run).pop() ?? start;
    reasons.push({ kind: 'scenario-unconfirmed', t: last.t, scenario: short(start.params.scenario) || 'audit', detail: 'the run did not finish on this page' });
  }
  return consentViewOf(events, { reasons, observations, tcStrings: [...tcStrings.values()] });
}

/** The view of a set of timeline events, with what else the records showed. */
export function consentViewOf(
  events: readonly ConsentEvent[],
  { reasons = [], observations = [], tcStrings = [] }: { reasons?: InconclusiveReason[]; observations?: ConsentObservation[]; tcStrings?: TcSummary[] } = {},
): ConsentView {
  const timeline = buildTimeline(events);
  const frameworks = [
    ...new Set(timeline.events.flatMap((e) => (e.cmp && cmpCandidates(e.cmp).some((c) => FRAMEWORK_IDS.includes(c)) ? [cmpCandidates(e.cmp)[0] ?? ''] : []))),
  ];
  return {
    cmps: timeline.cmps.length ? timeline.cmps : frameworks.filter(Boolean),
    ...(timeline.choiceAt !== undefined && { choiceAt: timeline.choiceAt }),
    ...(timeline.choice && { choice: timeline.choice }),
    state: finalState(timeline.events, timeline.transitions),
    events: timeline.events,
    transitions: timeline.transitions,
    // Bounded: a hostile page can make every save unreadable.
    inconclusive: [...timeline.inconclusive, ...reasons].slice(0, INCONCLUSIVE_MAX),
    observations,
    tcStrings,
  };
}

/** TCF probe records give `tc-string` observations; Consent Mode updates give cumulative `consent-mode` ones. */
function readPageSignals(signals: readonly ConsentSignalRecord[], observations: ConsentObservation[], reasons: InconclusiveReason[], noteTc: NoteTc): void {
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
        const ids = String(record.params.purposes ?? '')
          .split(',')
          .filter(Boolean)
          .slice(0, 64)
          .map(Number)
          .filter(Number.isInteger);
        observations.push({
          t: record.t,
          kind: 'tc-string',
          record: record.id,
          cmp,
          choice: readTcChoice({ purposeConsents: ids }),
          purposes: tcPurposes(ids),
        });
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
function eventOfAuditRecord(record: ConsentSignalRecord, signals: readonly ConsentSignalRecord[]): ConsentEvent[] {
  const cmp = short(record.params.cmp);
  if (record.signal === 'autoconsent') {
    const event = eventFromAutoconsent(record.t, { type: record.command, ...(cmp && { cmp }), result: record.params.result === 'true' });
    return event ? [event] : [];
  }
  if (record.signal !== 'scenario') return [];
  const scenario = record.params.scenario;
  if (scenario !== 'reject' && scenario !== 'accept') return [];
  // Confirmed later from the CMP's stored state, the choice was made when the run answered the banner (`opt-out` /
  // `opt-in`): the page may act on it (load its tags) before the state is stored and read back.
  if (record.command === 'confirmed') return [{ t: answeredAt(record, signals), source: 'scenario', kind: 'choice', choice: scenario, ...(cmp && { cmp }) }];
  // The scenario's second page (same-site navigation) ends with `end` and the run's outcome: a confirmed choice made
  // on the first page held from the start of this one.
  if (record.command === 'end' && record.params.detail === 'confirmed')
    return [{ t: record.t, source: 'scenario', kind: 'choice', choice: scenario, prior: true, ...(cmp && { cmp }) }];
  return [];
}

/** How long after our run answered a banner the CMP's own record of that answer may come and still be that answer. */
const ANSWER_WINDOW_MS = 10_000;

/**
 * A choice the page records (CMP storage, autoconsent's result, TCF, Consent Mode) that matches what our run answered
 * a moment before is that answer: it is dated from when the run clicked. A CMP runs the tags it gates as soon as it
 * has the answer, often before it stores it, so dating the choice from the store would put those tags "before
 * consent". Prior choices and other directions are left as they are.
 */
function datedFromAnswers(events: readonly ConsentEvent[], signals: readonly ConsentSignalRecord[]): ConsentEvent[] {
  const answers = signals.filter((r) => r.signal === 'scenario' && (r.command === 'opt-out' || r.command === 'opt-in'));
  if (!answers.length) return [...events];
  const effect = new Map(answers.map((a) => [a, takesEffectAt(a, events)]));
  return events.map((event) => {
    if (event.prior || (event.kind !== 'choice' && event.kind !== 'choice-changed') || !event.choice) return event;
    // Our own confirmation is dated at the click already (`answeredAt`); a refusal may take effect a moment later.
    if (event.source === 'scenario') {
      const answer = answers.find((a) => a.t === event.t && a.command === (event.choice === 'reject' ? 'opt-out' : 'opt-in'));
      return answer ? { ...event, t: effect.get(answer) ?? event.t } : event;
    }
    const wanted = event.choice === 'reject' ? 'opt-out' : 'opt-in';
    const answer = answers.filter((a) => a.command === wanted && a.t <= event.t && event.t - a.t <= ANSWER_WINDOW_MS).pop();
    return answer ? { ...event, t: effect.get(answer) ?? answer.t } : event;
  });
}

/** How long after a refusal click the page's own record of the refusal may come and still be when it took effect. */
const REFUSAL_EFFECT_MS = 1000;
const PAGE_RECORDS: readonly ConsentEvent['source'][] = ['cmp-storage', 'tcf', 'consent-mode'];

/**
 * When an answer took effect. An acceptance, at the click: a consent manager runs the tags it gates as soon as it has
 * the answer, often before it stores it. A refusal, when the page first recorded it (the manager's stored state, a TC
 * string, a Consent Mode update) if that came within a second of the click: until then the page had not been told,
 * and a tag that sent in between (Firefox under load: hundreds of milliseconds) did not send after a refusal it knew
 * of. Without such a record, at the click.
 */
function takesEffectAt(answer: ConsentSignalRecord, events: readonly ConsentEvent[]): number {
  if (answer.command !== 'opt-out') return answer.t;
  const recorded = events
    .filter((e) => !e.prior && PAGE_RECORDS.includes(e.source) && (e.kind === 'choice' || e.kind === 'choice-changed') && e.choice === 'reject')
    .map((e) => e.t)
    .filter((t) => t >= answer.t && t - answer.t <= REFUSAL_EFFECT_MS);
  return recorded.length ? Math.min(...recorded) : answer.t;
}

/** When the run that `confirmed` belongs to answered the banner, or the confirmation's own time. Signals in time order. */
function answeredAt(confirmed: ConsentSignalRecord, signals: readonly ConsentSignalRecord[]): number {
  const command = confirmed.params.scenario === 'reject' ? 'opt-out' : 'opt-in';
  const answer = signals.filter((r) => r.signal === 'scenario' && r.command === command && r.t <= confirmed.t && r.params.run === confirmed.params.run).pop();
  return answer?.t ?? confirmed.t;
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
