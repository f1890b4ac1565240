/**
 * What the MAIN-world probe reads of a session recorder's configuration, where the page hands it over: the options of
 * an init call on the SDK's global, or a settings global the page sets before the SDK loads. Bundled SDKs that expose
 * no global are not visible here (their configuration is then "not visible").
 */
export interface ConfigCall {
  /** Method of the global whose call carries options; `''` when the global itself is called with a command. */
  method: string;
  /** For a command-style global (`smartlook('record', {...})`): the argument that selects this call… */
  command?: string;
  /** …and its index (default 0; Yandex Metrica's `ym(<counter>, 'init', {...})` has it at 1). */
  commandAt?: number;
  /** Index of the options argument. */
  arg: number;
  /** Option paths kept, relative to the options object; `a.*` keeps every plain value directly under `a`. */
  keep: readonly string[];
}

export interface ConfigWatch {
  global: string;
  /** Vendor id in data/vendors. */
  vendor: string;
  calls: readonly ConfigCall[];
}

const SENTRY_REPLAY = ['maskAllInputs', 'maskAllText', 'blockAllMedia', 'mask', 'unmask', 'block', 'unblock', 'ignore', 'maskFn'];
const AMPLITUDE_SR = [
  'sampleRate',
  'optOut',
  'privacyConfig.defaultMaskLevel',
  'privacyConfig.maskSelector',
  'privacyConfig.unmaskSelector',
  'privacyConfig.blockSelector',
];

/**
 * The globals watched, with option names from each SDK's own types: posthog-js 1.449.2 (@posthog/types
 * posthog-config.ts), mixpanel-browser 2.83.0 (src/recorder/masking.js), @datadog/browser-rum 7.16.2, @sentry/browser
 * 11.12.0 (replayIntegration), logrocket 12.4.0 (IOptions.dom), @amplitude/session-replay-browser 1.50.0,
 * highlight.run 10.7.5, clarity-js 0.8.70 (core/config.ts) and the Smartlook web SDK
 * (https://web.developer.smartlook.com/docs/sensitive-data-protection).
 */
export const CONFIG_WATCHES: readonly ConfigWatch[] = [
  {
    global: 'posthog',
    vendor: 'posthog',
    calls: [
      {
        method: 'init',
        arg: 1,
        keep: [
          'disable_session_recording',
          'session_recording.maskAllInputs',
          'session_recording.maskInputOptions.*',
          'session_recording.maskTextSelector',
          'session_recording.maskTextClass',
          'session_recording.maskInputFn',
          'session_recording.maskTextFn',
          'session_recording.blockSelector',
          'session_recording.blockClass',
          'session_recording.ignoreClass',
        ],
      },
    ],
  },
  {
    global: 'mixpanel',
    vendor: 'mixpanel-session-replay',
    calls: [
      {
        method: 'init',
        arg: 1,
        keep: [
          'record_sessions_percent',
          'record_mask_all_inputs',
          'record_mask_input_selector',
          'record_unmask_input_selector',
          'record_mask_all_text',
          'record_mask_text_selector',
          'record_unmask_text_selector',
          'record_mask_text_class',
          'record_block_selector',
          'record_block_class',
        ],
      },
    ],
  },
  {
    global: 'Sentry',
    vendor: 'sentry-replay',
    calls: [
      { method: 'init', arg: 0, keep: ['replaysSessionSampleRate', 'replaysOnErrorSampleRate'] },
      { method: 'replayIntegration', arg: 0, keep: SENTRY_REPLAY },
    ],
  },
  {
    global: 'LogRocket',
    vendor: 'logrocket',
    calls: [
      {
        method: 'init',
        arg: 1,
        keep: ['dom.isEnabled', 'dom.inputSanitizer', 'dom.textSanitizer', 'dom.redactSelectors', 'dom.hideSelectors', 'dom.privateAttributeBlocklist'],
      },
    ],
  },
  {
    global: 'smartlook',
    vendor: 'smartlook',
    calls: [
      { method: '', command: 'init', arg: 2, keep: ['region', 'cookies'] },
      { method: '', command: 'record', arg: 1, keep: ['forms', 'numbers', 'emails', 'ips'] },
    ],
  },
  {
    global: 'sessionReplay',
    vendor: 'amplitude-session-replay',
    calls: [
      { method: 'init', arg: 1, keep: AMPLITUDE_SR },
      { method: 'plugin', arg: 0, keep: AMPLITUDE_SR },
    ],
  },
  { global: 'H', vendor: 'highlight', calls: [{ method: 'init', arg: 1, keep: ['privacySetting', 'disableSessionRecording', 'manualStart'] }] },
  // https://yandex.com/support/metrica/en/code/counter-initialize.html: webvisor: true turns WebVisor on.
  { global: 'ym', vendor: 'yandex-metrica-webvisor', calls: [{ method: '', command: 'init', commandAt: 1, arg: 2, keep: ['webvisor'] }] },
  { global: 'clarity', vendor: 'microsoft-clarity', calls: [{ method: '', command: 'start', arg: 1, keep: ['content', 'mask', 'unmask', 'track'] }] },
];

/**
 * SDKs whose configuration is read back through their own public getter after load, not by wrapping init: a wrapper
 * is the frame that calls init, and Datadog refuses to start when that frame is an extension's
 * (@datadog/browser-core 7.16.2 extension/extensionUtils.ts). `getInitConfiguration()` is Datadog's documented API.
 */
export const CONFIG_GETTERS: readonly { global: string; vendor: string; method: string; keep: readonly string[] }[] = [
  {
    global: 'DD_RUM',
    vendor: 'datadog-rum',
    method: 'getInitConfiguration',
    keep: ['defaultPrivacyLevel', 'sessionReplaySampleRate', 'replaySampleRate', 'sessionSampleRate', 'startSessionReplayRecordingManually'],
  },
];

/**
 * Settings the page sets on a global before the SDK loads, read (never wrapped) after the page's scripts ran: New
 * Relic's `NREUM.init` (https://docs.newrelic.com/docs/browser/new-relic-browser/configuration/browser-agent-init-configuration/)
 * and FullStory's `_fs_capture_on_startup` (https://developer.fullstory.com/browser/fullcapture/capture-data/).
 */
export const CONFIG_GLOBALS: readonly { global: string; vendor: string; keep: readonly string[] }[] = [
  { global: 'NREUM', vendor: 'newrelic-session-replay', keep: ['init.session_replay.*'] },
  { global: '_fs_capture_on_startup', vendor: 'fullstory', keep: [''] },
];
