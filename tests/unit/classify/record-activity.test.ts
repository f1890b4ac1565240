import { describe, expect, it } from 'vitest';
import { abortedSends } from '@/lib/classify/record-activity';
import { attributeRecords } from '@/lib/classify/attribute';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import { request } from '../../fixtures/evidence';

const index = getDefaultIndex();

describe('request activity from the vendor files', () => {
  it("PostHog's remote config, as a script or as the SDK's fallback fetch, is loading; its event uploads are data", () => {
    const records = [
      request('https://us-assets.i.posthog.com/array/phc_abc/config.js', 10, { type: 'script' }),
      // posthog-js fetches the same config without .js when the script did not come (seen in Firefox).
      request('https://us-assets.i.posthog.com/array/phc_abc/config', 11, { type: 'xmlhttprequest' }),
      request('https://eu-assets.i.posthog.com/array/phc_abc/config', 12, { type: 'xmlhttprequest' }),
      request('https://us.i.posthog.com/i/v0/e/', 13, { type: 'xmlhttprequest', method: 'POST' }),
      request('https://us.i.posthog.com/array/phc_abc/config', 14, { type: 'xmlhttprequest' }),
    ];
    const facts = attributeRecords(index, 'shop.example', records).facts;
    expect(records.map((r) => [facts.get(r.id)?.vendor, facts.get(r.id)?.activity])).toEqual([
      ['posthog', 'code'],
      ['posthog', 'code'],
      ['posthog', 'code'],
      ['posthog', 'data'],
      // Not the assets host: an ingestion host's GET stays data.
      ['posthog', 'data'],
    ]);
  });
});

describe('sends that never left', () => {
  const url = 'https://api2.amplitude.com/2/httpapi';
  const post = (t: number, extra = {}) => request(url, t, { type: 'xmlhttprequest', method: 'POST', ...extra });
  const preflight = (t: number, extra = {}) => request(url, t, { type: 'xmlhttprequest', method: 'OPTIONS', ...extra });

  it('a request whose CORS preflight was never answered was never sent (Firefox, a tab closed during a pagehide upload)', () => {
    const [waiting, options] = [post(7871), preflight(7875)];
    expect(abortedSends([waiting, options])).toEqual(new Set([waiting.id]));
  });

  it('a request whose preflight was answered, or that was answered itself, or seen at the everyday level, was sent', () => {
    expect(abortedSends([post(7871), preflight(7875, { status: 200 })]).size).toBe(0);
    expect(abortedSends([post(7871, { status: 200 }), preflight(7875)]).size).toBe(0);
    expect(abortedSends([post(7871, { everyday: true }), preflight(7875, { everyday: true })]).size).toBe(0);
    // A preflight of a later call, or none at all: no inference.
    expect(abortedSends([post(1000), preflight(7875)]).size).toBe(0);
    expect(abortedSends([post(1000)]).size).toBe(0);
  });
});
