import { describe, expect, it, vi } from 'vitest';
import { finishCanaryTest, planCanaryTest, runCanaryTest } from '@/lib/audit/canary-run';

type Message = { type: string; index?: number };
const EMAIL = { index: 0, selector: '#email', value: 'cnryabcdefgh@example.com', fieldKind: 'email', label: 'E-mail' };

/** A fake tab whose frames answer the canary protocol; `held` says which fields hold their canary (typed by a typist). */
function deps(url: string | undefined, planned: Record<number, unknown> = { 0: { planned: [EMAIL] } }) {
  const recordCanaries = vi.fn(async () => {});
  const sent: [string, number, number?][] = [];
  const held = new Set<string>();
  return {
    recordCanaries,
    sent,
    held,
    deps: {
      recorder: { recordCanaries },
      tabUrl: async () => url,
      frames: async () => [{ frameId: 0, url: url ?? '' }],
      sendToTab: async (_tabId: number, message: unknown, frameId: number) => {
        const { type, index } = message as Message;
        sent.push(index === undefined ? [type, frameId] : [type, frameId, index]);
        if (frameId === 7) throw new Error('Could not establish connection');
        switch (type) {
          case 'canary-plan':
            return planned[frameId] ?? { planned: [] };
          case 'canary-focus':
            return { focused: frameId !== 9 };
          case 'canary-check':
            return { typed: held.has(`${frameId}:${index}`) };
          case 'canary-type':
            // Frame 11 types through the browser's editing command: only trusted input events.
            return { typed: true, trusted: frameId === 11 };
          default:
            return { ok: true };
        }
      },
      sleep: vi.fn(async () => {}),
      now: () => 1000,
    },
  };
}

