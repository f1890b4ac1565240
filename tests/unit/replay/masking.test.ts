import { describe, expect, it } from 'vitest';
import { body, canary, field, request, scanOf, scanWithLeaks } from '../findings/helpers';

describe('judgeMasking (through the scan)', () => {
  const hotjar = request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' });

  it('follows the vendor defaults, then its markers', () => {
    const scan = scanOf([hotjar, field('email'), field('name', ['[data-hj-suppress]']), field('tel', ['[data-hj-allow]']), field('password')]);
    expect(scan.masking.map((m) => [m.field.fieldKind, m.verdict])).toEqual([
      ['email', 'masked'],
      ['name', 'masked'],
      ['tel', 'unmasked'],
      ['password', 'masked'],
    ]);
    expect(scan.masking[0]?.reason).toBe('configuration not visible; documented default: Hotjar masks inputs');
    expect(scan.masking.map((m) => m.basis)).toEqual(['default', 'marker', 'marker', 'default']);
  });

  it('says when masking depends on a dashboard setting', () => {
    const clarity = request('https://www.clarity.ms/tag/abc', 100, { type: 'script' });
    const verdicts = scanOf([clarity, field('email')]).masking;
    expect(verdicts.map((m) => m.vendor)).toEqual(['microsoft-clarity']);
    expect(['masked', 'depends-on-setting']).toContain(verdicts[0]?.verdict);
  });

  it('judges nothing when no recorder is on the page', () => {
    expect(scanOf([field('email', ['[data-hj-allow]'])]).masking).toEqual([]);
  });

  it('proves masking with the canary test, except for a recorder that ignores script-dispatched events', async () => {
    const email = canary('cnrymaskproof@example.com', 'email', 2000);
    const name = canary('cnrynameproof', 'name', 2000);
    const ingest = (url: string, text: string) => request(url, 2600, { method: 'POST', type: 'xmlhttprequest', body: body(text) });
    const mixpanel = await scanWithLeaks([
      request('https://cdn.mxpnl.com/libs/mixpanel-with-recorder.min.js', 100, { type: 'script' }),
      field('email'),
      field('name'),
      email,
      name,
      ingest('https://api-js.mixpanel.com/record/', JSON.stringify([{ type: 3, data: { source: 5, text: name.value } }])),
    ]);
    expect(mixpanel.masking.map((m) => [m.field.selector, m.verdict, m.proof])).toEqual([
      ['#email', 'masked', 'canary'],
      ['#name', 'unmasked', 'canary'],
    ]);
    const datadog = await scanWithLeaks([
      request('https://www.datadoghq-browser-agent.com/us1/v7/datadog-rum.js', 100, { type: 'script' }),
      field('email'),
      field('name'),
      email,
      name,
      ingest('https://browser-intake-datadoghq.com/api/v2/replay?x=1', JSON.stringify({ records: [{ type: 3, data: { source: 5, text: name.value } }] })),
    ]);
    expect(datadog.masking.map((m) => [m.field.selector, m.verdict, m.proof])).toEqual([
      ['#name', 'unmasked', 'canary'],
      ['#email', 'masked', 'static'],
    ]);
    expect(datadog.masking[1]?.reason).toContain('the canary test cannot confirm it');
  });
});
