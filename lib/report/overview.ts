import { formatMessage, type Message, msg } from '../i18n/message';
import type { Lang } from '../i18n/translate';
import type { Finding } from '../finding';
import type { Report, ReportOverview } from './types';

type OverviewInput = Pick<Report, 'findings' | 'consent' | 'scenario' | 'recorders' | 'masking' | 'canaries' | 'decodeLimits'>;

/**
 * What happened before the choice, after a refusal and during the masking test, in counts of vendors, and what was
 * not checked. Counts come from findings, so the overview accuses no more than the rules do; a check that did not run
 * says so, and is never worded as a clean result. Pure.
 */
export function overviewOf(report: OverviewInput, lang: Lang = 'en'): ReportOverview {
  const facts = { beforeChoice: beforeChoiceOf(report), refusal: refusalOf(report), masking: maskingOf(report) };
  const sentences: ReportOverview['sentences'] = [
    { part: 'before-choice', message: beforeChoiceMessage(facts.beforeChoice) },
    { part: 'refusal', message: refusalMessage(facts.refusal) },
    { part: 'masking', message: maskingMessage(facts.masking) },
  ].map((s) => ({ ...s, text: formatMessage(s.message, lang) }) as ReportOverview['sentences'][number]);
  return { ...facts, sentences };
}

/** The overview's sentences again, in `lang`. */
export function localizeOverview(overview: ReportOverview, lang: Lang): ReportOverview {
  return { ...overview, sentences: overview.sentences.map((s) => ({ ...s, text: formatMessage(s.message, lang) })) };
}

function beforeChoiceOf({ findings, consent }: OverviewInput): ReportOverview['beforeChoice'] {
  const prior = consent.choiceAt === 0 && consent.events.some((e) => e.prior);
  const status = prior ? 'not-observed' : !consent.cmps.length && consent.choice === undefined ? 'no-banner' : 'observed';
  if (status === 'not-observed') return { status, sent: 0, mayBeExempt: 0, stored: 0, recorded: 0, recordedUnverified: 0 };
  const trackers = findings.filter((f) => f.rule === 'tracker-before-consent');
  const accused = trackers.filter((f) => f.severity !== 'info');
  return {
    status,
    sent: vendorsOf(accused),
    mayBeExempt: vendorsOf(trackers.filter((f) => f.severity === 'info')),
    stored: vendorsOf([...findings.filter((f) => f.rule === 'cookie-before-consent'), ...accused.filter((f) => Number(f.evidence.details?.stored) > 0)]),
    ...recordings(findings, 'replay-before-consent'),
  };
}

function refusalOf({ findings, consent, scenario }: OverviewInput): ReportOverview['refusal'] {
  const counts = {
    sent: vendorsOf(findings.filter((f) => f.rule === 'tracker-after-refusal')),
    ...recordings(findings, 'replay-after-refusal'),
    consentStored: findings.some((f) => f.rule === 'consent-stored-despite-refusal'),
  };
  return { status: refusalStatus(consent, scenario), ...counts };
}

function refusalStatus({ choice, inconclusiveReasons }: OverviewInput['consent'], scenario: OverviewInput['scenario']): ReportOverview['refusal']['status'] {
  const unconfirmed = inconclusiveReasons.some((r) => r.kind === 'scenario-unconfirmed');
  if (scenario === 'reject' && choice === undefined) return 'not-answered';
  if ((scenario === 'reject' || choice === 'reject') && (unconfirmed || choice !== 'reject')) return 'unconfirmed';
  if (choice === 'reject') return 'tested';
  if (choice === 'partial') return 'partial';
  return choice === 'accept' && !unconfirmed ? 'accepted' : 'not-tested';
}

/**
 * Recorders of a replay rule's findings: `recorded` where a recording was delivered and proves it, `recordedUnverified`
 * where every upload was cut off before any response, and, after a refusal, `recordedAtAnswer` where every upload may
 * be the flush at the answer. Unproven recording is never counted as proven.
 */
function recordings(findings: readonly Finding[], rule: 'replay-before-consent' | 'replay-after-refusal') {
  const of = findings.filter((f) => f.rule === rule);
  const cutOff = of.filter((f) => f.evidence.details?.unverified === 'cut-off');
  const atAnswer = of.filter((f) => f.evidence.details?.unverified === 'at-answer');
  return {
    recorded: vendorsOf(of.filter((f) => f.evidence.details?.unverified === undefined)),
    recordedUnverified: vendorsOf(cutOff),
    ...(rule === 'replay-after-refusal' && { recordedAtAnswer: vendorsOf(atAnswer) }),
  };
}

