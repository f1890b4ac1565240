import { useState } from 'preact/hooks';
import type { Visit } from '@/lib/model';
import { groupVisitsBySite } from '@/lib/report/history';
import { useI18n } from '@/lib/ui/i18n';

export interface HistoryProps {
  visits: readonly Visit[];
  currentVisitId?: string;
  currentSite?: string;
  compareWith?: string;
  /** The retention settings, which bound what the history can hold. */
  retention?: { days: number; visits: number };
  onOpen: (visitId: string) => void;
  onCompare: (visitId: string) => void;
  /** `undefined` deletes every stored scan. */
  onDelete: (visitId: string | undefined) => void;
}

/** Stored scans by site, the current site first; each can be opened, compared with the current one, or deleted. */
export function History({ visits, currentVisitId, currentSite, compareWith, retention, onOpen, onCompare, onDelete }: HistoryProps) {
  const { t, lang } = useI18n();
  // Deleting takes two clicks: the first one asks, in place.
  const [pending, setPending] = useState<string | undefined>();
  const groups = groupVisitsBySite(visits);
  const ordered = [...groups.filter((g) => g.site === currentSite), ...groups.filter((g) => g.site !== currentSite)];
  return (
    <nav aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{t('report.history')}</h2>
      {retention && (
        <p class="muted" data-testid="retention">
          {t('report.retention', { days: retention.days, visits: retention.visits })}
        </p>
      )}
      {!ordered.length && <p class="muted">{t('report.noHistory')}</p>}
      {ordered.map((group) => (
        <section key={group.site} aria-label={group.site}>
          <h3>{group.site}</h3>
          <ul class="history">
            {group.visits.map((visit) => {
              const date = new Date(visit.startedAt).toLocaleString(lang);
              const isCurrent = visit.id === currentVisitId;
              return (
                <li key={visit.id} class={isCurrent ? 'current' : ''} data-visit={visit.id}>
                  <span title={visit.url}>
                    {date} · {visit.scenario ?? 'observe'}
                    {isCurrent && <strong> · {t('report.current')}</strong>}
                  </span>
                  <span class="row-actions">
                    {!isCurrent && (
                      <button type="button" onClick={() => onOpen(visit.id)} aria-label={`${t('report.open')} ${date}`}>
                        {t('report.open')}
                      </button>
                    )}
                    {!isCurrent && currentVisitId && (
                      <button
                        type="button"
                        aria-pressed={compareWith === visit.id}
                        onClick={() => onCompare(visit.id)}
                        aria-label={`${t('report.compare')} ${date}`}
                        data-testid="compare"
                      >
                        {t('report.compare')}
                      </button>
                    )}
                    {pending === visit.id ? (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => {
                          setPending(undefined);
                          onDelete(visit.id);
                        }}
                        data-testid="confirm-delete"
                      >
                        {t('report.confirmDelete')}
                      </button>
                    ) : (
                      <button type="button" onClick={() => setPending(visit.id)} aria-label={`${t('report.delete')} ${date}`} data-testid="delete">
                        {t('report.delete')}
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {ordered.length > 0 &&
        (pending === 'all' ? (
          <button
            type="button"
            class="danger"
            onClick={() => {
              setPending(undefined);
              onDelete(undefined);
            }}
          >
            {t('report.confirmDelete')}
          </button>
        ) : (
          <button type="button" onClick={() => setPending('all')}>
            {t('report.deleteAll')}
          </button>
        ))}
    </nav>
  );
}
