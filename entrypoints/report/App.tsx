import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Visit } from '@/lib/model';
import type { Settings } from '@/lib/store/db';
import type { Report } from '@/lib/report/types';
import { Exports } from '@/lib/ui/components/Exports';
import { Header } from '@/lib/ui/components/Header';
import { LanguagePicker } from '@/lib/ui/components/LanguagePicker';
import { ReportSection, SECTIONS, sectionLabel } from '@/lib/ui/components/ReportSection';
import { useI18n } from '@/lib/ui/i18n';
import { Compare, CompareWithFile } from './components/Compare';
import { History } from './components/History';
import { send } from '@/lib/messages';
import { type ImportRefusal, type ImportedReport, MAX_IMPORT_BYTES, readExportedReport } from '@/lib/report/import';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'missing' } | { kind: 'ready'; report: Report };
type Target = { visitId: string } | { tabId: number } | undefined;

/** The full report of one visit (`?visitId=` or `?tabId=`): every section, the site's scan history, and a comparison. */
export function App() {
  const { t, lang } = useI18n();
  const [target, setTarget] = useState<Target>(() => readTarget(location.search));
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [visits, setVisits] = useState<Visit[]>([]);
  const [settings, setSettings] = useState<Settings | undefined>();
  const [compareWith, setCompareWith] = useState<string | undefined>();
  const [imported, setImported] = useState<{ name: string; report: ImportedReport } | { name: string; refused: ImportRefusal } | undefined>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void (async () => {
      try {
        const visits = await send(browser.runtime, { type: 'list-visits' });
        const settings = await send(browser.runtime, { type: 'get-settings' });
        setVisits(Array.isArray(visits) ? visits : []);
        if ('retentionDays' in settings) setSettings(settings);
        if (!target) return setState({ kind: 'missing' });
        // The report page is local: it shows the screenshots' images; exports leave them out unless asked.
        const response = await send(browser.runtime, { type: 'get-report', includeScreenshots: true, ...target, lang });
        setState(response.ok ? { kind: 'ready', report: response.report } : { kind: 'missing' });
      } catch (error) {
        console.error('[consent-inspector] report page', error);
        setState({ kind: 'error', message: String(error) });
      }
    })();
  }, [target, generation]);

  useEffect(() => {
    if (state.kind === 'ready') document.title = `${t('report.title')} — ${state.report.page.site}`;
  }, [state]);

  useEffect(() => {
    // Closed <details> do not print: open every finding for paper.
    const openAll = () =>
      document.querySelectorAll('details').forEach((d) => {
        d.open = true;
      });
    addEventListener('beforeprint', openAll);
    return () => removeEventListener('beforeprint', openAll);
  }, []);

  async function remove(visitId: string | undefined) {
    await (visitId ? send(browser.runtime, { type: 'delete-visit', visitId }) : send(browser.runtime, { type: 'delete-all' }));
    if (!visitId || (state.kind === 'ready' && state.report.visit.id === visitId)) setTarget(undefined);
    if (visitId === compareWith || !visitId) setCompareWith(undefined);
    setGeneration(generation + 1);
  }

  /** An exported report chosen by the user, read back to compare (untrusted: `readExportedReport` checks it). */
  async function importFile(file: File | undefined) {
    if (!file) return setImported(undefined);
    const name = file.name.slice(0, 200);
    if (file.size > MAX_IMPORT_BYTES) return setImported({ name, refused: 'too-large' });
    const result = readExportedReport(await file.text());
    setCompareWith(undefined);
    setImported(result.ok ? { name, report: result.report } : { name, refused: result.reason });
  }

  function compare(visitId: string) {
    setImported(undefined);
    setCompareWith(visitId);
  }

  function open(visitId: string) {
    const params = new URLSearchParams(location.search);
    params.delete('tabId');
    params.set('visitId', visitId);
    history.replaceState(null, '', `?${params}`);
    setCompareWith(undefined);
    setTarget({ visitId });
  }

  const current = state.kind === 'ready' ? state.report : undefined;
  return (
    <div class="report-page">
      <main>
        {state.kind === 'loading' && <p class="status">{t('app.loading')}</p>}
        {state.kind === 'error' && (
          <p class="status" role="alert">
            {t('app.error', { message: state.message })}
          </p>
        )}
        {state.kind === 'missing' && (
          <p class="status" data-testid="report-missing">
            {t('report.notFound')}
          </p>
        )}
        {current && (
          <>
            <Header report={current} />
            <div class="no-print actions">
              <button type="button" onClick={() => window.print()}>
                {t('report.print')}
              </button>
            </div>
            <div class="no-print">
              <Exports target={{ visitId: current.visit.id }} />
            </div>
            <div class="no-print actions">
              <label>
                {t('report.compareFile')}{' '}
                <input
                  type="file"
                  accept="application/json,.json"
                  data-testid="compare-file"
                  onChange={(e) =>
                    void importFile((e.currentTarget as HTMLInputElement).files?.[0]).catch((error: unknown) =>
                      console.error('[consent-inspector] import', error),
                    )
                  }
                />
              </label>
              {imported && 'refused' in imported && (
                <p role="alert" data-testid="compare-file-refused">
                  {t(`report.importRefused.${imported.refused}`)}
                </p>
              )}
            </div>
            {compareWith && <Compare current={current} otherVisitId={compareWith} />}
            {imported && 'report' in imported && <CompareWithFile current={current} other={imported.report} name={imported.name} />}
            {SECTIONS.map((section) => (
              <section key={section} class="report-section" aria-labelledby={`heading-${section}`} data-testid={`section-${section}`}>
                <h2 id={`heading-${section}`} class="section-heading">
                  {sectionLabel(section, current, t)}
                </h2>
                <ReportSection report={current} section={section} wide />
              </section>
            ))}
          </>
        )}
      </main>
      <aside class="no-print">
        <LanguagePicker />
        <History
          visits={visits}
          currentVisitId={current?.visit.id}
          currentSite={current?.page.site}
          compareWith={compareWith}
          retention={settings && { days: settings.retentionDays, visits: settings.maxVisits }}
          onOpen={open}
          onCompare={compare}
          onDelete={(visitId) => void remove(visitId)}
        />
      </aside>
    </div>
  );
}

function readTarget(search: string): Target {
  const params = new URLSearchParams(search);
  const visitId = params.get('visitId');
  if (visitId) return { visitId };
  const tabId = params.get('tabId');
  return tabId && /^\d+$/.test(tabId) ? { tabId: Number(tabId) } : undefined;
}
