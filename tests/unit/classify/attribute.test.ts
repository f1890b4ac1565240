import { describe, expect, it } from 'vitest';
import { attributeRecords } from '@/lib/classify/attribute';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import type { EvidenceRecord, StorageRecord } from '@/lib/model';
import { cookie, request } from '../../fixtures/evidence';

const index = getDefaultIndex();
const attribute = (records: EvidenceRecord[]) => attributeRecords(index, 'shop.example', records).facts;
const storage = (key: string, extra: Partial<StorageRecord> = {}): StorageRecord => ({
  kind: 'storage',
  id: `s:${key}`,
  visitId: 'visit-1',
  t: 100,
  source: 'probe',
  frameId: 0,
  area: 'localStorage',
  action: 'set',
  origin: 'https://shop.example',
  key,
  ...extra,
});

describe('attributeRecords', () => {
  it('tells loading from sending: scripts, fonts, frames and bare images load; bodies, XHRs and pixels with parameters send', () => {
    const records = [
      request('https://connect.facebook.net/en_US/fbevents.js', 10, { type: 'script' }),
      request('https://connect.facebook.net/signals/config/1?v=2', 11, { type: 'script' }),
      request('https://www.facebook.com/tr?id=1&ev=PageView', 12, { type: 'image' }),
      request('https://www.facebook.com/images/logo.png', 13, { type: 'image' }),
      request('https://www.facebook.com/plugins/like.php', 14, { type: 'sub_frame' }),
      request('https://www.facebook.com/tr', 15, { type: 'ping', method: 'POST' }),
      request('https://www.facebook.com/x', 16, { type: 'xmlhttprequest' }),
    ];
    const facts = attribute(records);
    expect(records.map((r) => facts.get(r.id)?.activity)).toEqual(['code', 'code', 'data', 'code', 'code', 'data', 'data']);
    expect(records.map((r) => facts.get(r.id)?.by)).toEqual(Array(7).fill('host'));
  });

  it('a CORS preflight carries nothing, whatever its URL: the request it asks leave for is what sends', () => {
    const records = [
      request('https://api2.amplitude.com/2/httpapi', 20, { type: 'xmlhttprequest', method: 'OPTIONS' }),
      request('https://api2.amplitude.com/2/httpapi?device_id=1', 21, { type: 'xmlhttprequest', method: 'OPTIONS' }),
      request('https://api2.amplitude.com/2/httpapi', 22, { type: 'xmlhttprequest', method: 'POST' }),
    ];
    const facts = attribute(records);
    expect(records.map((r) => facts.get(r.id)?.activity)).toEqual(['none', 'none', 'data']);
  });

  it('never attributes a page global: it is a hint of the vendor it resembles', () => {
    const global: EvidenceRecord = {
      kind: 'global',
      id: 'g:1',
      visitId: 'visit-1',
      t: 5,
      source: 'probe',
      frameId: 0,
      origin: 'https://shop.example',
      name: 'hj',
    };
    expect(attribute([global]).get('g:1')).toMatchObject({ vendor: 'unclassified', hint: { vendor: 'hotjar', reason: 'global' }, activity: 'none' });
  });

  it("takes a generic name for its vendor only with the vendor's host, or a script of the vendor writing it", () => {
    const lone = cookie('visitor_id', 100);
    expect(attribute([lone]).get(lone.id)).toMatchObject({ vendor: 'unclassified', hint: { vendor: 'pardot', reason: 'generic-name' } });
    const withHost = cookie('visitor_id', 100);
    expect(attribute([request('https://pi.pardot.com/pd.js', 50), withHost]).get(withHost.id)).toMatchObject({
      vendor: 'pardot',
      by: 'corroborated',
      activity: 'stored',
    });
    const byScript = cookie('visitor_id', 100, { url: 'https://pi.pardot.com/pd.js' });
    expect(attribute([byScript]).get(byScript.id)).toMatchObject({ vendor: 'pardot', by: 'corroborated' });
  });

  it('takes a distinctive name on its own, and a cookie on a vendor domain for that vendor', () => {
    const ga = cookie('_ga', 100);
    const ide = cookie('IDE', 100, { domain: '.doubleclick.net', via: 'header', source: 'network' });
    const facts = attribute([ga, ide]);
    expect(facts.get(ga.id)).toMatchObject({ vendor: 'google-analytics', by: 'name', party: 'first' });
    expect(facts.get(ide.id)).toMatchObject({ vendor: 'doubleclick', by: 'cookie-domain', party: 'third' });
  });

  it('says a consent-state item (an opt-out flag) stores a choice, not an identifier', () => {
    const optOut = storage('__ph_opt_in_out_phc_abc', { value: '0' });
    const id = storage('ph_phc_abc_posthog', { value: '{"distinct_id":"x"}' });
    const facts = attribute([optOut, id]);
    expect(facts.get(optOut.id)).toMatchObject({ vendor: 'posthog', activity: 'consent-state' });
    expect(facts.get(id.id)).toMatchObject({ vendor: 'posthog', activity: 'stored' });
  });

  it('attributes a self-hosted copy of a known script by its path, as code only, and storage of a vendor frame by its origin', () => {
    const klaro = request('https://shop.example/assets/klaro.js', 10, { type: 'script' });
    const player = storage('yt-remote-device-id', { origin: 'https://www.youtube.com' });
    const facts = attribute([klaro, player]);
    expect(facts.get(klaro.id)).toMatchObject({ vendor: 'klaro', by: 'self-hosted', activity: 'code', party: 'first' });
    expect(facts.get(player.id)).toMatchObject({ vendor: 'youtube', by: 'origin', party: 'third', activity: 'stored' });
  });

  it('says a value written and removed again within a second keeps nothing (transient), and one removed later was stored', () => {
    const name = 'mp_0123456789abcdef0123456789abcdef_mixpanel';
    const cleared = cookie(name, 100, { via: 'script', id: 'c:set-1' });
    const removal = cookie(name, 104, { via: 'script', action: 'removed', id: 'c:removed-1' });
    const kept = cookie(name, 3000, { via: 'script', id: 'c:set-2' });
    const later = cookie(name, 4500, { via: 'script', action: 'removed', id: 'c:removed-2' });
    const key = storage('__mpq_x_ev', { t: 200, id: 's:set' });
    const keyRemoved = storage('__mpq_x_ev', { t: 210, action: 'remove', id: 's:remove' });
    // Clearing the parent-domain variant (an SDK finding where it may set cookies) leaves the host cookie.
    const host = cookie(name, 5000, { via: 'script', id: 'c:set-3', hostOnly: true });
    const parent = cookie(name, 5002, { via: 'script', action: 'removed', id: 'c:removed-3', hostOnly: false });
    const facts = attribute([cleared, removal, kept, later, key, keyRemoved, host, parent]);
    expect(facts.get(cleared.id)).toMatchObject({ vendor: 'mixpanel-session-replay', activity: 'transient' });
    expect(facts.get(kept.id)).toMatchObject({ vendor: 'mixpanel-session-replay', activity: 'stored' });
    expect(facts.get(host.id)?.activity).toBe('stored');
    expect(facts.get(key.id)?.activity).toBe('transient');
  });

  it('says a storage flag (true, 1, an empty object) stores no identifier, and an id-like value does', () => {
    const flags = ['true', '1', '{}', '"false"', ''].map((value, i) => storage(`mp_gen_new_tab_id_mixpanel_${i}`, { value, id: `s:flag-${i}` }));
    const id = storage('mp_tab_id_mixpanel_x', { value: '$device:3f464b6d-4311-414a', id: 's:id' });
    const facts = attribute([...flags, id]);
    expect(flags.map((f) => facts.get(f.id)?.activity)).toEqual(['none', 'none', 'none', 'none', 'none']);
    expect(facts.get(id.id)?.activity).toBe('stored');
  });

  it('keeps the jar at visit start as context, attributed to no one', () => {
    const jar = cookie('_ga', 0, { via: 'jar', source: 'network' });
    expect(attribute([jar]).get(jar.id)).toMatchObject({ vendor: 'unclassified', activity: 'context' });
  });
});
