import type { Phase } from '../model';
import { cmpCandidates, FRAMEWORK_IDS } from './cmp-ids';

/**
 * `script`: a consent manager's own script or globals were seen (classified by the vendor database); never a choice.
 * `banner`: the content script saw a consent banner in the DOM (a manager the product may not know); never a choice.
 */
export const CONSENT_EVENT_SOURCES = ['autoconsent', 'tcf', 'consent-mode', 'cmp-storage', 'scenario', 'script', 'banner'] as const;
export type ConsentEventSource = (typeof CONSENT_EVENT_SOURCES)[number];
export const CONSENT_EVENT_KINDS = ['cmp-detected', 'banner-shown', 'choice', 'choice-changed', 'revoked'] as const;
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];
export type ConsentChoice = 'accept' | 'reject' | 'partial';

export interface ConsentEvent {
  /** Milliseconds since the visit started. */
  t: number;
  source: ConsentEventSource;
  kind: ConsentEventKind;
  cmp?: string;
  /** For choice events; a choice event without one leaves the phase `unknown`. */
  choice?: ConsentChoice;
  purposes?: Record<string, boolean>;
  /** The choice was stored before the visit began (TCF `tcloaded`, a consent cookie on arrival): it holds from the start. */
  prior?: boolean;
}

/** Why the consent evidence of a visit does not support a verdict. */
export type InconclusiveReason =
  | { kind: 'several-cmps'; cmps: string[] }
  | { kind: 'choice-flipped'; t: number; from: ConsentChoice | 'unknown'; to: ConsentChoice | 'unknown'; source: ConsentEventSource }
  | { kind: 'banner-after-choice'; t: number; source: ConsentEventSource }
  | { kind: 'unreadable'; t: number; source: ConsentEventSource; detail: string }
  | { kind: 'scenario-unconfirmed'; t: number; scenario: string; detail: string }
  | { kind: 'cmp-not-loaded'; t: number; cmp: string; detail: string };

export interface ConsentTimeline {
  /** Merged, deduplicated events in time order; a choice that replaces an earlier one has kind `choice-changed`. */
  events: ConsentEvent[];
  /** CMP ids seen (frameworks excluded), first seen first. */
  cmps: string[];
  /** The first choice that held, with its time (0 when it was stored before the visit). */
  choiceAt?: number;
  choice?: ConsentChoice;
  /** Phase changes in time order; before the first one the phase is `before-choice` (or `no-cmp` with no events). */
  transitions: { t: number; phase: Phase }[];
  inconclusive: InconclusiveReason[];
}

/**
 * The cmp id of a consent banner whose manager no rule, reader or vendor file names (seen by the banner detector or
 * autoconsent's heuristics). It stands in `cmps` only when no named consent manager was seen in the visit.
 */
export const UNKNOWN_CMP = 'unknown';

/** Events of the same kind and choice from different sources within this window are one event. */
export const DEDUPE_WINDOW_MS = 2_000;

/**
 * Merges consent events from several sources into one timeline. Sources are ranked: our own actions (scenario,
 * autoconsent) over what the CMP says (TCF, CMP storage) over Google Consent Mode. A later choice that contradicts the
 * current one replaces it only when it comes from a source at least as trusted, or when a banner was shown in between
 * (the visitor could choose again); otherwise it is recorded as an inconclusive reason and does not change the phase.
 */
export function buildTimeline(...sources: readonly (readonly ConsentEvent[])[]): ConsentTimeline {
  const valid = sources.flat().filter(isValidEvent);
  // A named consent manager explains the banner: the unknown one's sightings and generic readings are then its own.
  // Our scenario's choice stays (it answered whichever banner it found).
  const hasNamed = valid.some((e) => e.cmp !== undefined && e.cmp !== UNKNOWN_CMP && cmpCandidates(e.cmp).some((c) => !FRAMEWORK_IDS.includes(c)));
  const sorted = valid
    .filter((e) => !hasNamed || e.cmp !== UNKNOWN_CMP || e.source === 'scenario')
    .map((e, i) => ({ e, i }))
    .sort((a, b) => when(a.e) - when(b.e) || RANK[b.e.source] - RANK[a.e.source] || a.i - b.i)
    .map(({ e }) => e);

  const events: ConsentEvent[] = [];
  const inconclusive: InconclusiveReason[] = [];
  const transitions: { t: number; phase: Phase }[] = [];
  const cmpGroups: string[][] = [];
  let state: { choice: ConsentChoice | 'unknown'; rank: number } | undefined;
  let phase: Phase = 'before-choice';
  let reopened = false;
  let first: { t: number; choice?: ConsentChoice } | undefined;
  let unknown = false;

  for (const event of sorted) {
    if (event.cmp === UNKNOWN_CMP) unknown = true;
    else if (event.cmp) noteCmp(cmpGroups, event.cmp);
    if (isDuplicate(events, event)) continue;
    switch (event.kind) {
      case 'cmp-detected':
        events.push(event);
        break;
      case 'banner-shown':
        // Only our own scenario opens the banner on purpose; autoconsent merely reports the banner the page showed
        // (once per frame and visit), so its sighting after a choice, e.g. a refusal stored before the visit, counts.
        if (state && event.source !== 'scenario' && !reopened) inconclusive.push({ kind: 'banner-after-choice', t: event.t, source: event.source });
        if (state) reopened = true;
        events.push(event);
        break;
      case 'choice':
      case 'choice-changed':
      case 'revoked': {
        const choice = event.kind === 'revoked' ? 'reject' : (event.choice ?? 'unknown');
        if (state && state.choice === choice && event.kind !== 'revoked') break;
        if (state && !reopened && RANK[event.source] < state.rank) {
          inconclusive.push({ kind: 'choice-flipped', t: event.t, from: state.choice, to: choice, source: event.source });
          events.push(event);
          break;
        }
        if (state && !reopened && !isActor(event.source) && event.kind !== 'revoked') {
          inconclusive.push({ kind: 'choice-flipped', t: event.t, from: state.choice, to: choice, source: event.source });
        }
        const next = nextPhase(phase, event.kind === 'revoked' ? 'revoked' : choice);
        events.push(state && event.kind === 'choice' ? { ...event, kind: 'choice-changed' } : event);
        if (!first) first = { t: at(event), ...(choice !== 'unknown' && { choice }) };
        if (next !== phase) transitions.push({ t: at(event), phase: next });
        phase = next;
        state = { choice, rank: RANK[event.source] };
        reopened = false;
        break;
      }
    }
  }
  const named = cmpGroups.map((group) => group[0] ?? '').filter(Boolean);
  const cmps = named.length || !unknown ? named : [UNKNOWN_CMP];
  if (cmps.length > 1) inconclusive.unshift({ kind: 'several-cmps', cmps });
  return { events, cmps, ...(first && { choiceAt: first.t }), ...(first?.choice && { choice: first.choice }), transitions, inconclusive };
}

