import { describe, expect, it } from 'vitest';
import { classifyCookie, classifyUrl } from '../../../lib/classify/match';
import { loadVendors, readVendorFiles } from '../../../lib/classify/vendor-files';
import { DATABASE_VERSION, loadDefaultIndex, loadVendorIndex } from '../../../lib/classify/vendors';
import { getDefaultIndex } from '../../fixtures/vendor-index';

const VENDOR_FILES = readVendorFiles(process.cwd());

describe('bundled vendors', () => {
  it('DATABASE_VERSION names the file count and a content hash', () => {
    expect(DATABASE_VERSION).toMatch(new RegExp(`^${VENDOR_FILES.length}-[0-9a-f]{8}$`));
  });

  it('loadVendors reports invalid files by path and leaves them out', () => {
    const { vendors, problems } = loadVendors([
      { path: 'data/vendors/Bad.json', id: 'Bad', raw: {} },
      { path: 'data/vendors/broken.json', id: 'broken', raw: undefined, jsonError: 'Unexpected token' },
      ...VENDOR_FILES.slice(0, 1),
    ]);
    expect(vendors).toHaveLength(1);
    expect(problems[0]).toMatch(/^data\/vendors\/Bad\.json: /);
    expect(problems.at(-1)).toMatch(/^data\/vendors\/broken\.json: not valid JSON \(Unexpected token\)/);
  });

  it('loadDefaultIndex reads the compiled database once, into the same index as the inline text', async () => {
    const index = await loadDefaultIndex();
    expect(await loadDefaultIndex()).toBe(index);
    expect(index.vendors).toEqual(getDefaultIndex().vendors);
    expect([...index.hosts.keys()]).toEqual([...getDefaultIndex().hosts.keys()]);
  });

  it('loadVendorIndex reads once, and again after a failed read', async () => {
    const text = JSON.stringify({ vendors: [], hosts: [], cookies: { exact: [], patterns: [] }, storage: { exact: [], patterns: [] } });
    let reads = 0;
    const load = loadVendorIndex(async () => {
      reads++;
      if (reads === 1) throw new Error('not there yet');
      return text;
    });
    await expect(load()).rejects.toThrow('not there yet');
    const index = await load();
    expect(await load()).toBe(index);
    expect(reads).toBe(2);
    expect(index.vendors).toEqual([]);
  });

  it('getDefaultIndex builds once and classifies the real data', () => {
    const index = getDefaultIndex();
    expect(getDefaultIndex()).toBe(index);
    const table: [string, string][] = [
      ['https://www.googletagmanager.com/gtm.js?id=GTM-X', 'google-tag-manager'],
      ['https://region1.google-analytics.com/g/collect?v=2', 'google-analytics'],
      ['https://www.google.com/recaptcha/api.js', 'recaptcha'],
      ['https://www.gstatic.com/recaptcha/releases/abc/recaptcha__en.js', 'recaptcha'],
      ['https://www.google.com/pagead/1p-user-list/123/', 'google-ads'],
      ['https://www.google.com/maps/embed?pb=1', 'google-maps'],
      ['https://fonts.googleapis.com/css2?family=Inter', 'google-fonts'],
      ['https://connect.facebook.net/en_US/fbevents.js', 'meta-pixel'],
      ['https://www.facebook.com/tr?id=1&ev=PageView', 'meta-pixel'],
      ['https://www.facebook.com/plugins/like.php', 'facebook'],
      ['https://bat.bing.com/bat.js', 'microsoft-advertising'],
      ['https://snap.licdn.com/li.lms-analytics/insight.min.js', 'linkedin-insight-tag'],
      ['https://static.cloudflareinsights.com/beacon.min.js', 'cloudflare-web-analytics'],
      ['https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js', 'cdnjs'],
      ['https://s.pinimg.com/ct/core.js', 'pinterest-tag'],
      ['https://stats.wp.com/e-202601.js', 'jetpack-stats'],
      ['https://i0.wp.com/example.com/x.jpg', 'wordpress-com-cdn'],
      // Every Datadog site's intake (@datadog/js-core: browser-intake-<site, dots as dashes>).
      ['https://browser-intake-ap2-datadoghq.com/api/v2/rum?ddsource=browser', 'datadog-rum'],
      ['https://browser-intake-us2-ddog-gov.com/api/v2/replay?ddsource=browser', 'datadog-rum'],
      ['https://browser-intake-datadoghq.eu/api/v2/replay?ddsource=browser', 'datadog-rum'],
      // A package on an npm CDN, with its version or without.
      ['https://cdn.jsdelivr.net/npm/highlight.run@10.7.5/dist/index.umd.js', 'highlight'],
      ['https://cdn.jsdelivr.net/npm/@launchdarkly/session-replay@1.1.23/dist/index.umd.js', 'launchdarkly-observability'],
      ['https://pub.observability.app.launchdarkly.com/', 'launchdarkly-observability'],
      ['https://cdn.jsdelivr.net/npm/rrweb@2.0.0-alpha.4/dist/rrweb.min.js', 'rrweb'],
      ['https://unpkg.com/rrweb/dist/rrweb.min.js', 'rrweb'],
      ['https://cdn.jsdelivr.net/npm/rrweb-player@1.0.0/dist/index.js', 'jsdelivr'],
    ];
    for (const [url, id] of table) {
      expect(classifyUrl(index, url, 'example.com'), url).toMatchObject({ kind: 'vendor', vendor: { id } });
    }
  });

  it('classifies the common cookies of the real data', () => {
    const index = getDefaultIndex();
    const table: [string, string, string][] = [
      ['_ga', 'example.com', 'google-analytics'],
      ['_ga_ABCDEF1234', 'example.com', 'google-analytics'],
      ['_gid', 'example.com', 'google-analytics'],
      ['_gat_gtag_UA_1_1', 'example.com', 'google-analytics'],
      ['_gcl_au', 'example.com', 'google-ads'],
      ['_fbp', 'example.com', 'meta-pixel'],
      ['_fbc', 'example.com', 'meta-pixel'],
      ['MUID', 'bing.com', 'microsoft-advertising'],
      ['IDE', 'doubleclick.net', 'doubleclick'],
      ['test_cookie', 'doubleclick.net', 'doubleclick'],
      ['_uetsid', 'example.com', 'microsoft-advertising'],
      ['_uetvid', 'example.com', 'microsoft-advertising'],
      ['li_sugr', 'linkedin.com', 'linkedin-insight-tag'],
      ['bcookie', 'linkedin.com', 'linkedin'],
      ['_pin_unauth', 'example.com', 'pinterest-tag'],
      ['_pk_id.1.a1b2', 'example.com', 'matomo'],
      ['_pk_ses.1.a1b2', 'example.com', 'matomo'],
      ['_ttp', 'example.com', 'tiktok-pixel'],
      ['__cf_bm', 'example.com', 'cloudflare'],
    ];
    for (const [name, domain, id] of table) {
      expect(classifyCookie(index, name, domain), `${name} on ${domain}`).toMatchObject({ kind: 'vendor', vendor: { id } });
    }
    expect(classifyCookie(index, 'IDE', 'example.com')).toEqual({ kind: 'unclassified' });
  });
});
