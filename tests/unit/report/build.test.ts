import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';

import type { EvidenceRecord } from '@/lib/model';
import { buildReport } from '@/lib/report/build';
import { REDACTED, REPORT_SCHEMA, type ReportMeta } from '@/lib/report/types';
import schema from '@/lib/report/report.schema.json';
import { runRules } from '@/lib/findings/run';
import { makeRequest, makeVisit, scanRecords } from '../../fixtures/factories';
import { ALL_PURPOSES, makeTcString } from '../../fixtures/tc-strings';

const index = getDefaultIndex();
const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
const meta: ReportMeta = {
  generatedAt: Date.parse('2026-11-22T10:00:00Z'),
  extension: { name: 'Consent Inspector', version: '0.1.0' },
  browser: { name: 'chromium', version: '156' },
  database: { version: 'test' },
  scenario: 'observe',
  includeValues: false,
};

const records: EvidenceRecord[] = [
  makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 }),
  makeRequest({
    url: 'https://in.hotjar.com/x',
    type: 'xmlhttprequest',
    method: 'POST',
    t: 40,
    body: { bytes: new Uint8Array([104, 105]), size: 2, truncated: false, form: 'raw' },
  }),
  {
    kind: 'cookie',
    id: 'c:1',
    visitId: 'visit-1',
    t: 20,
    source: 'probe',
    frameId: 0,
    via: 'script',
    action: 'set',
    name: '_ga',
    value: 'GA1.1.secret',
    domain: 'shop.example',
    hostOnly: false,
    path: '/',
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    partitioned: false,
    declaredLifetime: 63_072_000,
  },
  {
    kind: 'storage',
    id: 's:1',
    visitId: 'visit-1',
    t: 30,
    source: 'probe',
    frameId: 0,
    area: 'localStorage',
    action: 'set',
    origin: 'https://shop.example',
    key: 'email',
    value: 'me@example.com',
  },
  { kind: 'global', id: 'g:1', visitId: 'visit-1', t: 50, source: 'probe', frameId: 0, origin: 'https://shop.example', name: 'hj' },
];

describe('report.consent', () => {
  const tc = makeTcString({ cmpId: 7, purposes: ALL_PURPOSES, legitimateInterests: [2], vendors: [755] });
  const token = btoa(JSON.stringify({ purposes: { enabled: [], disabled: ['ads', 'analytics'] }, vendors: { enabled: [], disabled: [] } }));
  const consentRecords: EvidenceRecord[] = [
    makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 }),
    {
      kind: 'consent',
      id: 'k:1',
      visitId: 'visit-1',
      t: 100,
      source: 'probe',
      frameId: 0,
      signal: 'tcf',
      command: 'cmpuishown',
      params: { cmpId: '7', purposes: '' },
    },
    {
      kind: 'storage',
      id: 's:d',
      visitId: 'visit-1',
      t: 2000,
      source: 'probe',
      frameId: 0,
      area: 'localStorage',
      action: 'set',
      origin: 'https://shop.example',
      key: 'didomi_token',
      value: token,
    },
    makeRequest({ url: `https://ads.example/bid?gdpr=1&gdpr_consent=${tc}`, type: 'xmlhttprequest', t: 2600 }),
    makeRequest({ url: 'https://www.facebook.com/tr?id=1', type: 'image', t: 3000 }),
  ];
  const scan = scanRecords(makeVisit(), consentRecords, index);
  const report = buildReport(scan, runRules(scan), meta);

  it('carries the timeline, the state, the transitions and the decoded TC strings, valid against the schema', () => {
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.consent).toMatchObject({ cmps: ['didomi'], choice: 'reject', choiceAt: 2000, state: { choice: 'reject', source: 'cmp-storage' } });
    expect(report.consent.events.map((e) => e.kind)).toEqual(['cmp-detected', 'banner-shown', 'choice']);
    expect(report.consent.transitions).toEqual([{ t: 2000, phase: 'after-refusal' }]);
    expect(report.consent.tcStrings).toEqual([
      expect.objectContaining({
        where: 'request',
        cmpId: 7,
        choice: 'accept',
        purposesConsented: ALL_PURPOSES,
        legitimateInterestPurposes: [2],
        vendorConsentCount: 1,
      }),
    ]);
    expect(report.requests.map((r) => r.phase)).toEqual(['before-choice', 'after-refusal', 'after-refusal']);
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['tracker-after-refusal', 'consent-stored-despite-refusal']));
  });

  it('keeps storage values redacted by default while the decoded consent stays readable', () => {
    expect(report.storage.find((s) => s.key === 'didomi_token')?.value).toBe(REDACTED);
    expect(JSON.stringify(report.consent)).not.toContain(token);
  });

  it('rejects a consent section without its timeline', () => {
    const { events, ...rest } = report.consent;
    expect(validate({ ...report, consent: rest })).toBe(false);
  });
});

