import { useState } from 'preact/hooks';
import { THIRTEEN_MONTHS } from '@/lib/findings/rules/cookie-lifetime-over-13-months';
import type { Report } from '@/lib/report/build';
import { formatLifetime, formatTime } from '@/lib/report/format';

type Section = 'requests' | 'cookies' | 'storage';

export interface EvidenceListProps {
  report: Report;
}

/** Long lists render a page at a time, so a visit with thousands of requests opens at once. */
const PAGE = 200;

export function EvidenceList({ report }: EvidenceListProps) {
  const [section, setSection] = useState<Section>('requests');
  const [limit, setLimit] = useState(PAGE);
  const total = report[section].length;
  const tabs: [Section, string][] = [
    ['requests', `Requests (${report.requests.length})`],
    ['cookies', `Cookies (${report.cookies.length})`],
    ['storage', `Storage (${report.storage.length})`],
  ];
  return (
    <section>
      <div role="tablist" class="tabs sub" aria-label="Evidence">
        {tabs.map(([id, label]) => (
          <button type="button" role="tab" aria-selected={section === id} key={id} onClick={() => { setSection(id); setLimit(PAGE); }}>
            {label}
          </button>
        ))}
      </div>
      {section === 'requests' && (
        <table data-testid="requests">
          <thead><tr><th>Time</th><th>Party</th><th>Vendor</th><th>Type</th><th>URL</th></tr></thead>
          <tbody>
            {report.requests.slice(0, limit).map((r) => (
              <tr key={r.id} class={r.party}>
                <td>{formatTime(r.t)}</td>
                <td>{r.party}</td>
                <td>{r.vendor}</td>
                <td>{r.type}</td>
                <td class="url" title={r.url}>{r.method !== 'GET' ? `${r.method} ` : ''}{r.url}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {section === 'cookies' && (
        <table data-testid="cookies">
          <thead><tr><th>Time</th><th>Name</th><th>Vendor</th><th>Party</th><th>Declared lifetime</th><th>Phase</th><th>Via</th></tr></thead>
          <tbody>
            {report.cookies.slice(0, limit).map((c) => (
              <tr key={c.id}>
                <td>{formatTime(c.t)}</td>
                <td title={c.domain}>{c.action === 'removed' ? <s>{c.name}</s> : c.name}</td>
                <td>{c.vendor}</td>
                <td>{c.party}</td>
                <td class={c.via !== 'store' && c.declaredLifetime !== null && c.declaredLifetime > THIRTEEN_MONTHS ? 'flag' : ''}>{formatLifetime(c.declaredLifetime)}</td>
                <td>{c.phase}</td>
                <td>{c.via}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {section === 'storage' && (
        <table data-testid="storage">
          <thead><tr><th>Time</th><th>Area</th><th>Origin</th><th>Key</th><th>Vendor</th><th>Action</th></tr></thead>
          <tbody>
            {report.storage.slice(0, limit).map((s) => (
              <tr key={s.id}>
                <td>{formatTime(s.t)}</td>
                <td>{s.area}</td>
                <td>{s.origin}</td>
                <td>{s.key}</td>
                <td>{s.vendor}</td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {limit < total && (
        <button type="button" class="more" onClick={() => setLimit(limit + PAGE)}>
          Show more ({total - limit} left)
        </button>
      )}
    </section>
  );
}
