import type { Report } from '@/lib/report/types';
import { formatTime } from '@/lib/report/format';
import { replayRows, vendorNamer } from '@/lib/report/group';
import { useI18n } from '../i18n';

export interface ReplayProps {
  report: Report;
}

/** Session recorders: loaded is not recording; recording means their ingest endpoint received data. */
export function Replay({ report }: ReplayProps) {
  const { t, lang } = useI18n();
  const rows = replayRows(report);
  const name = vendorNamer(report);
  if (!rows.length) return <p class="muted">{t('replay.none')}</p>;
  return (
    <div data-testid="replay">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('replay.recorder')}</th>
            <th scope="col">{t('replay.loaded')}</th>
            <th scope="col">{t('replay.recording')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.vendor} data-state={r.state}>
              <td>{r.name}</td>
              <td>{r.loadedAt === undefined ? '—' : `${formatTime(r.loadedAt, lang)} (${t(`phase.${r.loadedPhase ?? 'unknown'}`)})`}</td>
              <td class={r.state === 'recording' ? 'flag' : ''}>
                {r.state === 'requests-only'
                  ? t('replay.notDetected')
                  : r.recordingAt === undefined
                    ? t('replay.notRecording')
                    : t('replay.recordingAt', { time: formatTime(r.recordingAt, lang), phase: t(`phase.${r.recordingPhase ?? 'unknown'}`), n: r.sends })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.masking.length > 0 && (
        <>
          <h2>{t('replay.masking')}</h2>
          <table data-testid="masking">
            <thead>
              <tr>
                <th scope="col">{t('replay.field')}</th>
                <th scope="col">{t('replay.kind')}</th>
                <th scope="col">{t('replay.recorder')}</th>
                <th scope="col">{t('replay.verdict')}</th>
                <th scope="col">{t('replay.why')}</th>
              </tr>
            </thead>
            <tbody>
              {report.masking.map((m) => (
                <tr
                  key={`${m.vendor}-${m.field}`}
                  class={m.verdict === 'unmasked' ? 'flag' : m.verdict === 'unverified' ? 'muted' : ''}
                  data-verdict={m.verdict}
                >
                  <td title={m.selector}>{m.selector}</td>
                  <td>{m.fieldKind}</td>
                  <td>{name(m.vendor) || m.vendor}</td>
                  <td>{t(`replay.verdict.${m.verdict}`)}</td>
                  <td title={m.reason}>{m.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.masking.some((m) => m.verdict === 'unverified') && (
            <p class="muted" data-testid="unverified-hint">
              {t('replay.unverifiedHint')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
