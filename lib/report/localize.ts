import type { Finding } from '../finding';
import { isReferenceId, referenceIn } from '../findings/references';
import { formatMessage } from '../i18n/message';
import type { Lang } from '../i18n/translate';
import type { Report } from './types';
import { localizeOverview } from './overview';

/**
 * The report with its texts in `lang`: the overview's sentences, findings (title, fix, when, inconclusive, references)
 * and the consent timeline's inconclusive reasons are rendered again from their message keys. Ids, keys and data are unchanged.
 */
export function localizeReport(report: Report, lang: Lang): Report {
  if (report.lang === lang) return report;
  const reasons = report.consent.inconclusiveReasons.map((r) => (r.message ? { ...r, text: formatMessage(r.message, lang) } : r));
  const inconclusive = reasons.map((r) => r.text).join(' ');
  return {
    ...report,
    lang,
    ...(report.overview && { overview: localizeOverview(report.overview, lang) }),
    consent: { ...report.consent, inconclusiveReasons: reasons, ...(inconclusive && { inconclusive }) },
    findings: report.findings.map((f) => localizeFinding(f, lang)),
  };
}

export function localizeFinding<Rule extends string>(finding: Finding<Rule>, lang: Lang): Finding<Rule> {
  const { messages } = finding;
  const references = finding.references.map((r) => (r.id && isReferenceId(r.id) ? referenceIn(r.id, lang) : r));
  if (!messages) return { ...finding, references };
  const when = messages.when && formatMessage(messages.when, lang);
  const inconclusive = messages.inconclusive?.map((m) => formatMessage(m, lang)).join(' ');
  return {
    ...finding,
    title: formatMessage(messages.title, lang),
    fix: formatMessage(messages.fix, lang),
    evidence: { ...finding.evidence, ...(when && { when }) },
    references,
    ...(inconclusive && { inconclusive }),
  };
}
