import type { Report } from '@/lib/report/types';
import { formatTime } from '@/lib/report/format';
import { isScreenshotDataUrl } from '@/lib/screenshot-image';
import { useI18n } from '../i18n';

export interface ScreenshotsProps {
  report: Pick<Report, 'screenshots' | 'screenshotsDropped'>;
}

/** The audit's screenshots, each captioned with why it was taken and its time from the choice; what was not kept, and why. */
export function Screenshots({ report }: ScreenshotsProps) {
  const { t } = useI18n();
  const shots = report.screenshots ?? [];
  const dropped = report.screenshotsDropped ?? [];
  if (!shots.length && !dropped.length) return null;
  return (
    <div class="screenshots" data-testid="screenshots">
      <h3>{t('screenshots.title')}</h3>
      {shots.map((s) => {
        const caption = [
          t(`screenshots.reason.${s.reason}`),
          formatTime(s.t),
          s.fromChoice === undefined ? t('screenshots.noChoice') : t('screenshots.fromChoice', { time: formatTime(s.fromChoice) }),
          t(`phase.${s.phase}`),
        ].join(' · ');
        return (
          <figure key={s.id} class="screenshot" data-reason={s.reason}>
            {isScreenshotDataUrl(s.dataUrl) && <img src={s.dataUrl} width={s.width} height={s.height} alt={caption} />}
            <figcaption>{caption}</figcaption>
          </figure>
        );
      })}
      {dropped.map((d) => (
        <p key={`${d.reason}:${d.t}`} class="muted">
          {t('screenshots.dropped', { reason: t(`screenshots.reason.${d.reason}`), time: formatTime(d.t), why: t(`screenshots.why.${d.why}`) })}
        </p>
      ))}
    </div>
  );
}
