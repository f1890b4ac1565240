import { useMemo, useState } from 'preact/hooks';
import type { Report } from '@/lib/report/types';
import { formatLifetime, formatTime } from '@/lib/report/format';
import { cookieRows, firstPage, LIST_PAGE } from '@/lib/report/group';
import { useI18n } from '../i18n';
import { ShowMore } from './ShowMore';

export interface CookiesProps {
  report: Report;
}

export function Cookies({ report }: CookiesProps) {
  const { t, lang } = useI18n();
  const [limit, setLimit] = useState(LIST_PAGE);
  const rows = useMemo(() => cookieRows(report), [report]);
  if (!rows.length) return <p class="muted">{t('cookies.none')}</p>;
  const { shown, rest } = firstPage(rows, limit);
  return (
    <>
      <table data-testid="cookies">
        <thead>
          <tr>
            <th scope="col" class="time">
              {t('list.time')}
            </th>
            <th scope="col">{t('cookies.name')}</th>
            <th scope="col">{t('cookies.vendor')}</th>
            <th scope="col">{t('cookies.party')}</th>
            <th scope="col">{t('cookies.lifetime')}</th>
            <th scope="col">{t('cookies.when')}</th>
            <th scope="col">{t('cookies.via')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.id} class={c.party}>
              <td>{formatTime(c.t, lang)}</td>
              <td title={c.domain}>{c.removed ? <s title={t('cookies.removed')}>{c.name}</s> : c.name}</td>
              <td>{c.vendor}</td>
              <td>{t(`party.${c.party}`)}</td>
              <td class={c.longLived ? 'flag' : ''}>
                {c.via === 'jar' ? t('cookies.earlierVisit') : formatLifetime(c.declaredLifetime, lang)}
                {c.longLived && <span class="tag">{t('cookies.longLived')}</span>}
              </td>
              <td class={c.beforeChoice ? 'flag' : ''}>{t(`phase.${c.phase}`)}</td>
              <td>{c.via}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowMore rest={rest} onMore={() => setLimit(limit + LIST_PAGE)} />
    </>
  );
}
