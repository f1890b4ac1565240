import type { CmpReading, CmpStorage } from '../consent/cmp-reader';
import { type ChangedValue, changedValues, readGenericChoice } from '../consent/generic-choice';
import { UNKNOWN_CMP } from '../consent/timeline';
import type { ConfirmedBy, ConsentScenario } from '../scenario';

/**
 * The reject / accept audits on a consent banner whose manager no autoconsent rule, reader or vendor file knows: the
 * banner the content script found in a frame (`lib/capture/banner.ts`), what clicking it did, and how the choice is
 * confirmed from evidence only.
 */

/** A consent banner one frame reported, validated (the frame is hostile). */
export interface FrameBanner {
  frameId: number;
  frameUrl: string;
  /** The frame's site is the top page's: its stored choice is the page's, so the run may answer it. */
  sameSite: boolean;
  type: 'consent-banner' | 'notice';
  text: string;
  controls: string;
  selector: string;
}

/** `at`: when the frame clicked (epoch ms, the frame's word: checked against the audit's own clock before use). */
export type BannerClick = { ok: true; label: string; selector: string; at?: number } | { ok: false; reason: string };

export interface UnknownVerdict {
  outcome: 'confirmed' | 'unconfirmed';
  how: ConfirmedBy;
  detail: string;
}

/** What the run saw around its click on the unknown banner. */
export interface ClickEvidence {
  before: CmpStorage;
  after: CmpStorage;
  /** The CMP readers' view before and after (a TCF banner of an unknown manager stores a TC string a reader knows). */
  readingsBefore: readonly CmpReading[];
  readings: readonly CmpReading[];
  /** Vendors that need consent and sent their first request after the click. */
  started: readonly string[];
}

/**
 * Confirms the choice made on an unknown banner, from evidence only, in this order:
 * 1. `cmp-state`: a CMP reader reads a new or changed stored state as the choice;
 * 2. `stored-value`: a cookie or localStorage value written after the click reads, generically, as the choice, and
 *    none reads as the opposite;
 * 3. `traffic` (accept only): a value was written after the click and trackers started sending after it.
 * Anything else is `unconfirmed`, with what was seen.
 */
export function confirmUnknownChoice(expected: ConsentScenario, evidence: ClickEvidence): UnknownVerdict {
  const previous = new Map(evidence.readingsBefore.map((r) => [r.cmp, r.raw]));
  const reading = evidence.readings.find((r) => r.choice === expected && previous.get(r.cmp) !== r.raw);
  if (reading) return { outcome: 'confirmed', how: 'cmp-state', detail: `${reading.cmp}: ${reading.choice}` };

  const changed = changedValues(evidence.before, evidence.after).slice(0, 50);
  const read = changed.map((value) => ({ value, choice: readGenericChoice(value.name, value.value) }));
  const agreeing = read.find((r) => r.choice === expected);
  const opposite = read.find((r) => r.choice !== undefined && r.choice !== expected);
  if (agreeing && !opposite) {
    return {
      outcome: 'confirmed',
      how: 'stored-value',
      detail: cap(`${UNKNOWN_CMP}: ${expected}, read from ${nameOf(agreeing.value)} written after the click`),
    };
  }
  if (agreeing && opposite) {
    return {
      outcome: 'unconfirmed',
      how: 'none',
      detail: cap(
        `${UNKNOWN_CMP}: values written after the click disagree (${read.flatMap((r) => (r.choice ? [`${nameOf(r.value)}: ${r.choice}`] : [])).join(', ')})`,
      ),
    };
  }
  const started = evidence.started.slice(0, 5);
  if (expected === 'accept' && changed.length && started.length) {
    return {
      outcome: 'confirmed',
      how: 'traffic',
      detail: cap(`${UNKNOWN_CMP}: accept, ${namesOf(changed)} written after the click and ${started.join(', ')} started sending`),
    };
  }
  if (opposite)
    return { outcome: 'unconfirmed', how: 'none', detail: cap(`${UNKNOWN_CMP}: ${nameOf(opposite.value)} written after the click reads ${opposite.choice}`) };
  if (changed.length) return { outcome: 'unconfirmed', how: 'none', detail: cap(`${UNKNOWN_CMP}: ${namesOf(changed)} written after the click, unreadable`) };
  return { outcome: 'unconfirmed', how: 'none', detail: `${UNKNOWN_CMP}: nothing stored after the click` };
}

/** The banners of one frame's answer to `banner-find`, validated and capped. */
export function parseFrameBanners(raw: unknown, frameId: number, frameUrl: string, sameSite: boolean): FrameBanner[] {
  const list = typeof raw === 'object' && raw !== null ? (raw as { banners?: unknown }).banners : undefined;
  if (!Array.isArray(list)) return [];
  return list.slice(0, 5).flatMap((item): FrameBanner[] => {
    if (typeof item !== 'object' || item === null) return [];
    const b = item as Record<string, unknown>;
    if (b.type !== 'consent-banner' && b.type !== 'notice') return [];
    return [
      {
        frameId,
        frameUrl: frameUrl.slice(0, 2000),
        sameSite,
        type: b.type,
        text: str(b.text, 300),
        controls: str(b.controls, 600),
        selector: str(b.selector, 200),
      },
    ];
  });
}

/** A frame's answer to `banner-click`, validated. */
export function parseBannerClick(raw: unknown): BannerClick {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'no answer' };
  const r = raw as Record<string, unknown>;
  if (r.ok === true)
    return { ok: true, label: str(r.label, 120), selector: str(r.selector, 200), ...(typeof r.at === 'number' && Number.isFinite(r.at) && { at: r.at }) };
  return { ok: false, reason: str(r.reason, 40) || 'failed' };
}

function nameOf(value: ChangedValue): string {
  return `${value.where === 'cookie' ? 'cookie' : 'localStorage'} ${value.name.slice(0, 60)}`;
}

function namesOf(values: readonly ChangedValue[]): string {
  const names = values.slice(0, 3).map(nameOf).join(', ');
  return values.length > 3 ? `${names} and ${values.length - 3} more` : names;
}

function str(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function cap(text: string): string {
  return text.slice(0, 300);
}
