import { describe, expect, it } from 'vitest';
import { body, canary, field, request, scanOf, scanWithBodies } from '../../fixtures/evidence';

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
    const mixpanel = await scanWithBodies([
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
    const datadog = await scanWithBodies([
      request('https://www.datadoghq-browser-agent.com/us1/v7/datadog-rum.js', 100, { type: 'script' }),
      field('email'),
      field('name'),
      email,
      name,
      ingest('https://browser-intake-datadoghq.com/api/v2/replay?x=1', JSON.stringify({ records: [{ type: 3, data: { source: 5, text: name.value } }] })),
    ]);
    expect(datadog.masking.map((m) => [m.field.selector, m.verdict, m.proof])).toEqual([
      ['#name', 'unmasked', 'canary'],
      ['#email', 'unverified', 'static'],
    ]);
    expect(datadog.masking[1]?.reason).toContain('the canary test cannot confirm it');
  });

  const datadogScript = request('https://www.datadoghq-browser-agent.com/us1/v7/datadog-rum.js', 100, { type: 'script' });
  const datadogSegment = (t: number, text: string) =>
    request('https://browser-intake-datadoghq.com/api/v2/replay?x=1', t, { method: 'POST', type: 'xmlhttprequest', body: body(text) });

  it('never says masked for a recorder that ignores synthetic events when the values were typed synthetically', async () => {
    const email = canary('cnrysynthmail@example.com', 'email', 2000);
    const pw = canary('cnrysynthpass', 'password', 2000);
    const scan = await scanWithBodies([
      datadogScript,
      field('email'),
      field('password'),
      field('name', ['[data-dd-privacy="mask"]']),
      email,
      pw,
      canary('cnrysynthname', 'name', 2000),
      datadogSegment(2600, JSON.stringify({ records: [{ type: 3, data: { source: 5, text: '***' } }] })),
    ]);
    expect(scan.masking.map((m) => [m.field.selector, m.verdict])).toEqual([
      ['#email', 'unverified'],
      ['#password', 'unverified'],
      ['#name', 'unverified'],
    ]);
    expect(scan.masking.every((m) => m.reason.includes("typed without the browser's automation protocol"))).toBe(true);
  });

  it('keeps an explicit unmask marker when the canary test could not see, and says the test could not confirm it', async () => {
    const scan = await scanWithBodies([
      datadogScript,
      field('email', ['[data-dd-privacy="allow"]']),
      canary('cnryallowmail@example.com', 'email', 2000),
      datadogSegment(2600, '{"records":[]}'),
    ]);
    expect(scan.masking.map((m) => [m.verdict, m.marker])).toEqual([['unmasked', '[data-dd-privacy="allow"]']]);
    expect(scan.masking[0]?.reason).toContain('the canary test cannot confirm it');
  });

  it('counts a trusted canary for such a recorder like any other: a value that did not arrive proves masking', async () => {
    const email = canary('cnrytrustmail@example.com', 'email', 2000, true);
    const name = canary('cnrytrustname', 'name', 2000, true);
    const scan = await scanWithBodies([
      datadogScript,
      field('email'),
      field('name'),
      email,
      name,
      datadogSegment(2600, JSON.stringify({ records: [{ type: 3, data: { source: 5, text: name.value } }] })),
    ]);
    expect(scan.masking.map((m) => [m.field.selector, m.verdict, m.proof])).toEqual([
      ['#email', 'masked', 'canary'],
      ['#name', 'unmasked', 'canary'],
    ]);
  });

  it('judges each canary by how it was typed: a synthetic one stays unverified beside a trusted one', async () => {
    const scan = await scanWithBodies([
      datadogScript,
      field('email'),
      field('name'),
      canary('cnrymixedmail@example.com', 'email', 2000, true),
      canary('cnrymixedname', 'name', 2000, false),
      datadogSegment(2600, '{"records":[]}'),
    ]);
    expect(scan.masking.map((m) => [m.field.selector, m.verdict, m.proof])).toEqual([
      ['#email', 'masked', 'canary'],
      ['#name', 'unverified', 'static'],
    ]);
  });
});
