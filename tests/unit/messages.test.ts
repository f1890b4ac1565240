import { describe, expect, it } from 'vitest';
import { parseRequest } from '@/lib/messages';

describe('parseRequest', () => {
  it.each([
    [
      { type: 'get-tab-data', tabId: 3 },
      { type: 'get-tab-data', tabId: 3 },
    ],
    [
      { type: 'get-report', tabId: 3 },
      { type: 'get-report', tabId: 3, includeValues: false },
    ],
    [
      { type: 'get-report', visitId: 'v', includeValues: true },
      { type: 'get-report', visitId: 'v', includeValues: true },
    ],
    [
      { type: 'get-report', tabId: 3, preview: true },
      { type: 'get-report', tabId: 3, includeValues: false, preview: true },
    ],
    [
      { type: 'get-report', tabId: 3, preview: 'yes' },
      { type: 'get-report', tabId: 3, includeValues: false },
    ],
    [{ type: 'delete-all' }, { type: 'delete-all' }],
    [
      { type: 'run-scenario', tabId: 3, scenario: 'reject', seconds: 5 },
      { type: 'run-scenario', tabId: 3, scenario: 'reject', seconds: 5 },
    ],
    [
      { type: 'run-scenario', tabId: 3, scenario: 'accept', seconds: 1e9 },
      { type: 'run-scenario', tabId: 3, scenario: 'accept', seconds: 120 },
    ],
    [
      { type: 'run-scenario', tabId: 3, scenario: 'accept' },
      { type: 'run-scenario', tabId: 3, scenario: 'accept', seconds: 8 },
    ],
    [
      { type: 'get-scenario-status', tabId: 3 },
      { type: 'get-scenario-status', tabId: 3 },
    ],
    [
      { type: 'set-settings', settings: { retentionDays: 9999, maxVisits: -5, evil: 1 } },
      { type: 'set-settings', settings: { retentionDays: 365, maxVisits: 1 } },
    ],
    [
      { type: 'set-settings', settings: { language: 'fr' } },
      { type: 'set-settings', settings: { language: 'fr' } },
    ],
    [
      { type: 'set-settings', settings: { language: 'de' } },
      { type: 'set-settings', settings: {} },
    ],
  ])('accepts %j', (raw, expected) => expect(parseRequest(raw)).toEqual(expected));

  it.each([
    null,
    'get-tab-data',
    { type: 'get-tab-data', tabId: '3' },
    { type: 'probe-batch' },
    { type: 'delete-visit' },
    { type: 'eval', code: '1' },
    { type: 'run-scenario', tabId: 3, scenario: 'revoke' },
    { type: 'run-scenario', scenario: 'reject' },
    { type: 'get-scenario-status' },
  ])('rejects %j', (raw) => expect(parseRequest(raw)).toBeUndefined());
});

describe('parseRequest: the report language', () => {
  it('keeps a shipped language on get-report and export, and drops anything else', () => {
    expect(parseRequest({ type: 'get-report', tabId: 1, lang: 'fr' })).toEqual({ type: 'get-report', tabId: 1, includeValues: false, lang: 'fr' });
    expect(parseRequest({ type: 'export', format: 'md', tabId: 1, lang: 'en' })).toEqual({
      type: 'export',
      format: 'md',
      tabId: 1,
      includeValues: false,
      lang: 'en',
    });
    expect(parseRequest({ type: 'export', format: 'md', tabId: 1, lang: 'de' })).toEqual({ type: 'export', format: 'md', tabId: 1, includeValues: false });
    expect(parseRequest({ type: 'get-report', tabId: 1, lang: { toString: () => 'fr' } })).toEqual({ type: 'get-report', tabId: 1, includeValues: false });
  });
});
