import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Report } from '@/lib/report/build';
import { Actions } from './components/Actions';
import { EvidenceList } from './components/EvidenceList';
import { Findings } from './components/Findings';
import { Header } from './components/Header';
import { Replay } from './components/Replay';
import { Trackers } from './components/Trackers';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'empty' } | { kind: 'ready'; report: Report; tabId: number };
type Section = 'findings' | 'trackers' | 'replay' | 'evidence';

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [section, setSection] = useState<Section>('findings');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void (async () => {
      try {
        const tabId = await resolveTabId();
        if (tabId === undefined) return setState({ kind: 'error', message: 'No tab to inspect.' });
        const response = (await browser.runtime.sendMessage({ type: 'get-report', tabId })) as { ok: boolean; report?: Report };
        setState(response.ok && response.report ? { kind: 'ready', report: response.report, tabId } : { kind: 'empty' });
      } catch (error) {
        setState({ kind: 'error', message: String(error) });
      }
    })();
  }, [generation]);

  if (state.kind === 'loading') return <p class="status">Loading…</p>;
  if (state.kind === 'error') return <p class="status" role="alert">{state.message}</p>;
  if (state.kind === 'empty') return <p class="status">Nothing recorded for this tab yet. Reload the page to inspect it.</p>;
  const { report } = state;
  const sections: [Section, string][] = [
    ['findings', `Findings (${report.findings.length})`],
    ['trackers', `Trackers (${report.vendors.length + report.unclassifiedSites.length})`],
    ['replay', `Session replay (${report.recorders.length})`],
    ['evidence', 'Evidence'],
  ];
  return (
    <main>
      <Header report={report} />
      <Actions tabId={state.tabId} onDone={() => setGeneration(generation + 1)} />
      <div role="tablist" class="tabs" aria-label="Sections">
        {sections.map(([id, label]) => (
          <button type="button" role="tab" aria-selected={section === id} key={id} onClick={() => setSection(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {section === 'findings' && <Findings findings={report.findings} />}
        {section === 'trackers' && <Trackers report={report} />}
        {section === 'replay' && <Replay report={report} />}
        {section === 'evidence' && <EvidenceList report={report} />}
      </div>
    </main>
  );
}

async function resolveTabId(): Promise<number | undefined> {
  // Tests and the report page open the popup in a tab with ?tabId=; there the active tab is the popup itself.
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
