import type { EvidenceRecord, RecorderConfigRecord, RecorderOptionValue } from '../model';

/**
 * A recorder's masking and sampling settings as the page configured them (the options of its init call, seen by the
 * probe). Every field is absent when the configuration does not set it: the vendor's documented default applies.
 */
export interface RecorderSettings {
  vendor: string;
  /** The configuration records read, in time order. */
  records: RecorderConfigRecord[];
  inputsMasked?: boolean;
  /** With `inputsMasked` false: the input types the configured level still masks (`input:email`). */
  maskedElements?: string[];
  textMasked?: boolean;
  /** A masking callback decides (maskInputFn, inputSanitizer as a function…): what it does is not visible. */
  inputsCallback?: boolean;
  /** Selectors the configuration masks, unmasks or blocks with, for input values and for page text. */
  maskInputs: string[];
  unmaskInputs: string[];
  maskText: string[];
  unmaskText: string[];
  block: string[];
  /** `off`: the configuration says the replay module will not record (sample rate 0, recording disabled). */
  replay?: 'off' | 'on';
  replayReason?: string;
  /** What the configuration said about inputs and text, in words (`defaultPrivacyLevel: allow`). */
  said: string[];
}

/** Reads every recorder-config record of a visit into one settings object per vendor (a later call wins). */
export function readRecorderConfig(records: readonly EvidenceRecord[]): Map<string, RecorderSettings> {
  const out = new Map<string, RecorderSettings>();
  for (const record of records) {
    if (record.kind !== 'recorder-config') continue;
    const read = READERS[record.vendor];
    if (!read) continue;
    let settings = out.get(record.vendor);
    if (!settings) {
      settings = { vendor: record.vendor, records: [], maskInputs: [], unmaskInputs: [], maskText: [], unmaskText: [], block: [], said: [] };
      out.set(record.vendor, settings);
    }
    settings.records.push(record);
    read(new Options(record.options), settings, record.via);
  }
  return out;
}

class Options {
  constructor(private readonly raw: Record<string, RecorderOptionValue>) {}
  value(key: string): RecorderOptionValue | undefined {
    return Object.hasOwn(this.raw, key) ? this.raw[key] : undefined;
  }
  has(key: string): boolean {
    return Object.hasOwn(this.raw, key);
  }
  bool(key: string): boolean | undefined {
    const v = this.raw[key];
    return typeof v === 'boolean' ? v : undefined;
  }
  num(key: string): number | undefined {
    const v = this.raw[key];
    return typeof v === 'number' ? v : undefined;
  }
  text(key: string): string | undefined {
    const v = this.raw[key];
    return typeof v === 'string' ? v : undefined;
  }
  /** A selector option: a string, a list of strings, or a class name (`asClass`) made a selector. */
  selectors(key: string, asClass = false): string[] {
    const v = this.raw[key];
    const items = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    return items.filter((s) => s.trim() && !s.startsWith('/') && s !== '[function]').map((s) => (asClass ? `.${s.trim()}` : s.trim()));
  }
}

type Reader = (o: Options, s: RecorderSettings, via: string) => void;

