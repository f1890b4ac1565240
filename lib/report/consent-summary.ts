import type { ReportConsent } from './types';
import { formatTime } from './format';

/** One line for the consent state: CMPs, the choice and when, per purpose. Pure, plain text (escape before use). */
export function consentSummary(consent: ReportConsent): string {
  const cmps = consent.cmps.length ? consent.cmps.join(', ') : 'no consent manager detected';
  const { state } = consent;
  const choice =
    consent.choice === undefined
      ? 'no choice made'
      : `${CHOICE_WORDS[consent.choice]} at ${formatTime(consent.choiceAt ?? 0)}${consent.choiceAt === 0 && consent.events.some((e) => e.prior) ? ' (stored before the visit)' : ''}`;
  const now = state.choice !== 'none' && state.choice !== consent.choice ? `; now ${state.choice === 'unknown' ? 'unknown' : CHOICE_WORDS[state.choice]}` : '';
  return [cmps, `${choice}${now}`, purposesText(state.purposes)].filter(Boolean).join(' · ');
}

/** "analytics ✓, ads ✗" (at most 12 purposes). */
export function purposesText(purposes: Record<string, boolean> | undefined): string {
  if (!purposes) return '';
  const entries = Object.entries(purposes);
  const shown = entries.slice(0, 12).map(([p, granted]) => `${p} ${granted ? '✓' : '✗'}`);
  return shown.join(', ') + (entries.length > shown.length ? ` (+${entries.length - shown.length})` : '');
}

/** The consent timeline as table rows: time, source, event, CMP, choice, purposes. */
export function consentEventRows(consent: ReportConsent): string[][] {
  return consent.events.map((e) => [
    e.prior ? `${formatTime(e.t)} (stored before)` : formatTime(e.t),
    e.source,
    e.kind,
    e.cmp ?? '',
    e.choice ? CHOICE_WORDS[e.choice] : '',
    purposesText(e.purposes),
  ]);
}

/** Decoded TC strings as table rows: where, time, CMP id, choice, purposes consented, legitimate interests, vendors. */
export function tcStringRows(consent: ReportConsent): string[][] {
  return consent.tcStrings.map((tc) => [
    tc.where,
    formatTime(tc.t),
    `${tc.cmpId}${tc.cmp ? ` (${tc.cmp})` : ''}`,
    CHOICE_WORDS[tc.choice],
    tc.purposesConsented.join(' ') || 'none',
    tc.legitimateInterestPurposes.join(' ') || 'none',
    String(tc.vendorConsentCount),
  ]);
}

const CHOICE_WORDS = { accept: 'accepted', reject: 'refused', partial: 'partly accepted' } as const;
