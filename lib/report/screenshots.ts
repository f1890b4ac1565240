import { phaseAt } from '../consent/timeline';
import type { Screenshot } from '../model';
import { isScreenshotDataUrl } from '../screenshot-image';
import type { ReportConsent, ReportScreenshot, ReportScreenshotDropped } from './types';

/**
 * The visit's stored screenshots as report entries, each placed on the consent timeline: its phase and its time from
 * the choice. The image (`dataUrl`) is included only on request, and only when it is a JPEG or PNG data URL.
 */
export function toReportScreenshots(
  stored: readonly Screenshot[],
  consent: Pick<ReportConsent, 'events' | 'transitions' | 'choiceAt'>,
  includeImages: boolean,
): { screenshots: ReportScreenshot[]; screenshotsDropped: ReportScreenshotDropped[] } {
  const screenshots: ReportScreenshot[] = [];
  const screenshotsDropped: ReportScreenshotDropped[] = [];
  for (const s of [...stored].sort((a, b) => a.t - b.t)) {
    if (s.kind === 'dropped') {
      screenshotsDropped.push({ t: s.t, reason: s.reason, why: s.why });
      continue;
    }
    screenshots.push({
      id: s.id,
      t: s.t,
      phase: phaseAt(consent, s.t),
      reason: s.reason,
      ...(consent.choiceAt !== undefined && { fromChoice: s.t - consent.choiceAt }),
      width: s.width,
      height: s.height,
      bytes: s.bytes,
      ...(includeImages && isScreenshotDataUrl(s.dataUrl) && { dataUrl: s.dataUrl }),
    });
  }
  return { screenshots, screenshotsDropped };
}
