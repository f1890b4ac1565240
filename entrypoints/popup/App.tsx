import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Report } from '@/lib/report/types';
import { Actions } from './components/Actions';
import { Exports } from '@/lib/ui/components/Exports';
import { Header } from '@/lib/ui/components/Header';
import { LanguagePicker } from '@/lib/ui/components/LanguagePicker';
import { ReportSection, type Section, SECTIONS, sectionLabel } from '@/lib/ui/components/ReportSection';
import { Tabs } from '@/lib/ui/components/Tabs';
import { useI18n } from '@/lib/ui/i18n';
import { send } from '@/lib/messages';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-tab' }
  | { kind: 'empty' }
  | { kind: 'ready'; report: Report; tabId: number };

export function App() {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [section, setSection] = useState<Section>('findings');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void (async () => {
      try {
        const tabId = await resolveTabId();
        if (tabId === undefined) return setState({ kind: 'no-tab' });
        performance.mark('report-requested');
        // The first frame needs only the first page of each list; the whole report follows once it is painted.
        const preview = await send(browser.runtime, { type: 'get-report', tabId, preview: true, lang });
        performance.mark('report-received');
        if (!preview.ok) return setState({ kind: 'empty' });
        setState({ kind: 'ready', report: preview.report, tabId });
        if (preview.report.requests.length === preview.report.summary.requests && preview.report.payloads.length === preview.report.summary.payloads) return;
        await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
        const full = await send(browser.runtime, { type: 'get-report', tabId, lang });
        if (full.ok) setState({ kind: 'ready', report: full.report, tabId });
      } catch (error) {
        console.error('[consent-inspector] popup', error);
        setState({ kind: 'error', message: String(error) });
      }
    })();
  }, [generation]);

  useEffect(() => {
    // The render budget (first render of a report, 100 ms with 5,000 requests) is measured from here; e2e reads it.
    if (state.kind === 'ready' && !performance.getEntriesByName('first-render').length) performance.measure('first-render', 'report-received');
  }, [state]);

  if (state.kind === 'loading') return <p class="status">{t('app.loading')}</p>;
  if (state.kind === 'error')
    return (
      <p class="status" role="alert">
        {t('app.error', { message: state.message })}
      </p>
    );
  if (state.kind === 'no-tab') return <p class="status">{t('app.noTab')}</p>;
  if (state.kind === 'empty') return <p class="status">{t('app.empty')}</p>;
  const { report, tabId } = state;
  const reportUrl = `${browser.runtime.getURL('/report.html')}?visitId=${encodeURIComponent(report.visit.id)}&lang=${lang}`;
  return (
    <main>
      <Header
        report={report}
        reportUrl={reportUrl}
        onOpenReport={(event) => {
          event.preventDefault();
          void browser.tabs.create({ url: reportUrl }).then(() => window.close());
        }}
      />
      <Actions
        tabId={tabId}
        everyday={report.visit.capture?.level === 'everyday' && report.visit.capture.fullFrom === undefined}
        onDone={() => setGeneration(generation + 1)}
      />
      <Exports target={{ tabId }} />
      <Tabs
        label={t('app.sections')}
        idPrefix="section"
        items={SECTIONS.map((id) => ({ id, label: sectionLabel(id, report, t) }))}
        selected={section}
        onSelect={setSection}
      >
        <ReportSection report={report} section={section} />
      </Tabs>
      <footer class="footer">
        <LanguagePicker />
      </footer>
    </main>
  );
}

async function resolveTabId(): Promise<number | undefined> {
  // Tests open the popup in a tab with ?tabId=; there the active tab is the popup itself.
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^-?\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
