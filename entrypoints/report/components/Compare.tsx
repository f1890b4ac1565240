import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Report } from '@/lib/report/types';
import { diffReports, isUnchanged } from '@/lib/report/diff';
import { useI18n } from '@/lib/ui/i18n';
import { send } from '@/lib/messages';

export interface CompareProps {
  current: Report;
  otherVisitId: string;
}

/** What changed between the other scan and this one, earlier scan first: vendors, findings, cookies. */
export function Compare({ current, otherVisitId }: CompareProps) {
  const { t, lang } = useI18n();
  const [other, setOther] = useState<Report | undefined>();
  useEffect(() => {
    void (async () => {
      const response = await send(browser.runtime, { type: 'get-report', visitId: otherVisitId, lang });
      setOther(response.ok ? response.report : undefined);
    })().catch((error: unknown) => console.error('[consent-inspector] compare', error));
  }, [otherVisitId]);
  if (!other) return null;
  const otherFirst = other.visit.startedAt <= current.visit.startedAt;
  const diff = otherFirst ? diffReports(other, current) : diffReports(current, other);
  const rows: [string, string[], string[]][] = [
    [t('report.vendors'), diff.vendors.added.map((v) => v.name), diff.vendors.removed.map((v) => v.name)],
    [t('report.findingsDiff'), diff.findings.added.map((f) => f.title), diff.findings.removed.map((f) => f.title)],
    [t('report.cookiesDiff'), diff.cookies.added.map((c) => `${c.name} (${c.domain})`), diff.cookies.removed.map((c) => `${c.name} (${c.domain})`)],
  ];
  const list = (items: string[]) =>
    items.length ? (
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    ) : (
      <span class="muted">—</span>
    );
  return (
    <section class="compare" aria-labelledby="compare-heading" data-testid="compare-result">
      <h2 id="compare-heading">{t('report.compareTitle', { date: new Date(Date.parse(other.visit.startedAt)).toLocaleString(lang) })}</h2>
      {isUnchanged(diff) ? (
        <p>{t('report.noChange')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">{t('report.added')}</th>
              <th scope="col">{t('report.removed')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, added, removed]) => (
              <tr key={label} data-diff={label}>
                <th scope="row">{label}</th>
                <td data-testid="added">{list(added)}</td>
                <td data-testid="removed">{list(removed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