describe('buildReport', () => {
  it('produces a report that validates against the v1 JSON Schema', () => {
    const report = buildReport(scanRecords(makeVisit({ title: 'Shop' }), records, index), [], meta);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ schema: REPORT_SCHEMA, page: { url: 'https://shop.example/', title: 'Shop', site: 'shop.example' }, findings: [] });
    expect(report.summary).toEqual({
      requests: 2,
      thirdPartyRequests: 1,
      thirdPartySites: ['hotjar.com'],
      payloads: 0,
      cookies: 1,
      storage: 1,
      globals: 1,
      vendors: 2,
      unclassifiedSites: 0,
    });
  });

  it('names the cookie store of a visit in a private window and marks it private, valid against the schema', () => {
    const report = buildReport(scanRecords(makeVisit({ cookieStoreId: '1', private: true }), records, index), [], meta);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.visit).toMatchObject({ cookieStore: '1', private: true });
    expect(buildReport(scanRecords(makeVisit(), records, index), [], meta).visit).not.toHaveProperty('private');
    expect(validate({ ...report, visit: { ...report.visit, private: false } })).toBe(false);
  });

  it('gives every record a vendor or `unclassified`, and lists the vendors seen', () => {
    const report = buildReport(
      scanRecords(makeVisit(), [...records, makeRequest({ url: 'https://cdn.unknown-tracker.example/p.gif', type: 'image', t: 60 })], index),
      [],
      meta,
    );
    expect(report.requests.map((r) => r.vendor)).toEqual(['unclassified', 'hotjar', 'unclassified']);
    expect(report.cookies[0]?.vendor).toBe('google-analytics');
    expect(report.storage[0]?.vendor).toBe('unclassified');
    // A page global is a hint (stubs exist), never the vendor: it says which vendor it resembles.
    expect(report.globals[0]).toMatchObject({ vendor: 'unclassified', resembles: { vendor: 'hotjar', reason: 'global' } });
    expect(report.requests[1]).toMatchObject({ attribution: 'host', activity: 'data' });
    expect(report.vendors.map((v) => [v.id, v.category, v.consent, v.firstSeen, v.requests, v.cookies, v.globals, v.loaded, v.sent, v.stored])).toEqual([
      ['google-analytics', 'audience-measurement', 'required', 20, 0, 1, 0, 0, 0, 1],
      ['hotjar', 'session-replay', 'required', 40, 1, 0, 0, 0, 1, 0],
    ]);
    expect(report.unclassifiedSites).toEqual([{ site: 'unknown-tracker.example', firstSeen: 60, requests: 1, hostnames: ['cdn.unknown-tracker.example'] }]);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reports a CNAME-cloaked first-party subdomain as a first-party alias of its vendor', () => {
    const cloaked = makeRequest({ url: 'https://smetrics.shop.example/b/ss/x', type: 'image', t: 70, cname: 'shop.example.sc.omtrdc.net' });
    const report = buildReport(scanRecords(makeVisit(), [...records, cloaked], index), [], meta);
    expect(report.cnameAliases).toEqual([{ hostname: 'smetrics.shop.example', canonicalName: 'shop.example.sc.omtrdc.net', vendor: 'adobe-analytics' }]);
    expect(report.requests.find((r) => r.id === cloaked.id)).toMatchObject({ vendor: 'adobe-analytics', party: 'first', cname: 'shop.example.sc.omtrdc.net' });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('orders evidence by time and marks parties', () => {
    const report = buildReport(scanRecords(makeVisit(), records, index), [], meta);
    expect(report.requests.map((r) => [r.hostname, r.party])).toEqual([
      ['shop.example', 'first'],
      ['in.hotjar.com', 'third'],
    ]);
  });

  it('redacts cookie values, storage values and bodies by default', () => {
    const text = JSON.stringify(buildReport(scanRecords(makeVisit(), records, index), [], meta));
    expect(text).not.toContain('GA1.1.secret');
    expect(text).not.toContain('me@example.com');
    expect(text).toContain(REDACTED);
    const report = buildReport(scanRecords(makeVisit(), records, index), [], meta);
    expect(report.redacted).toBe(true);
    expect(report.requests[1]?.body).toEqual({ size: 2, truncated: false, form: 'raw' });
  });

  it('includes values only when asked, and still validates', () => {
    const report = buildReport(scanRecords(makeVisit(), records, index), [], { ...meta, includeValues: true });
    expect(report.redacted).toBe(false);
    expect(report.cookies[0]?.value).toBe('GA1.1.secret');
    expect(report.requests[1]?.body?.base64).toBe('aGk=');
    expect(validate(report)).toBe(true);
  });

  it('rejects a report with an unknown rule id (the vocabulary is fixed)', () => {
    const report = buildReport(scanRecords(makeVisit(), records, index), [], meta);
    const bad = {
      ...report,
      findings: [
        {
          rule: 'made-up',
          severity: 'high',
          title: 't',
          phase: 'unknown',
          evidence: { records: [], urls: [], times: [] },
          references: [{ title: 'x' }],
          fix: 'y',
        },
      ],
    };
    expect(validate(bad)).toBe(false);
  });

  it("reports each recorder's visible configuration and each masking verdict's basis, valid against the schema", () => {
    const loader = makeRequest({ url: 'https://static.hotjar.com/c/hotjar-1.js', t: 10 });
    const config: EvidenceRecord = {
      kind: 'recorder-config',
      id: 'rc:1',
      visitId: 'visit-1',
      t: 20,
      source: 'probe',
      frameId: 0,
      origin: 'https://shop.example',
      vendor: 'hotjar',
      via: 'hj(init)',
      options: {},
    };
    const field: EvidenceRecord = {
      kind: 'field',
      id: 'f:1',
      visitId: 'visit-1',
      t: 30,
      source: 'snapshot',
      frameId: 0,
      origin: 'https://shop.example',
      selector: '#email',
      element: 'input:email',
      fieldKind: 'email',
      label: 'E-mail',
      markers: ['[data-hj-allow]'],
    };
    const report = buildReport(scanRecords(makeVisit(), [...records, loader, config, field], index), [], meta);
    expect(report.masking).toMatchObject([{ vendor: 'hotjar', selector: '#email', verdict: 'unmasked', basis: 'marker' }]);
    const posthog = buildReport(
      scanRecords(
        makeVisit(),
        [
          ...records,
          makeRequest({ url: 'https://us-assets.i.posthog.com/static/lazy-recorder.js', t: 10 }),
          { ...config, id: 'rc:2', vendor: 'posthog', via: 'posthog.init', options: { 'session_recording.maskAllInputs': false } },
        ],
        index,
      ),
      [],
      meta,
    );
    expect(posthog.recorders.find((r) => r.vendor === 'posthog')).toMatchObject({
      config: { via: ['posthog.init'], said: [expect.stringContaining('maskAllInputs')] },
    });
    expect(validate(posthog), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });
});