describe('runCanaryTest', () => {
  it.each(['chrome://settings/', 'about:blank', 'https://chromewebstore.google.com/detail/x', 'https://addons.mozilla.org/en-US/firefox/', undefined])(
    'refuses to run on %s, touching nothing',
    async (url) => {
      const { deps: d, sent } = deps(url);
      expect(await runCanaryTest(d, 1, 5)).toEqual({ ok: false, reason: 'restricted' });
      expect(sent).toEqual([]);
    },
  );

  it('without a typist: plans, types from the script, records untrusted values with the start time, observes, restores', async () => {
    const { deps: d, sent, recordCanaries } = deps('https://shop.example/');
    expect(await runCanaryTest(d, 7, 5)).toEqual({ ok: true, typed: 1, trusted: 0 });
    expect(sent).toEqual([
      ['canary-plan', 0],
      ['canary-type', 0, 0],
      ['canary-restore', 0],
    ]);
    expect(recordCanaries).toHaveBeenCalledWith(
      7,
      [expect.objectContaining({ selector: '#email', frameId: 0, trusted: false })],
      'https://shop.example/',
      1000,
    );
    expect(d.sleep).toHaveBeenCalledWith(5000);
  });

  it("records as trusted the fields the content script typed with the browser's own input events, and no other", async () => {
    const { deps: d, recordCanaries } = deps('https://shop.example/', { 0: { planned: [EMAIL] }, 11: { planned: [EMAIL] } });
    d.frames = async () => [
      { frameId: 0, url: 'https://shop.example/' },
      { frameId: 11, url: 'https://shop.example/frame' },
    ];
    expect(await runCanaryTest(d, 2, 5)).toEqual({ ok: true, typed: 2, trusted: 1 });
    expect(recordCanaries).toHaveBeenCalledWith(
      2,
      [expect.objectContaining({ frameId: 0, trusted: false }), expect.objectContaining({ frameId: 11, trusted: true })],
      'https://shop.example/',
      1000,
    );
  });

  it('with a typist: focuses each field, types through it, and records as trusted only the fields that hold their value', async () => {
    const NAME = { ...EMAIL, index: 1, selector: '#name', value: 'cnryzyxwvuts', fieldKind: 'name' };
    const { deps: d, sent, held, recordCanaries } = deps('https://shop.example/', { 0: { planned: [EMAIL, NAME] } });
    const typed: string[] = [];
    // The keystrokes of the e-mail land; the name field ignores them (a script cleared it, say).
    const typist = { type: vi.fn(async (text: string) => void (typed.push(text), text === EMAIL.value && held.add('0:0'))) };
    expect(await runCanaryTest(d, 7, 5, typist)).toEqual({ ok: true, typed: 2, trusted: 1 });
    expect(typed).toEqual([EMAIL.value, NAME.value]);
    expect(sent).toEqual([
      ['canary-plan', 0],
      ['canary-focus', 0, 0],
      ['canary-focus', 0, 1],
      ['canary-check', 0, 0],
      ['canary-check', 0, 1],
      ['canary-type', 0, 1],
      ['canary-restore', 0],
    ]);
    expect(recordCanaries).toHaveBeenCalledWith(
      7,
      [expect.objectContaining({ selector: '#email', trusted: true }), expect.objectContaining({ selector: '#name', trusted: false })],
      'https://shop.example/',
      1000,
    );
  });

  it('never types through the typist into a field that did not get the focus', async () => {
    const { deps: d } = deps('https://shop.example/', { 9: { planned: [EMAIL] } });
    d.frames = async () => [{ frameId: 9, url: 'https://pay.example/' }];
    const typist = { type: vi.fn(async () => {}) };
    expect(await runCanaryTest(d, 7, 5, typist)).toEqual({ ok: true, typed: 1, trusted: 0 });
    expect(typist.type).not.toHaveBeenCalled();
  });

  it('says so when the page has no field, or no content script answers', async () => {
    const empty = deps('https://shop.example/', { 0: { planned: [] } });
    expect(await runCanaryTest(empty.deps, 1, 5)).toEqual({ ok: false, reason: 'no-fields' });
    expect(empty.sent).toEqual([
      ['canary-plan', 0],
      ['canary-restore', 0],
    ]);
    const broken = deps('https://shop.example/').deps;
    broken.sendToTab = async () => {
      throw new Error('Could not establish connection');
    };
    expect(await runCanaryTest(broken, 1, 5)).toEqual({ ok: false, reason: 'no-content-script' });
  });

  it('plans in every frame it can reach, tags each value with its frame, and restores every frame that planned', async () => {
    const field = (frameId: number) => ({ planned: [{ index: 0, selector: `#f${frameId}`, value: `cnryframe${frameId}`, fieldKind: 'text', label: '' }] });
    const { deps: d, sent, recordCanaries } = deps('https://shop.example/', { 0: field(0), 3: field(3), 4: field(4), 6: { planned: [] } });
    d.frames = async () => [
      { frameId: 0, url: 'https://shop.example/' },
      { frameId: 3, url: 'https://pay.example/card' },
      { frameId: 4, url: 'about:srcdoc' },
      { frameId: 5, url: 'chrome-extension://abc/page.html' },
      { frameId: 6, url: 'https://ads.example/empty' },
      { frameId: 7, url: 'https://gone.example/' },
    ];
    expect(await runCanaryTest(d, 2, 5)).toEqual({ ok: true, typed: 3, trusted: 0 });
    expect(sent.filter(([t]) => t === 'canary-plan').map(([, f]) => f)).toEqual([0, 3, 4, 6, 7]);
    expect(sent.filter(([t]) => t === 'canary-restore').map(([, f]) => f)).toEqual([0, 3, 4, 6]);
    expect(recordCanaries).toHaveBeenCalledWith(
      2,
      [
        expect.objectContaining({ selector: '#f0', frameId: 0, frameUrl: 'https://shop.example/' }),
        expect.objectContaining({ selector: '#f3', frameId: 3, frameUrl: 'https://pay.example/card' }),
        expect.objectContaining({ selector: '#f4', frameId: 4, frameUrl: 'about:srcdoc' }),
      ],
      'https://shop.example/',
      1000,
    );
  });

  it('lets a caller type through its own protocol between the plan and the end (the CLI)', async () => {
    const { deps: d, held, recordCanaries } = deps('https://shop.example/');
    const planned = await planCanaryTest(d, 4);
    if (!planned.ok) throw new Error('not planned');
    expect(planned.plan.fields).toEqual([{ ...EMAIL, frameId: 0, frameUrl: 'https://shop.example/' }]);
    held.add('0:0');
    expect(await finishCanaryTest(d, 4, planned.plan, 3, true)).toEqual({ ok: true, typed: 1, trusted: 1 });
    expect(recordCanaries).toHaveBeenCalledWith(4, [expect.objectContaining({ trusted: true })], 'https://shop.example/', 1000);
  });

  it('drops what a frame answers that is not a planned field', async () => {
    const { deps: d } = deps('https://shop.example/', { 0: { planned: [{ selector: '#x', value: 'v', fieldKind: 'text' }, 'junk', EMAIL] } });
    const planned = await planCanaryTest(d, 4);
    expect(planned.ok && planned.plan.fields.map((f) => f.selector)).toEqual(['#email']);
  });
});
