import { getDefaultIndex } from '@/lib/classify/vendors';
import { consentViewOf } from '@/lib/consent/detect-consent';
import { buildScan, type ConsentView } from '@/lib/analysis/scan';
import type { CanaryRecord, CookieRecord, EvidenceRecord, FieldRecord, RequestRecord } from '@/lib/model';
import { findLeaks, type Leak } from '@/lib/replay/leaks';
import { makeRequest, makeVisit } from '../../fixtures/factories';

export function scanOf(records: EvidenceRecord[], options: { consent?: ConsentView; url?: string; leaks?: Leak[] } = {}) {
  const url = options.url ?? 'https://shop.example/';
  return buildScan(makeVisit({ url }), [makeRequest({ url, type: 'main_frame', t: 0 }), ...records], getDefaultIndex(), options.consent, options.leaks);
}

/** A scan with the canary test's leaks computed, as the service does. */
export async function scanWithLeaks(records: EvidenceRecord[]) {
  return scanOf(records, { leaks: await findLeaks(records) });
}

export function canary(value: string, fieldKind: CanaryRecord['fieldKind'] = 'email', t = 2000, trusted = false): CanaryRecord {
  return {
    kind: 'canary',
    id: `y:${++n}`,
    visitId: 'visit-1',
    t,
    source: 'audit',
    frameId: 0,
    selector: `#${fieldKind}`,
    fieldKind,
    label: fieldKind,
    value,
    trusted,
  };
}

export function body(text: string | Uint8Array) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { bytes, size: bytes.length, truncated: false, form: 'raw' as const };
}

export function request(url: string, t: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  return makeRequest({ url, t, ...extra });
}

let n = 0;
export function cookie(name: string, t: number, extra: Partial<CookieRecord> = {}): CookieRecord {
  return {
    kind: 'cookie',
    id: `c:${++n}`,
    visitId: 'visit-1',
    t,
    source: 'probe',
    frameId: 0,
    via: 'script',
    action: 'set',
    name,
    value: 'v',
    domain: 'shop.example',
    hostOnly: false,
    path: '/',
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    partitioned: false,
    declaredLifetime: 86_400,
    ...extra,
  };
}

export const CMP_ACCEPTED_AT_1000: ConsentView = consentViewOf([
  { t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'onetrust' },
  { t: 1000, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'accept' },
]);
export const CMP_REFUSED_AT_1000: ConsentView = consentViewOf([
  { t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'onetrust' },
  { t: 1000, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'reject' },
]);
export const CMP_NO_CHOICE: ConsentView = consentViewOf([{ t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'onetrust' }]);

export function field(fieldKind: FieldRecord['fieldKind'], markers: string[] = [], extra: Partial<FieldRecord> = {}): FieldRecord {
  return {
    kind: 'field',
    id: `f:${++n}`,
    visitId: 'visit-1',
    t: 1200,
    source: 'snapshot',
    frameId: 0,
    origin: 'https://shop.example',
    selector: `#${fieldKind}`,
    element: fieldKind === 'password' ? 'input:password' : fieldKind === 'free-text' ? 'textarea' : 'input:text',
    fieldKind,
    label: fieldKind,
    markers,
    ...extra,
  };
}
