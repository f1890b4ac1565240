import { CATEGORY_DEFINITIONS } from '@/lib/classify/categories';
import type { Report } from '@/lib/report/build';
import { formatTime } from '@/lib/report/format';
import { groupVendorsByCategory } from '@/lib/report/verdict';

export interface TrackersProps {
  report: Report;
}

export function Trackers({ report }: TrackersProps) {
  return (
    <div data-testid="trackers">
      {groupVendorsByCategory(report.vendors).map(([category, vendors]) => (
        <section key={category}>
          <h2 title={CATEGORY_DEFINITIONS[category]}>{category}</h2>
          <table>
            <thead><tr><th>Vendor</th><th>Requests</th><th>First seen</th><th>Consent</th></tr></thead>
            <tbody>
              {vendors.map((v) => (
                <tr key={v.id}>
                  <td title={v.organization}>{v.name}</td>
                  <td>{v.requests}</td>
                  <td>{formatTime(v.firstSeen)}</td>
                  <td>{v.consent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {report.cnameAliases.length > 0 && (
        <section>
          <h2>first-party aliases (CNAME)</h2>
          <ul data-testid="cname-aliases">
            {report.cnameAliases.map((a) => (
              <li key={a.hostname}>
                {a.hostname} is a first-party alias of {report.vendors.find((v) => v.id === a.vendor)?.name ?? a.vendor} ({a.canonicalName})
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.unclassifiedSites.length > 0 && (
        <section>
          <h2>unclassified third parties</h2>
          <table>
            <thead><tr><th>Site</th><th>Requests</th><th>First seen</th></tr></thead>
            <tbody>
              {report.unclassifiedSites.map((s) => (
                <tr key={s.site}><td>{s.site}</td><td>{s.requests}</td><td>{formatTime(s.firstSeen)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
