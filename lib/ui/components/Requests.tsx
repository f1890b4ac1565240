import { useMemo, useState } from 'preact/hooks';
import type { Report } from '@/lib/report/types';
import { formatTime } from '@/lib/report/format';
import { firstPage, LIST_PAGE, vendorNamer } from '@/lib/report/group';
import { useI18n } from '../i18n';
import { ShowMore } from './ShowMore';

export interface RequestsProps {
  report: Report;
}

/** Every request, a page at a time, so a visit with thousands of them opens at once. */
export function Requests({ report }: RequestsProps) {
  const { t, lang } = useI18n();
  const [limit, setLimit] = useState(LIST_PAGE);
  const name = useMemo(() => vendorNamer(report), [report]);
  const { shown, rest } = firstPage(report.requests, limit);
  return (
    <>
      <table data-testid="requests">
        <thead>
          <tr>
            <th scope="col" class="time">
              {t('list.time')}
            </th>
            <th scope="col">{t('cookies.party')}</th>
            <th scope="col">{t('cookies.vendor')}</th>
            <th scope="col">{t('requests.type')}</th>
            <th scope="col" class="url">
              {t('requests.url')}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} class={r.party}>
              <td>{formatTime(r.t, lang)}</td>
              <td>{t(`party.${r.party}`)}</td>
              <td>{name(r.vendor)}</td>
              <td>{r.type}</td>
              <td class="url" title={r.url}>
                {r.method !== 'GET' ? `${r.method} ` : ''}
                {r.url}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowMore rest={rest} onMore={() => setLimit(limit + LIST_PAGE)} />
    </>
  );
}
