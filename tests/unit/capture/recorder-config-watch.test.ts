import { describe, expect, it } from 'vitest';
import { parseProbeEvent } from '@/lib/capture/probe-protocol';
import { readConfigGlobals, watchRecorderConfig } from '@/lib/capture/recorder-config-watch';

// The probe's watcher on a plain object standing for the page's window: the SDKs' own call shapes (snippet stubs that
// gain their methods after the global is set, instances whose init is inherited, command-style functions).

function setup() {
  const win: Record<string, unknown> = {};
  const events: Record<string, unknown>[] = [];
  const guard = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };
  watchRecorderConfig(win, (e) => events.push(e), guard);
  return { win, events };
}

describe('watchRecorderConfig', () => {
  it('reads a snippet stub whose init is assigned after the global, and calls the original with its arguments and this', () => {
    const { win, events } = setup();
    const stub: Record<string, unknown> & { _i: unknown[] } = { _i: [] };
    win.posthog = stub; // the PostHog snippet sets window.posthog first…
    stub.init = function init(this: unknown, ...args: unknown[]) {
      stub._i.push(args); // …then its queueing init
      return this;
    };
    const posthog = win.posthog as { init: (...a: unknown[]) => unknown };
    const maskTextFn = () => '';
    const config = { session_recording: { maskAllInputs: false, maskTextFn, maskInputOptions: { password: true, email: false } }, api_host: 'x' };
    const result = posthog.init('phc_token', config);
    expect(result).toBe(posthog);
    expect(stub._i).toEqual([['phc_token', config]]);
    expect(events).toEqual([
      {
        kind: 'recorder-config',
        vendor: 'posthog',
        via: 'posthog.init',
        options: {
          'session_recording.maskAllInputs': false,
          'session_recording.maskInputOptions.password': true,
          'session_recording.maskInputOptions.email': false,
          'session_recording.maskTextFn': '[function]',
        },
      },
    ]);
  });

  it('reads an init inherited from a class, once per call', () => {
    const { win, events } = setup();
    class LogRocketApi {
      started: unknown;
      init(appId: string, config: unknown) {
        this.started = [appId, config];
        return 'ok';
      }
    }
    const api = new LogRocketApi();
    win.LogRocket = api;
    const page = win.LogRocket as LogRocketApi;
    expect(page.init('org/app', { dom: { inputSanitizer: true, textSanitizer: false }, release: '1.0' })).toBe('ok');
    expect(api.started).toEqual(['org/app', { dom: { inputSanitizer: true, textSanitizer: false }, release: '1.0' }]);
    expect(events).toEqual([
      { kind: 'recorder-config', vendor: 'logrocket', via: 'LogRocket.init', options: { 'dom.inputSanitizer': true, 'dom.textSanitizer': false } },
    ]);
    expect(Object.getPrototypeOf(api)).toBe(LogRocketApi.prototype);
  });

  it("leaves Datadog's init alone: the frame that calls it must stay the page's", () => {
    const { win, events } = setup();
    const init = (config: unknown) => config;
    win.DD_RUM = { init };
    expect((win.DD_RUM as { init: unknown }).init).toBe(init);
    expect(events).toEqual([]);
  });

  it('reads command-style globals through a Proxy that keeps the function and its properties', () => {
    const { win, events } = setup();
    const smartlook = Object.assign((...args: unknown[]) => (smartlook.api as unknown[]).push(args), { api: [] as unknown[] });
    win.smartlook = smartlook;
    const page = win.smartlook as typeof smartlook;
    page('init', 'key', { region: 'eu' });
    page('record', { forms: true, numbers: false, ips: true });
    page('track', 'checkout');
    expect(page.api).toHaveLength(3);
    expect(page.api).toBe(smartlook.api);
    expect(events.map((e) => [e.via, e.options])).toEqual([
      ['smartlook(init)', { region: 'eu' }],
      ['smartlook(record)', { forms: true, numbers: false, ips: true }],
    ]);
    const ym = (..._args: unknown[]) => undefined;
    win.ym = ym;
    (win.ym as typeof ym)(98765432, 'init', { webvisor: true, clickmap: true });
    expect(events.at(-1)).toEqual({ kind: 'recorder-config', vendor: 'yandex-metrica-webvisor', via: 'ym(init)', options: { webvisor: true } });
  });

  it('reads Sentry replayIntegration and init separately', () => {
    const { win, events } = setup();
    win.Sentry = { init: (o: unknown) => o, replayIntegration: (o: unknown) => ({ name: 'Replay', o }) };
    const sentry = win.Sentry as { init: (o: unknown) => unknown; replayIntegration: (o: unknown) => unknown };
    sentry.init({ dsn: 'x', replaysSessionSampleRate: 0, integrations: [sentry.replayIntegration({ maskAllInputs: false, unmask: ['#msg', '.public'] })] });
    expect(events.map((e) => [e.via, e.options])).toEqual([
      ['Sentry.replayIntegration', { maskAllInputs: false, unmask: ['#msg', '.public'] }],
      ['Sentry.init', { replaysSessionSampleRate: 0 }],
    ]);
  });

  it('never breaks the page: frozen objects, throwing getters and non-configurable globals are left alone', () => {
    const { win, events } = setup();
    const frozen = Object.freeze({ init: (token: string) => `inited ${token}` });
    win.mixpanel = frozen;
    expect((win.mixpanel as typeof frozen).init('t')).toBe('inited t');
    const hostile = {
      get session_recording(): unknown {
        throw new Error('page getter');
      },
    };
    win.posthog = { init: (_t: string, c: unknown) => c };
    expect((win.posthog as { init: (t: string, c: unknown) => unknown }).init('t', hostile)).toBe(hostile);
    expect(events.map((e) => e.via)).toEqual(['posthog.init']);

    const locked: Record<string, unknown> = {};
    Object.defineProperty(locked, 'LogRocket', { value: { init: () => 1 }, configurable: false });
    expect(() =>
      watchRecorderConfig(
        locked,
        () => undefined,
        (fn) => fn(),
      ),
    ).not.toThrow();
    expect(Object.getOwnPropertyDescriptor(locked, 'LogRocket')?.get).toBeUndefined();
  });
});

