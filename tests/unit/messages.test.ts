import { describe, expect, it } from 'vitest';
import { failureOf, MAX_ERROR_TEXT, parseRequest } from '@/lib/messages';

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

describe('failureOf', () => {
  it("says what was thrown: an Error's or a DOMException's name and message, anything else as text", () => {
    expect(failureOf(new TypeError('x is undefined'))).toEqual({ ok: false, reason: 'error', error: 'TypeError: x is undefined' });
    expect(failureOf(new DOMException('The transaction has finished.', 'TransactionInactiveError'))).toEqual({
      ok: false,
      reason: 'error',
      error: 'TransactionInactiveError: The transaction has finished.',
    });
    expect(failureOf('quota')).toEqual({ ok: false, reason: 'error', error: 'quota' });
    expect(failureOf(undefined).error).toBe('undefined');
  });

  it(`keeps at most ${MAX_ERROR_TEXT} characters`, () => {
    // (The exact texts above hold no stack.)
    expect(failureOf(new Error('y'.repeat(10_000))).error).toBe(`Error: ${'y'.repeat(MAX_ERROR_TEXT - 7)}`);
    // A thrown object whose name and message are not strings, or whose getters throw, is still told.
    expect(failureOf({ name: 42, message: { toString: () => 'odd' } }).error).toBe('42: odd');
    const hostile = {
      get name(): string {
        throw new Error('no');
      },
      message: 'm',
    };
    expect(failureOf(hostile).error).toBe('unknown error');
  });
});
