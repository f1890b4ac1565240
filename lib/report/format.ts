import { EN, type MessageKey } from '../i18n/en';
import { formatMessage, msg } from '../i18n/message';
import { createTranslator, type Lang, plural } from '../i18n/translate';
import type { FindingGroup } from './group';

/** Display helpers shared by the popup and the exports. Pure. */

/** "−1.25 s", "300 ms"; a decimal comma in French. */
export function formatTime(ms: number, lang: Lang = 'en'): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  const text =
    abs < 1000
      ? formatMessage(msg('time.ms', { n: Math.round(abs) }), lang)
      : formatMessage(msg('time.s', { s: { decimal: abs / 1000, digits: abs < 10_000 ? 2 : 1 } }), lang);
  return `${sign}${text}`;
}

const DAY = 86_400;

/** A declared cookie lifetime in seconds (`null` = session) as words: "session", "30 min", "13 months", "2 years". */
export function formatLifetime(seconds: number | null, lang: Lang = 'en'): string {
  return formatMessage(lifetimeMessage(seconds), lang);
}

function lifetimeMessage(seconds: number | null) {
  if (seconds === null) return msg('lifetime.session');
  if (seconds <= 0) return msg('lifetime.expired');
  if (seconds < 3600) return msg('lifetime.min', { n: Math.round(seconds / 60) });
  if (seconds < DAY) return msg('lifetime.h', { n: Math.round(seconds / 3600) });
  if (seconds < 60 * DAY) return msg('lifetime.days', { n: Math.round(seconds / DAY) });
  if (seconds < 730 * DAY) return msg('lifetime.months', { n: Math.round(seconds / (30.44 * DAY)) });
  return msg('lifetime.years', { years: { decimal: seconds / (365.25 * DAY), digits: 1 } });
}

/** A finding group's rule name ("Tracker active before consent"), its count ("3 findings") and its earliest evidence. */
export function groupLabel(group: FindingGroup, lang: Lang = 'en'): { rule: string; count: string; first: string } {
  const t = createTranslator(lang);
  const name = `rule.${group.rule}.name`;
  const first =
    group.firstFromChoice !== undefined
      ? t('findings.group.first', { time: `${group.firstFromChoice >= 0 ? '+' : ''}${formatTime(group.firstFromChoice, lang)}` })
      : group.first !== undefined
        ? t('findings.group.firstAt', { time: formatTime(group.first, lang) })
        : '';
  return {
    rule: isMessageKey(name) ? t(name) : group.rule,
    count: plural(t, lang, 'findings.group.count', group.findings.length),
    first,
  };
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}
