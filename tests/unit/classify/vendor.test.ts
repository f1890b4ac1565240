import { describe, expect, it } from 'vitest';
import { parseVendor } from '../../../lib/classify/vendor';

const valid = {
  name: 'Example Analytics',
  organization: 'Example Inc.',
  website: 'https://analytics.example',
  category: 'audience-measurement',
  consent: 'required',
  domains: ['analytics.example', 'example.com/collect'],
  cookies: [{ name: '_ex_*', purpose: 'visitor id', lifetime: '13 months' }],
  storage: [{ name: 'ex_state', purpose: 'state', area: 'localStorage' }],
  globals: ['exq', 'Example.track'],
  sources: ['https://analytics.example/docs/cookies', 'https://www.npmjs.com/package/example-analytics/v/1.0.0'],
};

describe('parseVendor', () => {
  it('accepts a complete vendor and adds the id from the filename', () => {
    const result = parseVendor('example-analytics', valid);
    expect(result).toEqual({ ok: true, vendor: { id: 'example-analytics', ...valid } });
  });

  it.each([
    ['Example_Analytics', {}, 'filename must be kebab-case'],
    ['x', { id: 'x' }, 'remove it, the id is the filename'],
    ['x', { colour: 'red' }, 'unknown field'],
    ['x', { name: '' }, '"name": required'],
    ['x', { website: 'http://analytics.example' }, 'must be an https:// URL'],
    ['x', { category: 'analytics' }, 'is not one of audience-measurement'],
    ['x', { consent: 'maybe' }, '"consent"'],
    ['x', { domains: [] }, '"domains": must be a non-empty array'],
    ['x', { domains: ['https://analytics.example'] }, 'has a scheme'],
    ['x', { domains: ['Analytics.example'] }, 'must be lowercase'],
    ['x', { domains: ['.analytics.example'] }, 'must not start with'],
    ['x', { domains: ['analytics.example:443'] }, 'not a bare hostname'],
    ['x', { domains: ['analytics.example.'] }, 'not a bare hostname'],
    ['x', { domains: ['localhost'] }, 'not a bare hostname'],
    ['x', { domains: ['analytics.example/'] }, 'ends with "/"'],
    ['x', { domains: ['a.example', 'a.example'] }, 'listed twice'],
    ['x', { sources: [] }, '"sources": must be a non-empty array'],
    ['x', { sources: ['see the docs'] }, 'must be an https:// URL'],
    ['x', { sources: ['http://analytics.example/docs'] }, 'must be an https:// URL'],
    ['x', { sources: ['research:cmps.json'] }, 'private research note users cannot open; replace it with the public https:// URLs'],
    ['x', { sources: ['https://analytics.example/docs', 'research:replay-vendors.json'] }, '"research:replay-vendors.json" is a private research note'],
    ['x', { cookies: [{ name: 'a b', purpose: 'x' }] }, 'not a valid cookie name'],
    ['x', { cookies: [{ name: '*', purpose: 'x' }] }, 'too broad'],
    ['x', { cookies: [{ name: 'a' }] }, 'purpose": required'],
    ['x', { cookies: [{ name: 'a', purpose: 'x', vendorDomainOnly: false }] }, 'vendorDomainOnly: must be true'],
    ['x', { storage: [{ name: 'a', purpose: 'x', area: 'cookie' }] }, 'area: "cookie" is not one of'],
    ['x', { globals: ['not valid'] }, 'not a JavaScript identifier'],
    ['x', { sessionReplay: { scripts: [], ingest: [] } }, 'markers: must be an object'],
    [
      'x',
      {
        sessionReplay: {
          scripts: ['a.example/r.js'],
          ingest: [],
          markers: { mask: [], unmask: [], block: [] },
          defaults: { inputsMasked: 'yes', textMasked: false },
        },
      },
      'inputsMasked: must be true, false or "setting"',
    ],
    ['x', { cmp: { scripts: [], consentCookies: [{ name: 'c' }] } }, 'howToRead": required'],
    ['x', { cmp: { scripts: [], consentCookies: [], tcf: 'yes' } }, 'tcf: must be true or false'],
  ])('%s with %j → problem mentioning %s', (id, patch, expected) => {
    const result = parseVendor(id, { ...valid, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain(expected);
  });

  it.each([null, [], 'text', 42])('rejects %j as a whole', (raw) => {
    expect(parseVendor('x', raw)).toEqual({ ok: false, problems: ['the file must hold one JSON object'] });
  });

  it('accepts complete sessionReplay and cmp blocks', () => {
    const result = parseVendor('x', {
      ...valid,
      sessionReplay: {
        scripts: ['static.analytics.example/r.js'],
        ingest: ['in.analytics.example'],
        markers: { mask: ['[data-mask]'], unmask: [], block: [] },
        defaults: { inputsMasked: true, textMasked: 'setting' },
        encodings: ['gzip'],
      },
      cmp: { scripts: ['cmp.example/cmp.js'], consentCookies: [{ name: 'consent', area: 'cookie', howToRead: 'JSON' }], tcf: true },
    });
    expect(result.ok).toBe(true);
  });
});
