import { useMemo, useState } from 'preact/hooks';
import type { Report } from '@/lib/report/types';
import { formatTime } from '@/lib/report/format';
import { firstPage, LIST_PAGE, storageRows } from '@/lib/report/group';
import { useI18n } from '../i18n';
import { ShowMore } from './ShowMore';

export interface StorageProps {
  report: Report;
}

export function Storage({ report }: StorageProps) {
  const { t, lang } = useI18n();
  const [limit, setLimit] = useState(LIST_PAGE);
  const rows = useMemo(() => storageRows(report), [report]);
  if (!rows.length) return <p class="muted">{t('storage.none')}</p>;
  const { shown, rest } = firstPage(rows, limit);
  return (
    <>
      <table data-testid="storage">
        <thead>
          <tr>
            <th scope="col" class="time">
              {t('list.time')}
            </th>
            <th scope="col">{t('storage.area')}</th>
            <th scope="col">{t('storage.origin')}</th>
            <th scope="col">{t('storage.key')}</th>
            <th scope="col">{t('cookies.vendor')}</th>
            <th scope="col">{t('storage.action')}</th>
            <th scope="col">{t('cookies.when')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.id}>
              <td>{formatTime(s.t, lang)}</td>
              <td>{s.area}</td>
              <td title={s.origin}>{s.origin}</td>
              <td title={s.key}>{s.key}</td>
              <td>{s.vendorName}</td>
              <td>{s.action}</td>
              <td>{t(`phase.${s.phase}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowMore rest={rest} onMore={() => setLimit(limit + LIST_PAGE)} />
    </>
  );
}