function setInputs(s: RecorderSettings, value: boolean | undefined, words: string): void {
  if (value === undefined) return;
  s.inputsMasked = value;
  s.said.push(words);
}
function setText(s: RecorderSettings, value: boolean | undefined, words: string): void {
  if (value === undefined) return;
  s.textMasked = value;
  s.said.push(words);
}
function setReplay(s: RecorderSettings, rate: number | undefined, words: string, unsetMeansOff?: string): void {
  if (rate === undefined) {
    if (unsetMeansOff) [s.replay, s.replayReason] = ['off', unsetMeansOff];
    return;
  }
  [s.replay, s.replayReason] = rate > 0 ? ['on', `${words}: ${rate}`] : ['off', `${words}: ${rate}`];
}
function add(list: string[], items: string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/**
 * How each SDK reads its options, from its own code: posthog-js 1.449.2 (@posthog/types SessionRecordingOptions),
 * mixpanel-browser 2.83.0 (src/recorder/masking.js, record_sessions_percent default 0), @datadog/browser-rum-core
 * 7.16.2 (configuration.ts: defaultPrivacyLevel default mask-user-input, sessionReplaySampleRate default 0),
 * @sentry/replay 11.12.0 (getPrivacyOptions: mask/unmask apply to text and inputs), logrocket 12.4.0 (IOptions.dom),
 * @amplitude/session-replay-browser 1.50.0 (privacyConfig), highlight.run 10.7.5 (privacySetting), clarity-js 0.8.70
 * (content false masks all text), @newrelic/browser-agent 1.322.0 (init.session_replay), Smartlook
 * (https://web.developer.smartlook.com/docs/sensitive-data-protection) and FullStory
 * (https://developer.fullstory.com/browser/fullcapture/capture-data/).
 */
const READERS: Record<string, Reader> = {
  posthog(o, s) {
    if (o.bool('disable_session_recording') === true) [s.replay, s.replayReason] = ['off', 'disable_session_recording: true'];
    setInputs(s, o.bool('session_recording.maskAllInputs'), `session_recording.maskAllInputs: ${o.bool('session_recording.maskAllInputs')}`);
    if (o.text('session_recording.maskInputFn') === '[function]') s.inputsCallback = true;
    const textSelector = o.selectors('session_recording.maskTextSelector');
    if (textSelector.includes('*')) setText(s, true, 'session_recording.maskTextSelector: *');
    add(s.maskText, [...textSelector, ...o.selectors('session_recording.maskTextClass', true)]);
    add(s.maskInputs, o.selectors('session_recording.ignoreClass', true));
    add(s.block, [...o.selectors('session_recording.blockSelector'), ...o.selectors('session_recording.blockClass', true)]);
  },
  'mixpanel-session-replay'(o, s) {
    setReplay(s, o.num('record_sessions_percent'), 'record_sessions_percent', 'record_sessions_percent not set (default 0)');
    setInputs(s, o.bool('record_mask_all_inputs'), `record_mask_all_inputs: ${o.bool('record_mask_all_inputs')}`);
    add(s.maskInputs, o.selectors('record_mask_input_selector'));
    add(s.unmaskInputs, o.selectors('record_unmask_input_selector'));
    const textSelector = o.selectors('record_mask_text_selector');
    if (o.has('record_mask_all_text')) setText(s, o.bool('record_mask_all_text'), `record_mask_all_text: ${o.bool('record_mask_all_text')}`);
    else if (textSelector.length) setText(s, false, 'record_mask_text_selector set without record_mask_all_text (masks only those)');
    add(s.maskText, [...textSelector, ...o.selectors('record_mask_text_class', true)]);
    add(s.unmaskText, o.selectors('record_unmask_text_selector'));
    add(s.block, [...o.selectors('record_block_selector'), ...o.selectors('record_block_class', true)]);
  },
  'datadog-rum'(o, s) {
    const rate = o.num('sessionReplaySampleRate') ?? o.num('replaySampleRate');
    setReplay(s, rate, 'sessionReplaySampleRate', 'sessionReplaySampleRate not set (default 0)');
    if (o.num('sessionSampleRate') === 0) [s.replay, s.replayReason] = ['off', 'sessionSampleRate: 0'];
    const level = o.text('defaultPrivacyLevel');
    const levels: Record<string, [boolean, boolean]> = {
      allow: [false, false],
      'mask-user-input': [true, false],
      mask: [true, true],
      'mask-unless-allowlisted': [true, true],
    };
    const pair = level === undefined ? undefined : levels[level];
    if (pair) {
      setInputs(s, pair[0], `defaultPrivacyLevel: ${level}`);
      s.textMasked = pair[1];
    }
  },
  'sentry-replay'(o, s, via) {
    if (via === 'Sentry.init') {
      const session = o.num('replaysSessionSampleRate');
      const onError = o.num('replaysOnErrorSampleRate');
      // Both default to 0 (no replay): https://docs.sentry.io/platforms/javascript/session-replay/configuration/
      const on = (session ?? 0) > 0 || (onError ?? 0) > 0;
      [s.replay, s.replayReason] = [on ? 'on' : 'off', `replaysSessionSampleRate: ${session ?? 'not set'}, replaysOnErrorSampleRate: ${onError ?? 'not set'}`];
      return;
    }
    setInputs(s, o.bool('maskAllInputs'), `maskAllInputs: ${o.bool('maskAllInputs')}`);
    setText(s, o.bool('maskAllText'), `maskAllText: ${o.bool('maskAllText')}`);
    const mask = o.selectors('mask');
    const unmask = o.selectors('unmask');
    add(s.maskInputs, [...mask, ...o.selectors('ignore')]);
    add(s.maskText, mask);
    add(s.unmaskInputs, unmask);
    add(s.unmaskText, unmask);
    add(s.block, o.selectors('block'));
  },
  logrocket(o, s) {
    if (o.bool('dom.isEnabled') === false) [s.replay, s.replayReason] = ['off', 'dom.isEnabled: false'];
    const input = o.value('dom.inputSanitizer');
    if (input === true) setInputs(s, true, 'dom.inputSanitizer: true');
    else if (typeof input === 'string' && input) add(s.maskInputs, [`[${input}]`]);
    const text = o.value('dom.textSanitizer');
    if (text === true) setText(s, true, 'dom.textSanitizer: true');
    else if (typeof text === 'string' && text) add(s.maskText, [`[${text}]`]);
    const redact = o.selectors('dom.redactSelectors');
    add(s.maskInputs, redact);
    add(s.maskText, redact);
    add(s.block, o.selectors('dom.hideSelectors'));
  },
  smartlook(o, s, via) {
    if (via !== 'smartlook(record)') return;
    if (o.has('forms')) setInputs(s, !o.bool('forms'), `record forms: ${o.bool('forms')}`);
    if (o.has('emails') || o.has('numbers')) s.said.push(`record emails: ${o.bool('emails')}, numbers: ${o.bool('numbers')}`);
  },
  'amplitude-session-replay'(o, s) {
    setReplay(s, o.num('sampleRate'), 'sampleRate', 'sampleRate not set (default 0)');
    if (o.bool('optOut') === true) [s.replay, s.replayReason] = ['off', 'optOut: true'];
    const level = o.text('privacyConfig.defaultMaskLevel');
    const levels: Record<string, [boolean, boolean]> = { light: [false, false], medium: [true, false], conservative: [true, true] };
    const pair = level === undefined ? undefined : levels[level];
    if (pair) {
      setInputs(s, pair[0], `privacyConfig.defaultMaskLevel: ${level}`);
      s.textMasked = pair[1];
      // helpers.js isMaskedForLevel: 'light' still masks these input types (and autocomplete cc-*).
      if (level === 'light') s.maskedElements = ['input:password', 'input:hidden', 'input:email', 'input:tel'];
    }
    const mask = o.selectors('privacyConfig.maskSelector');
    const unmask = o.selectors('privacyConfig.unmaskSelector');
    add(s.maskInputs, mask);
    add(s.maskText, mask);
    add(s.unmaskInputs, unmask);
    add(s.unmaskText, unmask);
    add(s.block, o.selectors('privacyConfig.blockSelector'));
  },
  highlight(o, s) {
    if (o.bool('disableSessionRecording') === true) [s.replay, s.replayReason] = ['off', 'disableSessionRecording: true'];
    const setting = o.text('privacySetting');
    if (setting === 'strict') [s.inputsMasked, s.textMasked] = [true, true];
    // 'none' leaves inputs to maskAllInputs (default false): https://www.highlight.io/docs/getting-started/browser/replay-configuration/privacy
    if (setting === 'none') [s.inputsMasked, s.textMasked] = [false, false];
    if (setting === 'strict' || setting === 'none') s.said.push(`privacySetting: ${setting}`);
  },
  'microsoft-clarity'(o, s) {
    if (o.bool('content') === false) setText(s, true, 'content: false');
    add(s.maskText, o.selectors('mask'));
    add(s.unmaskText, o.selectors('unmask'));
  },
  'newrelic-session-replay'(o, s) {
    const enabled = o.bool('init.session_replay.enabled');
    if (enabled === false) [s.replay, s.replayReason] = ['off', 'init.session_replay.enabled: false'];
    else if (enabled === true) [s.replay, s.replayReason] = ['on', 'init.session_replay.enabled: true'];
    setInputs(s, o.bool('init.session_replay.mask_all_inputs'), `mask_all_inputs: ${o.bool('init.session_replay.mask_all_inputs')}`);
    const text = o.selectors('init.session_replay.mask_text_selector');
    // New Relic's default is '*'; a page selector replaces it (data-nr-mask is always kept).
    if (o.has('init.session_replay.mask_text_selector')) setText(s, text.includes('*'), `mask_text_selector: ${text.join(', ') || 'none'}`);
    add(s.maskText, text);
    add(s.block, o.selectors('init.session_replay.block_selector'));
  },
  'yandex-metrica-webvisor'(o, s) {
    const on = o.bool('webvisor') === true;
    [s.replay, s.replayReason] = [on ? 'on' : 'off', on ? 'ym init webvisor: true' : 'ym init without webvisor: true'];
  },
  fullstory(o, s) {
    if (o.bool('_fs_capture_on_startup') === false) [s.replay, s.replayReason] = ['off', '_fs_capture_on_startup: false (capture waits for FS("start"))'];
  },
};
