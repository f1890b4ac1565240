import { describe, expect, it, vi } from 'vitest';
import type { CookieDetails, CookieJarQuery } from '@/lib/capture/platform';
import { startRecorder } from '@/lib/capture/recorder';
import { siteOf } from '@/lib/classify/site';
import { openDb } from '@/lib/store/db';
import { readCaptureResume, readRecords, readVisit } from '@/lib/store/visits';
import { createWriter } from '@/lib/store/writer';
import { byKind, makeCaptureApi, makeDetails } from '../../fixtures/factories';

// Firefox containers and private windows (issue 14 §3): each has a cookie jar of its own, named by `cookieStoreId` on
// the tab's requests and `storeId` on each cookie change. A visit holds its own store's changes only.
const T0 = 1_700_000_000_000;
let n = 0;

const cookie = (name: string, storeId?: string): CookieDetails => ({
  name,
  value: 'v',
  domain: 'shop.example',
  hostOnly: true,
  path: '/',
  secure: true,
  httpOnly: false,
  sameSite: 'lax',
  session: true,
  ...(storeId && { storeId }),
});

async function setup(options: Parameters<typeof makeCaptureApi>[0] = {}) {
  const db = openDb(`stores-${++n}`);
  const api = makeCaptureApi(options);
  const onError = vi.fn();
  let clock = T0;
  const recorder = startRecorder({ api, sink: createWriter(db, onError), resume: db.then(readCaptureResume), siteOf, now: () => clock, onError });
  const cookiesOf = async (tabId: number) => {
    await recorder.idle();
    const visitId = (await recorder.currentVisitId(tabId)) ?? '';
    return byKind(await readRecords(await db, visitId), 'cookie').map((c) => `${c.via}:${c.name}`);
  };
  const visitOf = async (tabId: number) => readVisit(await db, (await recorder.currentVisitId(tabId)) ?? '');
  return { api, cookiesOf, visitOf, onError, setClock: (t: number) => (clock = t) };
}