describe('readConfigGlobals', () => {
  it("reads Datadog's configuration back through its own getInitConfiguration()", () => {
    const win = { DD_RUM: { getInitConfiguration: () => ({ clientToken: 'secret', defaultPrivacyLevel: 'allow', sessionReplaySampleRate: 20 }) } };
    const events: Record<string, unknown>[] = [];
    readConfigGlobals(
      win,
      (e) => events.push(e),
      (fn) => fn(),
      new Set(),
    );
    expect(events).toEqual([
      {
        kind: 'recorder-config',
        vendor: 'datadog-rum',
        via: 'DD_RUM.getInitConfiguration()',
        options: { defaultPrivacyLevel: 'allow', sessionReplaySampleRate: 20 },
      },
    ]);
    const hostile = {
      DD_RUM: {
        getInitConfiguration: () => {
          throw new Error('page');
        },
      },
    };
    expect(() =>
      readConfigGlobals(
        hostile,
        () => undefined,
        (fn) => {
          try {
            return fn();
          } catch {
            return undefined;
          }
        },
        new Set(),
      ),
    ).not.toThrow();
  });

  it("reads New Relic's NREUM.init and FullStory's capture flag once each", () => {
    const win = {
      NREUM: { init: { session_replay: { enabled: true, mask_all_inputs: false, mask_text_selector: '', mask_input_options: { email: true } } } },
      _fs_capture_on_startup: false,
    };
    const events: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    readConfigGlobals(
      win,
      (e) => events.push(e),
      (fn) => fn(),
      seen,
    );
    readConfigGlobals(
      win,
      (e) => events.push(e),
      (fn) => fn(),
      seen,
    );
    expect(events).toEqual([
      {
        kind: 'recorder-config',
        vendor: 'newrelic-session-replay',
        via: 'NREUM',
        options: { 'init.session_replay.enabled': true, 'init.session_replay.mask_all_inputs': false, 'init.session_replay.mask_text_selector': '' },
      },
      { kind: 'recorder-config', vendor: 'fullstory', via: '_fs_capture_on_startup', options: { _fs_capture_on_startup: false } },
    ]);
  });
});

describe('parseProbeEvent recorder-config', () => {
  it('keeps plain bounded values under safe option paths, and rejects forged vendors', () => {
    const event = parseProbeEvent({
      kind: 'recorder-config',
      at: 5,
      vendor: 'posthog',
      via: 'posthog.init',
      options: { 'session_recording.maskAllInputs': false, __proto__x: 1, 'a.__proto__.b': true, 'x y': 1, obj: { a: 1 }, list: ['a', 2, 'b'], n: Number.NaN },
    });
    expect(event).toEqual({
      kind: 'recorder-config',
      at: 5,
      vendor: 'posthog',
      via: 'posthog.init',
      options: { 'session_recording.maskAllInputs': false, __proto__x: 1, list: ['a', 'b'] },
    });
    expect(parseProbeEvent({ kind: 'recorder-config', at: 5, vendor: '<img src=x>', via: 'x', options: {} })).toBeUndefined();
    expect(parseProbeEvent({ kind: 'recorder-config', at: 5, vendor: 'posthog', via: 'x', options: [] })).toBeUndefined();
  });
});
