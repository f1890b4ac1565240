import { useMemo } from 'preact/hooks';
import type { Report } from '@/lib/report/types';
import { formatTime } from '@/lib/report/format';
import { buildTimeline, layoutTimeline } from '@/lib/report/timeline';
import { useI18n } from '../i18n';
import { Screenshots } from './Screenshots';

export interface TimelineProps {
  report: Report;
  width?: number;
  maxRows?: number;
}

/** Consent events on the top lane, then the first request of each vendor; the choice is a vertical line. */
export function Timeline({ report, width = 520, maxRows = 40 }: TimelineProps) {
  const { t, lang } = useI18n();
  const layout = useMemo(() => layoutTimeline(buildTimeline(report), { width, maxRows }), [report, width, maxRows]);
  if (!layout.rows.length && !layout.consent.length)
    return (
      <>
        <p class="muted">{t('timeline.none')}</p>
        <Screenshots report={report} />
      </>
    );
  const bottom = layout.height - 12;
  return (
    <figure class="timeline" data-testid="timeline">
      <svg role="img" aria-label={t('timeline.label')} viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height}>
        <title>{t('timeline.label')}</title>
        {layout.ticks.map((tick) => (
          <g key={tick.t} class="tick">
            <line x1={tick.x} x2={tick.x} y1={layout.consentY - 8} y2={bottom} />
            <text x={tick.x} y={layout.height - 2} text-anchor="middle">
              {formatTime(tick.t, lang)}
            </text>
          </g>
        ))}
        <text x={layout.axisX - 6} y={layout.consentY + 4} text-anchor="end" class="lane">
          {t('timeline.consent')}
        </text>
        {layout.consent.map((c, i) => (
          <rect key={i} class={`consent-mark${c.choice ? ` choice-${c.choice}` : ''}`} x={c.x - 3} y={layout.consentY - 3} width={6} height={6}>
            <title>{`${formatTime(c.t, lang)} · ${t('timeline.signal', { signal: c.signal, command: c.command })}${c.cmp ? ` · ${c.cmp}` : ''}${c.choice ? ` · ${t('timeline.choice', { choice: t(`choice.${c.choice}`) })}` : ''}`}</title>
          </rect>
        ))}
        {layout.shots.map((s) => (
          <path key={`${s.reason}:${s.t}`} class="shot-mark" d={`M${s.x - 4} ${layout.consentY - 10}h8l-4 6z`}>
            <title>{`${formatTime(s.t)} · ${t(`screenshots.reason.${s.reason}`)}`}</title>
          </path>
        ))}
        {layout.choiceX !== undefined && <line class="choice-line" x1={layout.choiceX} x2={layout.choiceX} y1={layout.consentY - 8} y2={bottom} />}
        {layout.rows.map((row) => (
          <g key={row.id} class={row.flagged ? 'vendor flagged' : 'vendor'}>
            <text x={layout.axisX - 6} y={row.y + 4} text-anchor="end">
              {row.label}
            </text>
            <circle cx={row.x} cy={row.y} r={4}>
              <title>{`${row.name} · ${formatTime(row.t, lang)}`}</title>
            </circle>
          </g>
        ))}
      </svg>
      {layout.hidden > 0 && <figcaption class="muted">+{layout.hidden}</figcaption>}
      <Screenshots report={report} />
    </figure>
  );
}
