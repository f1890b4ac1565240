import { getDefaultIndex } from '@/lib/classify/vendors';
import { runRules } from '@/lib/findings/run';
import { buildScan, sortRecords } from '@/lib/analysis/analyze';
import type { ConsentSignalRecord, CookieRecord, EvidenceRecord, Finding, StorageRecord, Visit } from '@/lib/model';
import { buildReport } from '@/lib/report/build';
import type { Report, ReportMeta } from '@/lib/report/types';
import { makeRequest, makeVisit } from '../../fixtures/factories';

export const META: ReportMeta = {
  generatedAt: Date.parse('2026-11-22T10:00:00Z'),
  extension: { name: 'Consent Inspector', version: '0.1.0' },
  browser: { name: 'chromium', version: '150' },
  database: { version: 'test' },
  scenario: 'observe',
  includeValues: false,
};

export function makeCookie(overrides: Partial<CookieRecord> & { name: string }): CookieRecord {
  return {
    kind: 'cookie',
    id: `c:${overrides.name}:${overrides.t ?? 0}`,
    visitId: 'visit-1',
    t: 0,
    source: 'snapshot',
    frameId: 0,
    via: 'script',
    action: 'set',
    value: 'v',
    domain: 'shop.example',
    hostOnly: false,
    path: '/',
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    partitioned: false,
    declaredLifetime: null,
    ...overrides,
  };
}

export function makeStorage(overrides: Partial<StorageRecord> & { key: string }): StorageRecord {
  return {
    kind: 'storage',
    id: `s:${overrides.key}`,
    visitId: 'visit-1',
    t: 0,
    source: 'probe',
    frameId: 0,
    area: 'localStorage',
    action: 'set',
    origin: 'https://shop.example',
    value: 'v',
    ...overrides,
  };
}

export function makeGcmUpdate(t: number, value: 'granted' | 'denied'): ConsentSignalRecord {
  const params = Object.fromEntries(['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'].map((k) => [k, value]));
  return { kind: 'consent', id: `k:${t}`, visitId: 'visit-1', t, source: 'probe', frameId: 0, signal: 'gcm', command: 'update', params };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'tracker-before-consent',
    severity: 'high',
    title: 'Google Analytics loaded before consent',
    phase: 'before-choice',
    evidence: { records: ['r:1'], urls: ['https://www.google-analytics.com/g/collect'], times: [120] },
    references: [{ title: 'ePrivacy Directive art. 5(3)', url: 'https://eur-lex.europa.eu/eli/dir/2002/58/oj' }],
    fix: 'Load it after consent.',
    ...overrides,
  };
}

/** A demo shop: first-party page, Google Analytics, Facebook, Hotjar, a long-lived cookie, storage; `requests` adds filler. */
export function makeReport({
  requests = 0,
  extra = [],
  visit = {},
  findings,
  scenario = 'observe',
}: {
  requests?: number;
  extra?: EvidenceRecord[];
  visit?: Partial<Visit>;
  findings?: Finding[];
  scenario?: string;
} = {}): Report {
  const records: EvidenceRecord[] = [
    makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 }),
    makeRequest({ url: 'https://www.googletagmanager.com/gtag/js?id=G-1', t: 40 }),
    makeRequest({ url: 'https://www.google-analytics.com/g/collect?v=2', type: 'ping', t: 300 }),
    makeRequest({ url: 'https://connect.facebook.net/en_US/fbevents.js', t: 60 }),
    makeRequest({ url: 'https://static.hotjar.com/c/hotjar-1.js', t: 80 }),
    makeCookie({ name: '_ga', t: 320, declaredLifetime: 63_072_000 }),
    makeCookie({ name: 'theme', t: 20, declaredLifetime: 86_400 }),
    makeStorage({ key: 'cart', t: 30 }),
    ...Array.from({ length: requests }, (_, i) => makeRequest({ url: `https://shop.example/r/${i}`, type: 'image', t: 500 + i })),
    ...extra,
  ].sort((a, b) => a.t - b.t);
  const scan = buildScan(makeVisit(visit), sortRecords(records), getDefaultIndex(), { recordings: new Set(), leaks: [], limits: [] });
  return buildReport(scan, findings ?? runRules(scan), { ...META, scenario });
}
