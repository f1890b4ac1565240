import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TabData } from '@/lib/messages';
import { summarizeTab, type TabSummary } from '@/lib/report/summary';
import { EvidenceList } from './components/EvidenceList';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; summary: TabSummary };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    void (async () => {
      try {
        const tabId = await resolveTabId();
        if (tabId === undefined) return setState({ kind: 'error', message: 'No tab to inspect.' });
        const data = (await browser.runtime.sendMessage({ type: 'get-tab-data', tabId })) as TabData;
        setState({ kind: 'ready', summary: summarizeTab(data) });
      } catch (error) {
        setState({ kind: 'error', message: String(error) });
      }
    })();
  }, []);

  if (state.kind === 'loading') return <p class="status">Loading…</p>;
  if (state.kind === 'error') return <p class="status" role="alert">{state.message}</p>;
  const { summary } = state;
  if (!summary.visit) return <p class="status">Nothing recorded for this tab yet. Reload the page to inspect it.</p>;
  return (
    <main>
      <header>
        <h1 title={summary.visit.url}>{summary.visit.site}</h1>
        <p class="muted">
          Visit started {new Date(summary.visit.startedAt).toLocaleTimeString()} · no findings yet: run an audit scenario to check
          consent.
        </p>
        <dl class="counts" data-testid="counts">
          <Count label="Requests" value={summary.requests.length} testid="count-requests" />
          <Count label="Third-party" value={summary.thirdPartyRequests} testid="count-third-party" />
          <Count label="Cookies" value={summary.cookies.length} testid="count-cookies" />
          <Count label="Storage" value={summary.storage.length} testid="count-storage" />
        </dl>
        {summary.visit.dropped > 0 && <p class="warning">{summary.visit.dropped} records were not kept (limits reached).</p>}
      </header>
      <EvidenceList summary={summary} />
    </main>
  );
}

function Count({ label, value, testid }: { label: string; value: number; testid: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testid}>{value}</dd>
    </div>
  );
}

async function resolveTabId(): Promise<number | undefined> {
  // Tests and the report page open the popup in a tab with ?tabId=; there the active tab is the popup itself.
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
