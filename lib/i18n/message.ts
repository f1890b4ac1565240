import type { MessageKey } from './en';
import { DICTIONARIES, type Lang, type PluralKey } from './translate';

/**
 * A user-facing text as data: a catalogue key and its parameters, rendered in a language only when shown. A key
 * that has `.one`/`.other` forms takes its form from the number `n`. Parameters are data (names, selectors, URLs:
 * shown as given), numbers (formatted in the language), decimals, lists, or other messages.
 */
export interface Message {
  key: MessageKey | PluralKey;
  params?: Record<string, Param>;
}

export type Param = string | number | Message | Decimal | ParamList;

/** A number shown with exactly `digits` decimals ("3.2" in English, "3,2" in French). */
export interface Decimal {
  decimal: number;
  digits: number;
}

/** Items joined the language's way ("a, b and c", "a, b et c"), or with commas, semicolons or spaces (sentences). */
export interface ParamList {
  list: Param[];
  join?: 'and' | ',' | ';' | ' ';
}

export const CATALOGUES = DICTIONARIES;

export function msg(key: Message['key'], params?: Record<string, Param>): Message {
  return params ? { key, params } : { key };
}

/** Renders a message; throws on a key no catalogue has (the catalogue types and tests make that a bug). */
export function formatMessage(message: Message, lang: Lang): string {
  const catalogue: Record<string, string | undefined> = CATALOGUES[lang];
  const params = message.params ?? {};
  const n = params.n;
  const template = catalogue[message.key] ?? catalogue[`${message.key}.${typeof n === 'number' ? pluralForm(n, lang) : 'other'}`];
  if (template === undefined) throw new Error(`No message ${message.key} in ${lang}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : formatParam(value, lang);
  });
}

export function formatParam(param: Param, lang: Lang): string {
  if (typeof param === 'string') return param;
  if (typeof param === 'number') return new Intl.NumberFormat(lang).format(param);
  if ('key' in param) return formatMessage(param, lang);
  if ('list' in param) {
    const items = param.list.map((p) => formatParam(p, lang));
    const join = param.join ?? 'and';
    return join === 'and' ? new Intl.ListFormat(lang, { type: 'conjunction' }).format(items) : items.join(join === ' ' ? ' ' : `${join} `);
  }
  return new Intl.NumberFormat(lang, { minimumFractionDigits: param.digits, maximumFractionDigits: param.digits }).format(param.decimal);
}

/** `one` or `other`: French uses the singular for 0 and 1 (and 1.5), English only for 1. */
export function pluralForm(n: number, lang: Lang): 'one' | 'other' {
  return new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other';
}

/** "300 ms", "1.2 s". */
export function durationMessage(ms: number): Message {
  return ms < 1000 ? msg('time.ms', { n: Math.round(ms) }) : msg('time.s', { s: { decimal: ms / 1000, digits: 1 } });
}

/** "1.2 s before the choice", "at the choice", "300 ms after the choice"; undefined without a choice. */
export function relativeToChoiceMessage(t: number, choiceAt: number | undefined): Message | undefined {
  if (choiceAt === undefined) return undefined;
  const delta = t - choiceAt;
  if (delta === 0) return msg('time.atChoice');
  return msg(delta < 0 ? 'time.beforeChoice' : 'time.afterChoice', { time: durationMessage(Math.abs(delta)) });
}
