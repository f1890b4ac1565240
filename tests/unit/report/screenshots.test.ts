import { describe, expect, it } from 'vitest';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import { runRules } from '@/lib/findings/run';
import type { Screenshot } from '@/lib/model';
import { buildReport } from '@/lib/report/build';
import { toReportScreenshots } from '@/lib/report/screenshots';
import { toHtml } from '@/lib/report/to-html';
import type { ReportConsent } from '@/lib/report/types';
import { toBase64 } from '@/lib/bytes';
import { jpegHeader } from '../../fixtures/images';
import { makeRequest, makeVisit, scanRecords } from '../../fixtures/factories';
import { META } from '../../fixtures/reports';

const JPEG = `data:image/jpeg;base64,${toBase64(jpegHeader(640, 360))}`;
const kept = (reason: 'first-paint' | 'banner' | 'after-choice', t: number, dataUrl = JPEG): Screenshot => ({
  kind: 'shot',
  visitId: 'visit-1',
  id: `${reason}:${t}`,
  t,
  reason,
  width: 640,
  height: 360,
  bytes: 41,
  dataUrl,
});
const stored: Screenshot[] = [
  kept('after-choice', 3000),
  kept('first-paint', 200),
  kept('banner', 1500),
  { kind: 'dropped', visitId: 'visit-1', id: 'x', t: 4000, reason: 'after-choice', why: 'not-visible' },
];
/** A refusal at 2,500 ms. */
const consent: Pick<ReportConsent, 'events' | 'transitions' | 'choiceAt'> = {
  events: [
    { t: 1000, source: 'autoconsent', kind: 'banner-shown', cmp: 'klaro' },
    { t: 2500, source: 'scenario', kind: 'choice', cmp: 'klaro', choice: 'reject' },
  ],
  transitions: [{ t: 2500, phase: 'after-refusal' }],
  choiceAt: 2500,
};

describe('toReportScreenshots', () => {
  it('places each screenshot on the consent timeline: its phase and its time from the choice, in time order', () => {
    const { screenshots, screenshotsDropped } = toReportScreenshots(stored, consent, false);
    expect(screenshots.map((s) => [s.reason, s.phase, s.fromChoice])).toEqual([
      ['first-paint', 'before-choice', -2300],
      ['banner', 'before-choice', -1000],
      ['after-choice', 'after-refusal', 500],
    ]);
    expect(screenshotsDropped).toEqual([{ t: 4000, reason: 'after-choice', why: 'not-visible' }]);
  });

  it('includes the images only on request, and never one that is not a JPEG or PNG data URL', () => {
    expect(toReportScreenshots(stored, consent, false).screenshots.some((s) => 'dataUrl' in s)).toBe(false);
    expect(toReportScreenshots(stored, consent, true).screenshots.every((s) => s.dataUrl === JPEG)).toBe(true);
    const forged = kept('banner', 10, 'data:image/svg+xml;base64,PHN2Zy8+');
    expect(toReportScreenshots([forged], consent, true).screenshots[0]).not.toHaveProperty('dataUrl');
  });

  it('without a choice, there is no time from the choice', () => {
    const [shot] = toReportScreenshots([kept('banner', 10)], { events: [], transitions: [] }, false).screenshots;
    expect(shot).not.toHaveProperty('fromChoice');
    expect(shot?.phase).toBe('no-cmp');
  });
});

describe('screenshots in the HTML export', () => {
  const scan = scanRecords(makeVisit(), [makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 })], getDefaultIndex());
  const base = buildReport(scan, runRules(scan), META);
  const withShots = (include: boolean) => ({ ...base, ...toReportScreenshots(stored, consent, include) });

  it('shows each image inline with its reason and time from the choice, when included; the CSP allows data: images only', () => {
    const html = toHtml(withShots(true));
    expect(html.match(/<img src="data:image\/jpeg;base64,[A-Za-z0-9+/=]+"/g)).toHaveLength(3);
    expect(html).toContain('img-src data:');
    expect(html).toContain('banner · 1.50 s · −1.00 s from the choice · before-choice · 640×360');
    expect(html).toContain('Not kept: after-choice at 4.00 s (not-visible)');
  });

  it('has no image when the export does not include them, but still says what was taken', () => {
    const html = toHtml(withShots(false));
    expect(html).not.toMatch(/<img\b/);
    expect(html).toContain('after-choice · 3.00 s · 500 ms from the choice · after-refusal · 640×360 (image not included)');
  });

  it('never renders a data URL that is not an image, whatever the report says', () => {
    const report = withShots(true);
    const forged = { ...report, screenshots: report.screenshots.map((s) => ({ ...s, dataUrl: `${JPEG}" onerror="alert(1)` })) };
    const html = toHtml(forged);
    expect(html).not.toMatch(/<img\b/);
    expect(html.split('<script type="application/json"')[0]).not.toContain('onerror="');
  });

  it('says nothing about screenshots when there are none', () => {
    expect(toHtml(base)).not.toContain('Screenshots');
  });
});
