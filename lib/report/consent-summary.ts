import { createTranslator, type Lang } from '../i18n/translate';
import type { ReportConsent } from './types';
import { formatTime } from './format';

/** One line for the consent state: CMPs, the choice and when, per purpose. Pure, plain text (escape before use). */
export function consentSummary(consent: ReportConsent, lang: Lang = 'en'): string {
  const t = createTranslator(lang);
  const cmps = consent.cmps.length ? consent.cmps.join(', ') : t('consent.noCmp');
  const { state } = consent;
  const choice =
    consent.choice === undefined
      ? t('export.noChoice')
      : `${t('export.choiceAt', { choice: t(`export.choice.${consent.choice}`), time: formatTime(consent.choiceAt ?? 0, lang) })}${consent.choiceAt === 0 && consent.events.some((e) => e.prior) ? t('export.storedBeforeVisit') : ''}`;
  const now = state.choice !== 'none' && state.choice !== consent.choice ? t('export.now', { state: t(`export.choice.${state.choice}`) }) : '';
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
export function consentEventRows(consent: ReportConsent, lang: Lang = 'en'): string[][] {
  const t = createTranslator(lang);
  return consent.events.map((e) => [
    e.prior ? t('export.storedBefore', { time: formatTime(e.t, lang) }) : formatTime(e.t, lang),
    e.source,
    e.kind,
    e.cmp ?? '',
    e.choice ? t(`export.choice.${e.choice}`) : '',
    purposesText(e.purposes),
  ]);
}

/** Decoded TC strings as table rows: where, time, CMP id, choice, purposes consented, legitimate interests, vendors. */
export function tcStringRows(consent: ReportConsent, lang: Lang = 'en'): string[][] {
  const t = createTranslator(lang);
  return consent.tcStrings.map((tc) => [
    tc.where,
    formatTime(tc.t, lang),
    `${tc.cmpId}${tc.cmp ? ` (${tc.cmp})` : ''}`,
    t(`export.choice.${tc.choice}`),
    tc.purposesConsented.join(' ') || t('export.none'),
    tc.legitimateInterestPurposes.join(' ') || t('export.none'),
    String(tc.vendorConsentCount),
  ]);
}
