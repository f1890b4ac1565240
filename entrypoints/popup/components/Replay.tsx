import type { Report } from '@/lib/report/build';
import { formatTime } from '@/lib/report/format';

export interface ReplayProps {
  report: Report;
}

export function Replay({ report }: ReplayProps) {
  if (!report.recorders.length) return <p class="muted">No session recorder seen on this page.</p>;
  const name = (id: string) => report.vendors.find((v) => v.id === id)?.name ?? id;
  return (
    <div data-testid="replay">
      <table>
        <thead><tr><th>Recorder</th><th>Loaded</th><th>Recording</th></tr></thead>
        <tbody>
          {report.recorders.map((r) => (
            <tr key={r.vendor}>
              <td>{name(r.vendor)}</td>
              <td>{formatTime(r.loadedAt)} ({r.loadedPhase})</td>
              <td>{r.recordingAt === undefined ? 'not seen' : `${formatTime(r.recordingAt)} (${r.recordingPhase}), ${r.ingestRequests} sends`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.masking.length > 0 && (
        <>
          <h2>Masking of fields</h2>
          <table data-testid="masking">
            <thead><tr><th>Field</th><th>Kind</th><th>Recorder</th><th>Verdict</th><th>Why</th></tr></thead>
            <tbody>
              {report.masking.map((m) => (
                <tr key={`${m.vendor}-${m.field}`} class={m.verdict === 'unmasked' ? 'flag' : ''}>
                  <td title={m.selector}>{m.selector}</td>
                  <td>{m.fieldKind}</td>
                  <td>{name(m.vendor)}</td>
                  <td>{m.verdict}</td>
                  <td title={m.reason}>{m.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
