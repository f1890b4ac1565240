import type { Report } from '@/lib/report/types';
import { purposesText } from '@/lib/report/consent-summary';
import { formatTime } from '@/lib/report/format';
import { captureLine, severityCounts, verdictOf } from '@/lib/report/verdict';
import { formatMessage } from '@/lib/i18n/message';
import { plural } from '@/lib/i18n/translate';
import { useI18n } from '../i18n';

export interface HeaderProps {
  report: Report;
  /** Where the full report of this visit opens; absent on the report page itself. */
  reportUrl?: string;
  onOpenReport?: (event: MouseEvent) => void;
}

export function Header({ report, reportUrl, onOpenReport }: HeaderProps) {
  const { t, lang } = useI18n();
  const verdict = verdictOf(report);
  const capture = captureLine(report, lang);
  const verdictText =
    verdict.kind === 'findings'
      ? plural(t, lang, 'verdict.findings', verdict.total, { serious: verdict.serious })
      : t(({ clean: 'verdict.clean', 'clean-observe': 'verdict.cleanObserve', observed: 'verdict.observed' } as const)[verdict.kind]);
  const { consent } = report;
  return (
    <header>
      <h1 title={report.page.url}>{report.page.site}</h1>
      {report.page.title && <p class="muted page-title">{report.page.title}</p>}
      <p class="verdict" data-testid="verdict">
        {verdictText}
      </p>
      <p class="overview" data-testid="summary">
        {report.overview.sentences.map((s) => (
          <span key={s.part} data-part={s.part}>
            {`${formatMessage(s.message, lang)} `}
          </span>
        ))}
      </p>
      <ul class="severities" aria-label={t('verdict.bySeverity')}>
        {severityCounts(report.findings)
          .filter(([, n]) => n > 0)
          .map(([severity, n]) => (
            <li key={severity} class={`sev sev-${severity}`} data-testid={`severity-${severity}`}>
              {n} {t(`severity.${severity}`)}
            </li>
          ))}
      </ul>
      <p class="muted" data-testid="consent">
        {consent.cmps.length ? t('consent.cmps', { cmps: consent.cmps.join(', ') }) : t('consent.noCmp')}
        {' · '}
        {consent.choice ? t('consent.choice', { choice: t(`choice.${consent.choice}`), time: formatTime(consent.choiceAt ?? 0, lang) }) : t('consent.noChoice')}
        {consent.state.purposes && <span data-testid="consent-purposes">{` (${purposesText(consent.state.purposes)})`}</span>}
        {' · '}
        {consent.events.length ? plural(t, lang, 'consent.signals', consent.events.length) : t('consent.noSignals')}
        {consent.inconclusive && (
          <>
            {' · '}
            <span class="warning">{t('consent.inconclusive', { reason: consent.inconclusive })}</span>
          </>
        )}
      </p>
      <dl class="counts" data-testid="counts">
        <div>
          <dt>{t('counts.requests')}</dt>
          <dd data-testid="count-requests">{report.summary.requests}</dd>
        </div>
        <div>
          <dt>{t('counts.thirdParty')}</dt>
          <dd data-testid="count-third-party">{report.summary.thirdPartyRequests}</dd>
        </div>
        <div>
          <dt>{t('counts.vendors')}</dt>
          <dd data-testid="count-vendors">{report.summary.vendors}</dd>
        </div>
        <div>
          <dt>{t('counts.cookies')}</dt>
          <dd data-testid="count-cookies">{report.summary.cookies}</dd>
        </div>
        <div>
          <dt>{t('counts.storage')}</dt>
          <dd data-testid="count-storage">{report.summary.storage}</dd>
        </div>
      </dl>
      <p class="muted">
        {t('header.scenario', { scenario: report.scenario })}
        {reportUrl && (
          <>
            {' · '}
            <a href={reportUrl} target="_blank" rel="noreferrer" onClick={onOpenReport} data-testid="open-report">
              {t('app.openReport')}
            </a>
          </>
        )}
      </p>
      {report.visit.dropped > 0 && <p class="warning">{plural(t, lang, 'header.dropped', report.visit.dropped)}</p>}
      {report.visit.truncated && (
        <p class="warning" data-testid="truncated">
          {t('header.truncated', { n: report.visit.truncated.lost })}
        </p>
      )}
      {report.visit.interrupted && <p class="warning">{t('header.interrupted', { to: report.visit.interrupted.to })}</p>}
      {capture && (
        <p class="warning" data-testid="capture-level">
          {capture}
        </p>
      )}
    </header>
  );
}
