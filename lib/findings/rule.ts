import { factsOf, isAfterRefusal, type Scan, urlOf } from '../scan/scan';
import type { Vendor } from '../classify/vendor';
import type { RecorderActivity } from '../replay/detect';
import type { EvidenceRecord, Phase, Severity } from '../model';
import type { Finding } from '../finding';
import { durationMessage, formatMessage, type Message, msg, relativeToChoiceMessage } from '../i18n/message';
import { inconclusiveMessages } from './inconclusive';
import { type Reference, referenceIn } from './references';

export { REFERENCES } from './references';

/** One detection rule: `id` equals its file name under rules/, and `check` is pure. */
export interface Rule<Id extends string = string> {
  id: Id;
  /** The default severity; a check may raise or lower it per finding and says why in the title. */
  severity: Severity;
  references: Reference[];
  check(scan: Scan): Finding[];
}

/** Declares a rule, keeping its id as a literal type: the registry's ids are the `RuleId` union. */
export function defineRule<const Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}

/** Rules whose verdict rests on the consent timeline: only these become inconclusive when the timeline is. */
const CONSENT_RULES: ReadonlySet<string> = new Set([
  'replay-before-consent',
  'vendor-loaded-only',
  'replay-after-refusal',
  'tracker-before-consent',
  'tracker-after-refusal',
  'cookie-before-consent',
  'no-consent-mechanism',
  'consent-stored-despite-refusal',
]);

/** A finding with the evidence of up to `limit` records. */
export function makeFinding(
  rule: Rule,
  scan: Scan,
  records: readonly EvidenceRecord[],
  fields: {
    title: Message;
    phase: Phase;
    fix: Message;
    vendor?: Vendor;
    severity?: Severity;
    details?: Record<string, unknown>;
    limit?: number;
    /** Why the evidence itself proves less than the rule claims (an upload cut off before any response): `confidence: low`. */
    unverified?: Message;
  },
): Finding {
  const shown = records.slice(0, fields.limit ?? 10);
  const choiceAt = scan.consent.choiceAt;
  const when = shown[0] && (relativeToChoiceMessage(shown[0].t, choiceAt) ?? msg('time.noChoice', { time: durationMessage(shown[0].t) }));
  const reasons = [...(CONSENT_RULES.has(rule.id) ? inconclusiveMessages(scan.consent) : []), ...(fields.unverified ? [fields.unverified] : [])];
  const inconclusive = reasons.length ? reasons.map((m) => formatMessage(m, 'en')).join(' ') : undefined;
  return {
    rule: rule.id,
    severity: fields.severity ?? rule.severity,
    title: formatMessage(fields.title, 'en'),
    ...(fields.vendor && { vendor: { id: fields.vendor.id, name: fields.vendor.name } }),
    phase: fields.phase,
    evidence: {
      records: shown.map((r) => r.id),
      urls: [...new Set(shown.flatMap((r) => urlOf(r) ?? []))],
      times: shown.map((r) => r.t),
      ...(choiceAt !== undefined && { relativeToChoice: shown.map((r) => r.t - choiceAt) }),
      ...(when && { when: formatMessage(when, 'en') }),
      ...((fields.details || records.length > shown.length) && { details: { ...fields.details, totalRecords: records.length } }),
    },
    // Copies: a report must be a tree (shared objects do not survive every serialisation, e.g. WebDriver BiDi).
    references: rule.references.map((reference) => referenceIn(reference.id, 'en')),
    fix: formatMessage(fields.fix, 'en'),
    ...(inconclusive && { inconclusive }),
    confidence: inconclusive ? 'low' : 'high',
    messages: { title: fields.title, fix: fields.fix, ...(when && { when }), ...(reasons.length && { inconclusive: reasons }) },
  };
}

/** "received data", "received data and stored identifiers": what the evidence shows the vendor doing. */
export function activityMessage({ sent, stored }: { sent: number; stored: number }): Message {
  if (sent && stored) return msg('activity.both');
  return msg(sent ? 'activity.sent' : 'activity.stored');
}

/** A vendor category as it reads inside a sentence. */
export function categoryMessage(category: Vendor['category']): Message {
  return msg(`categoryInline.${category}`);
}

/** Session-replay vendors that sent recordings in the phases `inPhase` accepts. */
export function recordedIn(scan: Scan, inPhase: (phase: Phase) => boolean): Set<string> {
  const recorders = scan.recorders.filter(
    (r) => r.vendor.category === 'session-replay' && r.ingest.some((i) => inPhase(scan.facts.get(i.id)?.phase ?? 'unknown')),
  );
  return new Set(recorders.map((r) => r.vendor.id));
}

/**
 * A recorder's recording uploads in a phase: the delivered ones, or else, when every one was cut off before any
 * response, those, with `unverified` saying they prove it was recording, not that its vendor received the recording.
 * Empty `records`: no recording in that phase.
 */
export function recordingsIn(recorder: RecorderActivity, inPhase: (record: EvidenceRecord) => boolean): Recordings {
  const delivered = recorder.ingest.filter(inPhase);
  if (delivered.length) return { records: delivered };
  const records = recorder.cutOff.filter(inPhase);
  const first = records[0];
  if (!first) return { records };
  return {
    records,
    unverified: msg('inconclusive.cut-off', { vendor: recorder.vendor.name, n: records.length, t: Math.round(first.t) }),
    kind: 'cut-off',
  };
}

export interface Recordings {
  records: EvidenceRecord[];
  /** Why they prove less than recording in the phase, when they do. */
  unverified?: Message;
  /** `cut-off`: every upload cut off before any response; `at-answer`: every upload a possible flush at the refusal. */
  kind?: 'cut-off' | 'at-answer';
}

/**
 * How long after the refusal an upload may carry only what was recorded before it. Recorders flush their buffer on a
 * click, the click on "Reject all" among them, and compress it first, often in a worker: highlight.run's flush left
 * 29 ms after the click in our precision suite (docs/consent-and-findings.md, "What each rule needs").
 */
export const FLUSH_AFTER_REFUSAL_MS = 1_000;

/**
 * A recorder's recording uploads after a refusal, as `recordingsIn`, and one more case that proves less: every
 * delivered upload left within `FLUSH_AFTER_REFUSAL_MS` of a refusal made during the visit, and nothing was recorded
 * later although the visitor went on (the audits scroll, click and leave the page). That may be the flush of what was
 * recorded before the choice (`kind: 'at-answer'`). A refusal stored before the visit has no such grace: the
 * recorder started after it.
 */
export function recordingsAfterRefusal(scan: Pick<Scan, 'consent' | 'facts'>, recorder: RecorderActivity): Recordings {
  const found = recordingsIn(recorder, (r) => isAfterRefusal(factsOf(scan, r).phase));
  const first = found.records[0];
  if (found.kind || !first) return found;
  const refusals = scan.consent.transitions.filter((x) => isAfterRefusal(x.phase));
  let at: number | undefined;
  for (const upload of found.records) {
    const refusal = refusals.filter((x) => x.t <= upload.t).at(-1);
    if (!refusal || refusal.t <= 0 || upload.t - refusal.t >= FLUSH_AFTER_REFUSAL_MS) return found;
    at ??= refusal.t;
  }
  if (at === undefined) return found;
  const unverified = msg('inconclusive.at-answer', { vendor: recorder.vendor.name, n: found.records.length, ms: Math.round(first.t - at) });
  return { ...found, unverified, kind: 'at-answer' };
}
