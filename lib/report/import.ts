import { LANGS, type Lang } from '../i18n/translate';
import type { Comparable } from './diff';
import { REPORT_SCHEMA } from './types';

/**
 * A report exported as JSON by this or an earlier version of the extension (any revision of `report@1`), read back to
 * be compared with a stored scan. The file is the user's, but it may have been edited or come from anyone: it is
 * untrusted input. Only what a comparison shows is kept (the page, the date, vendors, findings, cookies set), each
 * field checked for its type, strings cut, lists capped; the rest of the file is ignored.
 */
export interface ImportedReport extends Comparable {
  url: string;
  startedAt: string;
  lang: Lang;
  /** The extension version that exported it, when the file says. */
  version?: string;
}

export type ImportResult = { ok: true; report: ImportedReport } | { ok: false; reason: ImportRefusal };
export type ImportRefusal = 'too-large' | 'not-json' | 'not-a-report' | 'other-schema';

/** The largest file read (an export of a long visit with headers is a few MB; values are redacted by default). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** Caps on what is kept: more than any visit holds (50,000 records at most). */
const MAX_ITEMS = 50_000;
const MAX_TEXT = 2_000;

export function readExportedReport(text: string): ImportResult {
  // A UTF-16 length is at most the UTF-8 size: a text longer than the cap in characters is over it in bytes too.
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, reason: 'too-large' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (!isObject(value) || typeof value.schema !== 'string') return { ok: false, reason: 'not-a-report' };
  if (value.schema !== REPORT_SCHEMA) return { ok: false, reason: 'other-schema' };
  const page = isObject(value.page) ? value.page : {};
  const visit = isObject(value.visit) ? value.visit : {};
  const startedAt = typeof visit.startedAt === 'string' && !Number.isNaN(Date.parse(visit.startedAt)) ? new Date(visit.startedAt).toISOString() : undefined;
  const url = str(page.url);
  if (!startedAt || !url || !Array.isArray(value.vendors) || !Array.isArray(value.findings) || !Array.isArray(value.cookies)) {
    return { ok: false, reason: 'not-a-report' };
  }
  const extension = isObject(value.extension) ? str(value.extension.version) : undefined;
  const vendors = items(value.vendors, (v) => {
    const id = str(v.id);
    return id ? { id, name: str(v.name) ?? id } : undefined;
  });
  const findings = items(value.findings, (f) => {
    const rule = str(f.rule);
    const title = str(f.title);
    if (!rule || !title) return undefined;
    const vendorId = isObject(f.vendor) ? str(f.vendor.id) : undefined;
    return { rule, title, ...(vendorId && { vendor: { id: vendorId } }) };
  });
  const cookies = items(value.cookies, (c) => {
    const name = str(c.name);
    const domain = str(c.domain);
    const action = str(c.action);
    return name !== undefined && domain !== undefined && action ? { name, domain, action } : undefined;
  });
  // Reports before revision 1.7 have no `lang`: their texts are English.
  const lang = LANGS.find((l) => l === value.lang) ?? 'en';
  return { ok: true, report: { url, startedAt, lang, vendors, findings, cookies, ...(extension && { version: extension }) } };
}

function items<T>(list: unknown[], read: (item: Record<string, unknown>) => T | undefined): T[] {
  const out: T[] = [];
  for (const item of list.slice(0, MAX_ITEMS)) {
    const kept = isObject(item) ? read(item) : undefined;
    if (kept !== undefined) out.push(kept);
  }
  return out;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
