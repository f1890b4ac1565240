import { describe, expect, it } from 'vitest';
import { startCaptureLevels } from '@/lib/capture/levels';
import type { RequestDetails } from '@/lib/capture/platform';
import { makeCaptureApi, makeDetails, startRequest } from '../../fixtures/factories';

function setup() {
  const api = makeCaptureApi({ extraHeaders: true });
  const seen: string[] = [];
  const levels = startCaptureLevels(api, {
    onBeforeRequest: (d: RequestDetails) => void seen.push(`before ${d.tabId} ${d.requestBody ? 'body' : 'no-body'}`),
    onHeadersReceived: (d: RequestDetails) => void seen.push(`received ${d.tabId}`),
    onSendHeaders: (d: RequestDetails) => void seen.push(`sent ${d.tabId}`),
  });
  /** One request of the tab, as the browser reports it: with its body to the listeners that asked for it. */
  const request = (tabId: number) => {
    const d = makeDetails({ url: 'https://shop.example/form', method: 'POST', tabId });
    startRequest(api, d, { formData: { a: ['1'] } });
    api.webRequest.onSendHeaders.trigger(d);
    api.webRequest.onHeadersReceived.trigger(d);
  };
  return { api, levels, seen, request };
}

describe('capture levels', () => {
  it('starts with every tab in full, then narrows to the inspected tabs once told the setting', () => {
    const { levels, seen, request } = setup();
    request(1);
    expect(seen.splice(0)).toEqual(['before 1 body', 'sent 1', 'received 1']);
    levels.setAllTabs(false);
    expect(levels.levelOf(1)).toBe('everyday');
    request(1);
    expect(seen.splice(0)).toEqual(['before 1 no-body']);
  });

  it('gives an inspected tab full capture, each event once, and leaves the other tabs everyday', () => {
    const { levels, seen, request } = setup();
    levels.setAllTabs(false);
    expect(levels.inspectFully(2)).toBe(true);
    expect(levels.inspectFully(2)).toBe(false);
    request(2);
    request(3);
    expect(seen.splice(0)).toEqual(['before 2 body', 'sent 2', 'received 2', 'before 3 no-body']);
    expect([levels.levelOf(2), levels.levelOf(3)]).toEqual(['full', 'everyday']);
  });

  it('never registers a tab and every tab at once (each event would be handled twice), and keeps the tab inspected when the setting goes off', () => {
    const { api, levels, seen, request } = setup();
    levels.setAllTabs(false);
    levels.inspectFully(2);
    levels.setAllTabs(true);
    levels.inspectFully(3);
    request(2);
    request(3);
    expect(seen.splice(0)).toEqual(['before 2 body', 'sent 2', 'received 2', 'before 3 body', 'sent 3', 'received 3']);
    levels.setAllTabs(false);
    levels.forget(3);
    request(2);
    request(3);
    expect(seen.splice(0)).toEqual(['before 2 body', 'sent 2', 'received 2', 'before 3 no-body']);
    // The light listener, and tab 2's full set of three.
    expect(api.webRequest.onBeforeRequest.listeners).toHaveLength(2);
    expect(api.webRequest.onHeadersReceived.listeners.map((l) => l.extra)).toEqual([[{ urls: ['<all_urls>'], tabId: 2 }, ['responseHeaders', 'extraHeaders']]]);
  });

  it("removes a closed tab's listeners", () => {
    const { api, levels, seen, request } = setup();
    levels.setAllTabs(false);
    levels.inspectFully(2);
    levels.forget(2);
    request(2);
    expect(seen).toEqual(['before 2 no-body']);
    expect(api.webRequest.onHeadersReceived.listeners).toHaveLength(0);
    expect(levels.inspectFully(-1)).toBe(false);
  });
});
