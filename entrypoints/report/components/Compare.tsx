import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Report } from '@/lib/report/types';
import type { ImportedReport } from '@/lib/report/import';
import { type Comparable, diffReports, isUnchanged } from '@/lib/report/diff';
import type { Lang } from '@/lib/i18n/translate';
import { useI18n } from '@/lib/ui/i18n';
import { send } from '@/lib/messages';

export interface CompareProps {
  current: Report;
  otherVisitId: string;
}

/** What changed between another stored scan and this one, earlier scan first: vendors, findings, cookies. */
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
  const date = new Date(Date.parse(other.visit.startedAt)).toLocaleString(lang);
  return <Differences current={current} other={other} otherStartedAt={other.visit.startedAt} title={t('report.compareTitle', { date })} />;
}

/**
 * The same for a report read back from an exported file (`lib/report/import.ts`). Its findings are matched by rule
 * and vendor only: another version may word its titles otherwise, and the file may be in another language.
 */
export function CompareWithFile({ current, other, name }: { current: Report; other: ImportedReport; name: string }) {
  const { t, lang } = useI18n();
  const date = new Date(Date.parse(other.startedAt)).toLocaleString(lang);
  return (
    <Differences
      current={current}
      other={other}
      otherStartedAt={other.startedAt}
      byTitle={false}
      otherLang={other.lang}
      title={t('report.compareFileTitle', { date, file: name })}
      note={t('report.compareFileNote', { url: other.url, version: other.version ?? '?' })}
    />
  );
}

interface DifferencesProps {
  current: Report;
  other: Comparable;
  otherStartedAt: string;
  title: string;
  note?: string;
  byTitle?: boolean;
  /** The language of the other report's texts (an exported file may be in another language than this page). */
  otherLang?: Lang;
}

function Differences({ current, other, otherStartedAt, title, note, byTitle = true, otherLang }: DifferencesProps) {
  const { t, lang } = useI18n();
  const otherFirst = Date.parse(otherStartedAt) <= Date.parse(current.visit.startedAt);
  const diff = otherFirst ? diffReports(other, current, { byTitle }) : diffReports(current, other, { byTitle });
  // Titles of findings are the reports' own texts: the other report's, when in another language, are marked so (for
  // screen readers and translation). They are in the column of what only it has.
  const titlesLang = otherLang && otherLang !== lang ? otherLang : undefined;
  const rows: [string, string[], string[], Lang?][] = [
    [t('report.vendors'), diff.vendors.added.map((v) => v.name), diff.vendors.removed.map((v) => v.name)],
    [t('report.findingsDiff'), diff.findings.added.map((f) => f.title), diff.findings.removed.map((f) => f.title), titlesLang],
    [t('report.cookiesDiff'), diff.cookies.added.map((c) => `${c.name} (${c.domain})`), diff.cookies.removed.map((c) => `${c.name} (${c.domain})`)],
  ];
  const list = (items: string[], itemsLang?: Lang) =>
    items.length ? (
      <ul lang={itemsLang}>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    ) : (
      <span class="muted">—</span>
    );
  return (
    <section class="compare" aria-labelledby="compare-heading" data-testid="compare-result">
      <h2 id="compare-heading">{title}</h2>
      {note && <p class="muted">{note}</p>}
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
            {rows.map(([label, added, removed, otherTextLang]) => (
              <tr key={label} data-diff={label}>
                <th scope="row">{label}</th>
                <td data-testid="added">{list(added, otherFirst ? undefined : otherTextLang)}</td>
                <td data-testid="removed">{list(removed, otherFirst ? otherTextLang : undefined)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
