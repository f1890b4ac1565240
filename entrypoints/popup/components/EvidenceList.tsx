import { useState } from 'preact/hooks';
import type { TabSummary } from '@/lib/report/summary';
import { formatLifetime, formatTime } from '@/lib/report/format';

type Section = 'requests' | 'cookies' | 'storage';

export interface EvidenceListProps {
  summary: TabSummary;
}

const PAGE = 200;

export function EvidenceList({ summary }: EvidenceListProps) {
  const [section, setSection] = useState<Section>('requests');
  const [limit, setLimit] = useState(PAGE);
  const tabs: [Section, string, number][] = [
    ['requests', 'Requests', summary.requests.length],
    ['cookies', 'Cookies', summary.cookies.length],
    ['storage', 'Storage', summary.storage.length],
  ];
  return (
    <section>
      <div role="tablist" class="tabs">
        {tabs.map(([id, label, count]) => (
          <button
            type="button"
            role="tab"
            aria-selected={section === id}
            key={id}
            onClick={() => {
              setSection(id);
              setLimit(PAGE);
            }}
          >
            {label} ({count})
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {section === 'requests' && (
          <table data-testid="requests">
            <thead>
              <tr><th>Time</th><th>Party</th><th>Type</th><th>URL</th></tr>
            </thead>
            <tbody>
              {summary.requests.slice(0, limit).map((r) => (
                <tr key={r.id} class={r.party}>
                  <td>{formatTime(r.t)}</td>
                  <td>{r.party}</td>
                  <td>{r.type}</td>
                  <td class="url" title={r.url}>{r.method !== 'GET' ? `${r.method} ` : ''}{r.url}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {section === 'cookies' && (
          <table data-testid="cookies">
            <thead>
              <tr><th>Time</th><th>Name</th><th>Domain</th><th>Party</th><th>Declared lifetime</th><th>Via</th></tr>
            </thead>
            <tbody>
              {summary.cookies.slice(0, limit).map((c) => (
                <tr key={c.id}>
                  <td>{formatTime(c.t)}</td>
                  <td>{c.action === 'removed' ? <s>{c.name}</s> : c.name}</td>
                  <td>{c.domain}</td>
                  <td>{c.party}</td>
                  <td class={c.declaredLifetime !== null && c.declaredLifetime > 13 * 30.44 * 86400 ? 'flag' : ''}>
                    {formatLifetime(c.declaredLifetime)}
                  </td>
                  <td>{c.via}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {section === 'storage' && (
          <table data-testid="storage">
            <thead>
              <tr><th>Time</th><th>Area</th><th>Origin</th><th>Key</th><th>Action</th></tr>
            </thead>
            <tbody>
              {summary.storage.slice(0, limit).map((s) => (
                <tr key={s.id}>
                  <td>{formatTime(s.t)}</td>
                  <td>{s.area}</td>
                  <td>{s.origin}</td>
                  <td>{s.key}</td>
                  <td>{s.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {limit < currentLength(summary, section) && (
          <button type="button" class="more" onClick={() => setLimit(limit + PAGE)}>
            Show more ({currentLength(summary, section) - limit} left)
          </button>
        )}
      </div>
    </section>
  );
}

function currentLength(summary: TabSummary, section: Section): number {
  return summary[section].length;
}
