import { type Scan, urlOf } from '../scan/scan';
import type { Vendor } from '../classify/vendor';
import { durationText, inconclusiveText, relativeToChoiceText } from '../consent/detect-consent';
import type { EvidenceRecord, Phase, Severity } from '../model';
import type { Finding } from '../finding';

export interface Reference {
  title: string;
  url?: string;
}

/** One detection rule: `id` equals its file name under rules/, and `check` is pure. */
export interface Rule<Id extends string = string> {
  id: Id;
  title: string;
  /** The default severity; a check may raise or lower it per finding and says why in the title. */
  severity: Severity;
  references: Reference[];
  check(scan: Scan): Finding[];
}

/** Declares a rule, keeping its id as a literal type: the registry's ids are the `RuleId` union. */
export function defineRule<const Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}

export const REFERENCES = {
  eprivacy53: {
    title: 'ePrivacy Directive 2002/58/EC, art. 5(3): prior consent to store or read information on the device',
    url: 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32002L0058',
  },
  gdpr6: { title: 'GDPR art. 6(1)(a): consent as the legal basis', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
  gdpr7: { title: 'GDPR art. 7: conditions for consent, including withdrawal as easy as giving it', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
  gdpr5c: { title: 'GDPR art. 5(1)(c): data minimisation', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
  gdpr9: { title: 'GDPR art. 9: special categories of personal data', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
  cnil2020: {
    title: 'CNIL guidelines and recommendation on cookies and other trackers (17 September 2020)',
    url: 'https://www.cnil.fr/en/cookies-and-other-trackers',
  },
  cnilExemption: {
    title: 'CNIL: audience measurement trackers exempt from consent (13-month lifetime, no cross-site tracking, anonymised use)',
    url: 'https://www.cnil.fr/en/cookies-solutions-audience-measurement',
  },
  cnilReplay2026: {
    title: 'CNIL draft recommendation on session replay tools (February 2026): prior consent, inputs masked by default, sampling, short retention',
  },
  edpbReplay: { title: 'EDPB and EU DPAs: session replay cannot rely on legitimate interest' },
} satisfies Record<string, Reference>;

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
  fields: { title: string; phase: Phase; fix: string; vendor?: Vendor; severity?: Severity; details?: Record<string, unknown>; limit?: number },
): Finding {
  const shown = records.slice(0, fields.limit ?? 10);
  const choiceAt = scan.consent.choiceAt;
  const when = shown[0] && (relativeToChoiceText(shown[0].t, choiceAt) ?? `${durationText(shown[0].t)} into the visit; no choice was made`);
  const inconclusive = CONSENT_RULES.has(rule.id) ? inconclusiveText(scan.consent) : undefined;
  return {
    rule: rule.id,
    severity: fields.severity ?? rule.severity,
    title: fields.title,
    ...(fields.vendor && { vendor: { id: fields.vendor.id, name: fields.vendor.name } }),
    phase: fields.phase,
    evidence: {
      records: shown.map((r) => r.id),
      urls: [...new Set(shown.flatMap((r) => urlOf(r) ?? []))],
      times: shown.map((r) => r.t),
      ...(choiceAt !== undefined && { relativeToChoice: shown.map((r) => r.t - choiceAt) }),
      ...(when && { when }),
      ...((fields.details || records.length > shown.length) && { details: { ...fields.details, totalRecords: records.length } }),
    },
    // Copies: a report must be a tree (shared objects do not survive every serialisation, e.g. WebDriver BiDi).
    references: rule.references.map((reference) => ({ ...reference })),
    fix: fields.fix,
    ...(inconclusive && { inconclusive }),
    confidence: inconclusive ? 'low' : 'high',
  };
}

/** "received data", "received data and stored identifiers": what the evidence shows the vendor doing. */
export function activityText({ sent, stored }: { sent: number; stored: number }): string {
  if (sent && stored) return 'received data and stored identifiers';
  return sent ? 'received data' : 'stored identifiers';
}

/** Session-replay vendors that sent recordings in the phases `inPhase` accepts. */
export function recordedIn(scan: Scan, inPhase: (phase: Phase) => boolean): Set<string> {
  const recorders = scan.recorders.filter(
    (r) => r.vendor.category === 'session-replay' && r.ingest.some((i) => inPhase(scan.facts.get(i.id)?.phase ?? 'unknown')),
  );
  return new Set(recorders.map((r) => r.vendor.id));
}