describe('cookie stores', () => {
  it('gives a cookie change only to the open visits of its own store, and names each visit its store', async () => {
    const { api, cookiesOf, visitOf, setClock, onError } = await setup();
    const open = (tabId: number, cookieStoreId: string) =>
      api.webRequest.onBeforeRequest.trigger(
        makeDetails({ url: 'https://shop.example/', type: 'main_frame', tabId, cookieStoreId, timeStamp: T0, requestId: `m${tabId}` }),
      );
    open(1, 'firefox-default');
    open(2, 'firefox-container-1');
    open(3, 'firefox-private');
    setClock(T0 + 100);
    const changes: [string, string][] = [
      ['in_default', 'firefox-default'],
      ['in_container', 'firefox-container-1'],
      ['in_private', 'firefox-private'],
    ];
    for (const [name, store] of changes) api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie(name, store) });
    expect(await cookiesOf(1)).toEqual(['store:in_default']);
    expect(await cookiesOf(2)).toEqual(['store:in_container']);
    expect(await cookiesOf(3)).toEqual(['store:in_private']);
    expect((await visitOf(2))?.cookieStoreId).toBe('firefox-container-1');
    expect(onError).not.toHaveBeenCalled();
  });

  it('replays into a new visit only the recent changes of its store', async () => {
    const { api, cookiesOf, setClock } = await setup();
    setClock(T0 + 50);
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('early_other', 'firefox-default') });
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('early_own', 'firefox-container-2') });
    api.webRequest.onBeforeRequest.trigger(
      makeDetails({ url: 'https://shop.example/', type: 'main_frame', cookieStoreId: 'firefox-container-2', timeStamp: T0 }),
    );
    expect(await cookiesOf(1)).toEqual(['store:early_own']);
  });

  it("reads the jar of the visit's own store when it starts", async () => {
    const asked: CookieJarQuery[] = [];
    const jar = async (q: CookieJarQuery) => {
      asked.push(q);
      return q.partitionKey ? [] : [cookie(q.storeId === 'firefox-container-3' ? 'jar_container' : 'jar_default')];
    };
    const { api, cookiesOf } = await setup({ jar });
    api.webRequest.onBeforeRequest.trigger(
      makeDetails({ url: 'https://shop.example/', type: 'main_frame', cookieStoreId: 'firefox-container-3', timeStamp: T0 }),
    );
    expect(await cookiesOf(1)).toEqual(['jar:jar_container']);
    expect(asked.every((q) => q.storeId === 'firefox-container-3')).toBe(true);
  });

  it('names the store of a tab adopted mid-page from the tab, and keeps it out of other stores', async () => {
    const { api, cookiesOf, visitOf, setClock } = await setup({ tabs: { 4: { url: 'https://shop.example/', cookieStoreId: 'firefox-container-4' } } });
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/app.js', tabId: 4, timeStamp: T0 }));
    await cookiesOf(4);
    setClock(T0 + 10);
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('theirs', 'firefox-default') });
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('ours', 'firefox-container-4') });
    expect(await cookiesOf(4)).toEqual(['store:ours']);
    expect((await visitOf(4))?.cookieStoreId).toBe('firefox-container-4');
  });

  it('gives every visit of the site the changes when the browser names no store (Chromium requests)', async () => {
    const { api, cookiesOf, setClock } = await setup();
    for (const tabId of [1, 2])
      api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/', type: 'main_frame', tabId, timeStamp: T0, requestId: `c${tabId}` }));
    setClock(T0 + 10);
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('shared', '0') });
    expect(await cookiesOf(1)).toEqual(['store:shared']);
    expect(await cookiesOf(2)).toEqual(['store:shared']);
  });

  it('names a Chromium tab its store from the store list, marks an incognito one private, and keeps their cookies apart', async () => {
    const { api, cookiesOf, visitOf, setClock } = await setup({
      tabs: { 1: { url: 'https://shop.example/' }, 2: { url: 'https://shop.example/', incognito: true } },
      cookieStores: [
        { id: '0', tabIds: [1] },
        { id: '1', tabIds: [2] },
      ],
    });
    for (const tabId of [1, 2])
      api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/', type: 'main_frame', tabId, timeStamp: T0, requestId: `i${tabId}` }));
    await cookiesOf(2);
    setClock(T0 + 10);
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('regular', '0') });
    api.cookies.onChanged.trigger({ removed: false, cause: 'explicit', cookie: cookie('incognito', '1') });
    expect(await cookiesOf(1)).toEqual(['store:regular']);
    expect(await cookiesOf(2)).toEqual(['store:incognito']);
    expect(await visitOf(1)).toMatchObject({ cookieStoreId: '0' });
    expect((await visitOf(1))?.private).toBeUndefined();
    expect(await visitOf(2)).toMatchObject({ cookieStoreId: '1', private: true });
    // The tab's next page is labelled from the start, without asking again.
    const asked = vi.spyOn(api.tabs, 'get');
    api.webRequest.onBeforeRequest.trigger(makeDetails({ url: 'https://shop.example/b', type: 'main_frame', tabId: 2, timeStamp: T0 + 20, requestId: 'i2b' }));
    await cookiesOf(2);
    expect(await visitOf(2)).toMatchObject({ url: 'https://shop.example/b', cookieStoreId: '1', private: true });
    expect(asked).not.toHaveBeenCalled();
  });

  it('marks a visit in a Firefox private window private, from its store', async () => {
    const { api, visitOf, cookiesOf } = await setup();
    api.webRequest.onBeforeRequest.trigger(
      makeDetails({ url: 'https://shop.example/', type: 'main_frame', tabId: 5, cookieStoreId: 'firefox-private', incognito: true, timeStamp: T0 }),
    );
    await cookiesOf(5);
    expect(await visitOf(5)).toMatchObject({ cookieStoreId: 'firefox-private', private: true });
  });
});
