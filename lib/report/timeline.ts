import type { Category, ConsentRequirement } from '../classify/categories';
import type { ConsentChoice as Choice } from '../consent/timeline';
import type { ScreenshotReason } from '../model';
import type { Report } from './types';

/** What happened when: the consent events and the first request of each vendor. Times in ms since the visit started. */
export interface Timeline {
  end: number;
  choiceAt?: number;
  choice?: Choice;
  /** Consent timeline events: `signal` is the event's source (tcf, cmp-storage, scenario …), `command` its kind. */
  consent: { t: number; signal: string; command: string; choice?: Choice; cmp?: string }[];
  vendors: { id: string; name: string; category: Category; consent: ConsentRequirement; t: number; beforeChoice: boolean }[];
  /** When each screenshot was taken. */
  shots: { t: number; reason: ScreenshotReason }[];
}

export interface TimelineLayout {
  width: number;
  height: number;
  /** Left edge of the time axis; vendor names are drawn left of it. */
  axisX: number;
  consentY: number;
  choiceX?: number;
  consent: { x: number; t: number; signal: string; command: string; choice?: Choice; cmp?: string }[];
  /** `label` is the name cut to fit left of the axis; `name` is whole, for the tooltip. */
  rows: { y: number; x: number; t: number; id: string; name: string; label: string; flagged: boolean }[];
  ticks: { x: number; t: number }[];
  /** Screenshots, on the consent lane. */
  shots: { x: number; t: number; reason: ScreenshotReason }[];
  /** Vendors left out when there were more than `maxRows`. */
  hidden: number;
}

export function buildTimeline(report: Pick<Report, 'vendors' | 'requests' | 'consent'> & Partial<Pick<Report, 'screenshots'>>): Timeline {
  const firstRequest = new Map<string, number>();
  for (const r of report.requests) {
    const seen = firstRequest.get(r.vendor);
    if (seen === undefined || r.t < seen) firstRequest.set(r.vendor, r.t);
  }
  const vendors = report.vendors
    .map((v) => {
      const t = firstRequest.get(v.id) ?? v.firstSeen;
      const beforeChoice = report.consent.choiceAt === undefined || t < report.consent.choiceAt;
      return { id: v.id, name: v.name, category: v.category, consent: v.consent, t, beforeChoice };
    })
    .sort((a, b) => a.t - b.t);
  const consent = report.consent.events.map((e) => ({
    t: e.prior ? 0 : e.t,
    signal: e.source,
    command: e.kind,
    ...(e.choice && { choice: e.choice }),
    ...(e.cmp && { cmp: e.cmp }),
  }));
  const shots = (report.screenshots ?? []).map((s) => ({ t: s.t, reason: s.reason }));
  const end = Math.max(1, ...vendors.map((v) => v.t), ...consent.map((c) => c.t), ...shots.map((s) => s.t), report.consent.choiceAt ?? 0);
  return {
    end,
    ...(report.consent.choiceAt !== undefined && { choiceAt: report.consent.choiceAt }),
    ...(report.consent.choice && { choice: report.consent.choice }),
    consent,
    vendors,
    shots,
  };
}

/** Positions for an SVG: one row per vendor (at most `maxRows`), a consent lane on top, 4–5 time ticks. */
export function layoutTimeline(
  timeline: Timeline,
  { width = 520, labelWidth = 140, rowHeight = 14, maxRows = 40 }: { width?: number; labelWidth?: number; rowHeight?: number; maxRows?: number } = {},
): TimelineLayout {
  const axisX = labelWidth;
  const span = width - axisX - 8;
  const x = (t: number) => axisX + Math.round((Math.max(0, t) / timeline.end) * span * 10) / 10;
  const consentY = rowHeight;
  const shown = timeline.vendors.slice(0, maxRows);
  const rows = shown.map((v, i) => ({
    y: consentY + rowHeight * (i + 1.5),
    x: x(v.t),
    t: v.t,
    id: v.id,
    name: v.name,
    label: fitText(v.name, Math.floor((labelWidth - 8) / 6)),
    flagged: v.beforeChoice && v.consent === 'required',
  }));
  const step = niceStep(timeline.end / 4);
  const ticks: { x: number; t: number }[] = [];
  for (let t = 0; t <= timeline.end; t += step) ticks.push({ x: x(t), t });
  return {
    width,
    height: consentY + rowHeight * (shown.length + 2) + 12,
    axisX,
    consentY,
    ...(timeline.choiceAt !== undefined && { choiceX: x(timeline.choiceAt) }),
    consent: timeline.consent.map((c) => ({ ...c, x: x(c.t) })),
    rows,
    ticks,
    shots: timeline.shots.map((s) => ({ ...s, x: x(s.t) })),
    hidden: timeline.vendors.length - shown.length,
  };
}

/** At most `max` characters, with an ellipsis when cut (about 6 px per character at the timeline's font size). */
function fitText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** 1, 2 or 5 times a power of ten, at least `raw` (and at least 1 ms). */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}
