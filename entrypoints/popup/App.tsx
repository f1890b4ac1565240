import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Report } from '@/lib/report/types';
import { Actions } from './components/Actions';
import { CaptureSetting } from '@/lib/ui/components/CaptureSetting';
import { Exports } from '@/lib/ui/components/Exports';
import { Header } from '@/lib/ui/components/Header';
import { LanguagePicker } from '@/lib/ui/components/LanguagePicker';
import { ReportSection, type Section, SECTIONS, sectionLabel } from '@/lib/ui/components/ReportSection';
import { Tabs } from '@/lib/ui/components/Tabs';
import { useI18n } from '@/lib/ui/i18n';
import type { Lang } from '@/lib/i18n/translate';
import { type Failure, type Request, type Response, send } from '@/lib/messages';
import { likelyLang } from '@/lib/ui/boot';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-tab' }
  | { kind: 'empty' }
  | { kind: 'ready'; report: Report; tabId: number };

/** The first report request, sent as the popup starts, in the language it will most likely show. */
export interface EarlyRequest {
  lang: Lang;
  answer: Promise<Preview>;
}

type Preview = { tabId: undefined } | { tabId: number; response: Response<GetReport> | Failure };
type GetReport = Extract<Request, { type: 'get-report' }>;

export function requestReportEarly(): EarlyRequest {
  const lang = likelyLang();
  const answer = requestPreview(lang);
  // Unused when the language turns out otherwise; its failure is then nobody's to report.
  answer.catch(() => undefined);
  return { lang, answer };
}

async function requestPreview(lang: Lang): Promise<Preview> {
  const tabId = await resolveTabId();
  if (tabId === undefined) return { tabId };
  performance.mark('report-requested');
  // The first frame needs only the first page of each list; the whole report follows once it is painted.
  const response = await send(browser.runtime, { type: 'get-report', tabId, preview: true, lang });
  performance.mark('report-received');
  return { tabId, response };
}

export function App({ early }: { early?: EarlyRequest }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [section, setSection] = useState<Section>('findings');
  const [generation, setGeneration] = useState(0);

  // A layout effect: the request leaves before the "Loading…" frame is painted, not after it.
  useLayoutEffect(() => {
    let current = true;
    const show = (next: State) => current && setState(next);
    void (async () => {
      try {
        const preview = await (generation === 0 && early?.lang === lang ? early.answer : requestPreview(lang));
        if (preview.tabId === undefined) return show({ kind: 'no-tab' });
        const { tabId, response } = preview;
        // Nothing recorded is not the same as a failure to read what was: only the first is "empty".
        if (!response.ok) return show(response.reason === 'error' ? { kind: 'error', message: response.error ?? response.reason } : { kind: 'empty' });
        show({ kind: 'ready', report: response.report, tabId });
        if (response.report.requests.length === response.report.summary.requests && response.report.payloads.length === response.report.summary.payloads)
          return;
        await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
        const full = await send(browser.runtime, { type: 'get-report', tabId, lang });
        if (full.ok) show({ kind: 'ready', report: full.report, tabId });
      } catch (error) {
        console.error('[consent-inspector] popup', error);
        show({ kind: 'error', message: String(error) });
      }
    })();
    return () => {
      current = false;
    };
  }, [generation, lang]);

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
        <CaptureSetting />
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