/**
 * The consent phase at `t` (ms since the visit started); a choice applies from its own time on. The one phase
 * function: the analysis stamps every record with it once (lib/scan/build.ts).
 */
export function phaseAt(input: readonly ConsentEvent[] | Pick<ConsentTimeline, 'events' | 'transitions'>, t: number): Phase {
  const timeline = isTimeline(input) ? input : buildTimeline(input);
  if (!timeline.events.length) return 'no-cmp';
  let phase: Phase = 'before-choice';
  for (const transition of timeline.transitions) {
    if (transition.t > t) break;
    phase = transition.phase;
  }
  return phase;
}

const RANK: Record<ConsentEventSource, number> = { scenario: 3, autoconsent: 3, tcf: 2, 'cmp-storage': 2, 'consent-mode': 1, banner: 0, script: 0 };

function isActor(source: ConsentEventSource): boolean {
  return source === 'scenario' || source === 'autoconsent';
}

/** Sort key: a choice stored before the visit comes before everything seen in it. */
function when(event: ConsentEvent): number {
  return isPrior(event) ? Number.NEGATIVE_INFINITY : event.t;
}

/** Time a choice takes effect: the start of the visit for a stored one. */
function at(event: ConsentEvent): number {
  return isPrior(event) ? 0 : event.t;
}

function isPrior(event: ConsentEvent): boolean {
  return !!event.prior && event.kind !== 'banner-shown' && event.kind !== 'cmp-detected';
}

function nextPhase(current: Phase, choice: ConsentChoice | 'unknown' | 'revoked'): Phase {
  switch (choice) {
    case 'accept':
    case 'partial':
      return 'after-accept';
    case 'revoked':
      return 'after-revocation';
    case 'reject':
      return current === 'after-accept' || current === 'after-revocation' ? 'after-revocation' : 'after-refusal';
    case 'unknown':
      return 'unknown';
  }
}

function isDuplicate(kept: readonly ConsentEvent[], event: ConsentEvent): boolean {
  if (event.kind === 'cmp-detected') return kept.some((e) => e.kind === 'cmp-detected' && sameCmp(e.cmp, event.cmp));
  return kept.some((e) => e.kind === event.kind && e.choice === event.choice && e.source !== event.source && Math.abs(at(e) - at(event)) <= DEDUPE_WINDOW_MS);
}

function sameCmp(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return a === b;
  const left = cmpCandidates(a);
  return cmpCandidates(b).some((c) => left.includes(c));
}

/** Groups names that may stand for the same CMP; frameworks are left out. */
function noteCmp(groups: string[][], name: string): void {
  const candidates = cmpCandidates(name).filter((c) => !FRAMEWORK_IDS.includes(c));
  if (!candidates.length) return;
  const group = groups.find((g) => g.some((c) => candidates.includes(c)));
  if (!group) {
    groups.push([...candidates]);
    return;
  }
  // Narrow an ambiguous group (autoconsent's "Complianz optin") to what both names allow.
  const common = group.filter((c) => candidates.includes(c));
  group.splice(0, group.length, ...common);
}

function isTimeline(
  input: readonly ConsentEvent[] | Pick<ConsentTimeline, 'events' | 'transitions'>,
): input is Pick<ConsentTimeline, 'events' | 'transitions'> {
  return !Array.isArray(input);
}

function isValidEvent(event: ConsentEvent): boolean {
  return (
    !!event &&
    typeof event.t === 'number' &&
    Number.isFinite(event.t) &&
    (CONSENT_EVENT_SOURCES as readonly string[]).includes(event.source) &&
    (CONSENT_EVENT_KINDS as readonly string[]).includes(event.kind)
  );
}