function maskingOf({ findings, recorders, masking, canaries, decodeLimits }: OverviewInput): ReportOverview['masking'] {
  const fields = new Set(canaries.map((c) => `${c.frameId}|${c.selector}`)).size;
  const unmasked = new Set(findings.filter((f) => f.rule === 'replay-unmasked-input').map((f, i) => f.vendor?.id ?? `#${i}`));
  const proven = (vendor: string) => masking.filter((m) => m.vendor === vendor && m.proof === 'canary');
  const masked = recorders.filter((r) => !unmasked.has(r.vendor) && proven(r.vendor).length > 0 && proven(r.vendor).every((m) => m.verdict === 'masked'));
  return {
    status: canaries.length ? 'tested' : 'not-tested',
    fields,
    recorders: recorders.length,
    unmasked: unmasked.size,
    masked: canaries.length ? masked.length : 0,
    unverified: canaries.length ? recorders.filter((r) => !unmasked.has(r.vendor) && !masked.includes(r)).length : 0,
    otherRecipients: vendorsOf(findings.filter((f) => f.rule === 'form-data-leak')),
    notSearched: canaries.length ? decodeLimits.length : 0,
  };
}

function beforeChoiceMessage(facts: ReportOverview['beforeChoice']): Message {
  if (facts.status === 'not-observed') return msg('overview.before.notObserved');
  const parts = clauses([
    ['overview.sent', facts.sent],
    ['overview.stored', facts.stored],
    ['overview.recorded', facts.recorded],
    ['overview.recordedUnverified', facts.recordedUnverified ?? 0],
    ['overview.exempt', facts.mayBeExempt],
  ]);
  if (facts.status === 'no-banner') return parts ? msg('overview.before.noBanner', { parts }) : msg('overview.before.noBannerNone');
  return parts ? msg('overview.before.observed', { parts }) : msg('overview.before.observedNone');
}

function refusalMessage(facts: ReportOverview['refusal']): Message {
  const parts = clauses([
    ['overview.stillSent', facts.sent],
    ['overview.stillRecorded', facts.recorded],
    ['overview.stillRecordedUnverified', facts.recordedUnverified ?? 0],
    ['overview.flushedAtRefusal', facts.recordedAtAnswer ?? 0],
  ]);
  const all = facts.consentStored ? { list: [...(parts?.list ?? []), msg('overview.consentStored')], join: 'and' as const } : parts;
  switch (facts.status) {
    case 'tested':
      return all ? msg('overview.refusal.tested', { parts: all }) : msg('overview.refusal.testedNone');
    case 'partial':
      return all ? msg('overview.refusal.partial', { parts: all }) : msg('overview.refusal.partialNone');
    case 'unconfirmed':
      return msg('overview.refusal.unconfirmed');
    case 'not-answered':
      return msg('overview.refusal.notAnswered');
    case 'accepted':
      return msg('overview.refusal.accepted');
    case 'not-tested':
      return msg('overview.refusal.notTested');
  }
}

function maskingMessage(facts: ReportOverview['masking']): Message {
  if (facts.status === 'not-tested')
    return facts.recorders ? msg('overview.masking.notTestedRecorders', { n: facts.recorders }) : msg('overview.masking.notTested');
  const found = clauses([
    ['overview.unmasked', facts.unmasked],
    ['overview.leaked', facts.otherRecipients],
    ['overview.masked', facts.masked],
    ['overview.unverified', facts.unverified],
  ]);
  const list = [...(found?.list ?? [msg('overview.notFound')]), ...(clauses([['overview.notSearched', facts.notSearched]])?.list ?? [])];
  return msg('overview.masking.tested', { fields: msg('overview.fields', { n: facts.fields }), parts: { list, join: 'and' } });
}

type ClauseKey =
  | 'overview.sent'
  | 'overview.stored'
  | 'overview.recorded'
  | 'overview.recordedUnverified'
  | 'overview.exempt'
  | 'overview.stillSent'
  | 'overview.stillRecorded'
  | 'overview.stillRecordedUnverified'
  | 'overview.flushedAtRefusal'
  | 'overview.unmasked'
  | 'overview.leaked'
  | 'overview.masked'
  | 'overview.unverified'
  | 'overview.notSearched';

/** The clauses with a count above zero, as one list ("a, b and c"); undefined when none is. */
function clauses(counts: [ClauseKey, number][]): { list: Message[]; join: 'and' } | undefined {
  const list = counts.filter(([, n]) => n > 0).map(([key, n]) => msg(key, { n }));
  return list.length ? { list, join: 'and' } : undefined;
}

/** Distinct vendors among findings; each finding without a vendor counts as one. */
function vendorsOf(findings: readonly Finding[]): number {
  return new Set(findings.map((f, i) => f.vendor?.id ?? `#${i}`)).size;
}
