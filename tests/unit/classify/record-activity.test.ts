import { describe, expect, it } from 'vitest';
import { attributeRecords } from '@/lib/classify/attribute';
import { getDefaultIndex } from '@/lib/classify/vendors';
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
