import { describe, expect, it } from 'vitest';
import type { RecorderConfigRecord } from '@/lib/model';
import { readRecorderConfig } from '@/lib/replay/recorder-config';
import { config } from './config-records';

const read = (...records: RecorderConfigRecord[]) => readRecorderConfig(records);

describe('readRecorderConfig', () => {
  it('Datadog: the privacy level sets inputs and text, a replay sample rate of 0 (or none) means no recording', () => {
    const allow = read(config('datadog-rum', 'DD_RUM.getInitConfiguration()', { defaultPrivacyLevel: 'allow', sessionReplaySampleRate: 100 })).get(
      'datadog-rum',
    );
    expect(allow).toMatchObject({ inputsMasked: false, textMasked: false, replay: 'on', said: ['defaultPrivacyLevel: allow'] });
    const off = read(config('datadog-rum', 'DD_RUM.getInitConfiguration()', { defaultPrivacyLevel: 'mask-user-input' })).get('datadog-rum');
    expect(off).toMatchObject({ inputsMasked: true, textMasked: false, replay: 'off', replayReason: 'sessionReplaySampleRate not set (default 0)' });
    expect(read(config('datadog-rum', 'DD_RUM.getInitConfiguration()', { sessionReplaySampleRate: 0 })).get('datadog-rum')).toMatchObject({ replay: 'off' });
    expect(read(config('datadog-rum', 'DD_RUM.getInitConfiguration()', { defaultPrivacyLevel: 'bogus' })).get('datadog-rum')?.inputsMasked).toBeUndefined();
  });

  it('PostHog: maskAllInputs, text and block selectors, disable_session_recording', () => {
    const s = read(
      config('posthog', 'posthog.init', {
        'session_recording.maskAllInputs': false,
        'session_recording.maskTextSelector': '*',
        'session_recording.blockClass': 'no-rec',
        disable_session_recording: true,
      }),
    ).get('posthog');
    expect(s).toMatchObject({ inputsMasked: false, textMasked: true, block: ['.no-rec'], replay: 'off', replayReason: 'disable_session_recording: true' });
    expect(read(config('posthog', 'posthog.init', { 'session_recording.maskInputFn': '[function]' })).get('posthog')?.inputsCallback).toBe(true);
    const silent = read(config('posthog', 'posthog.init', {})).get('posthog');
    expect([silent?.inputsMasked, silent?.replay, silent?.said]).toEqual([undefined, undefined, []]);
  });

  it('Mixpanel: record_sessions_percent (default 0), input and text masking with their selectors', () => {
    const s = read(
      config('mixpanel-session-replay', 'mixpanel.init', {
        record_sessions_percent: 100,
        record_mask_all_inputs: false,
        record_mask_all_text: false,
        record_unmask_input_selector: ['.ok'],
        record_mask_text_selector: '.secret',
      }),
    ).get('mixpanel-session-replay');
    expect(s).toMatchObject({ replay: 'on', inputsMasked: false, textMasked: false, unmaskInputs: ['.ok'], maskText: ['.secret'] });
    expect(read(config('mixpanel-session-replay', 'mixpanel.init', {})).get('mixpanel-session-replay')).toMatchObject({
      replay: 'off',
      replayReason: 'record_sessions_percent not set (default 0)',
    });
    // The legacy text selector alone turns "mask all text" off (src/recorder/masking.js).
    expect(read(config('mixpanel-session-replay', 'mixpanel.init', { record_mask_text_selector: '.x' })).get('mixpanel-session-replay')?.textMasked).toBe(
      false,
    );
  });

  it('Sentry: replayIntegration masking and the sample rates of init, read from two calls', () => {
    const s = read(
      config('sentry-replay', 'Sentry.replayIntegration', { maskAllInputs: false, maskAllText: false, unmask: ['#msg'], ignore: ['.card'] }),
      config('sentry-replay', 'Sentry.init', { replaysSessionSampleRate: 0, replaysOnErrorSampleRate: 1 }),
    ).get('sentry-replay');
    expect(s).toMatchObject({ inputsMasked: false, textMasked: false, unmaskInputs: ['#msg'], unmaskText: ['#msg'], maskInputs: ['.card'], replay: 'on' });
    expect(read(config('sentry-replay', 'Sentry.init', {})).get('sentry-replay')).toMatchObject({ replay: 'off' });
  });

  it('Amplitude, LogRocket, Smartlook, Highlight, Clarity, New Relic, FullStory and Yandex', () => {
    const all = read(
      config('amplitude-session-replay', 'sessionReplay.init', {
        sampleRate: 1,
        'privacyConfig.defaultMaskLevel': 'light',
        'privacyConfig.unmaskSelector': ['.ok'],
      }),
      config('logrocket', 'LogRocket.init', { 'dom.inputSanitizer': true, 'dom.textSanitizer': 'data-private-text' }),
      config('smartlook', 'smartlook(record)', { forms: true, emails: false }),
      config('highlight', 'H.init', { privacySetting: 'strict' }),
      config('microsoft-clarity', 'clarity(start)', { content: false }),
      config('newrelic-session-replay', 'NREUM', {
        'init.session_replay.enabled': true,
        'init.session_replay.mask_all_inputs': false,
        'init.session_replay.mask_text_selector': '',
      }),
      config('fullstory', '_fs_capture_on_startup', { _fs_capture_on_startup: false }),
      config('yandex-metrica-webvisor', 'ym(init)', { clickmap: true }),
      config('not-a-vendor', 'x.init', { maskAllInputs: false }),
    );
    expect(all.get('amplitude-session-replay')).toMatchObject({
      replay: 'on',
      inputsMasked: false,
      maskedElements: expect.arrayContaining(['input:email']),
      unmaskInputs: ['.ok'],
    });
    expect(all.get('logrocket')).toMatchObject({ inputsMasked: true, maskText: ['[data-private-text]'] });
    expect(all.get('smartlook')).toMatchObject({ inputsMasked: false });
    expect(all.get('highlight')).toMatchObject({ inputsMasked: true, textMasked: true });
    expect(all.get('microsoft-clarity')).toMatchObject({ textMasked: true });
    expect(all.get('newrelic-session-replay')).toMatchObject({ replay: 'on', inputsMasked: false, textMasked: false });
    expect(all.get('fullstory')).toMatchObject({ replay: 'off' });
    expect(all.get('yandex-metrica-webvisor')).toMatchObject({ replay: 'off', replayReason: 'ym init without webvisor: true' });
    expect(all.has('not-a-vendor')).toBe(false);
  });

  it('a later call wins, and every record read is kept', () => {
    const s = read(
      config('datadog-rum', 'DD_RUM.getInitConfiguration()', { defaultPrivacyLevel: 'allow' }, 100),
      config('datadog-rum', 'DD_RUM.getInitConfiguration()', { defaultPrivacyLevel: 'mask' }, 200),
    ).get('datadog-rum');
    expect(s).toMatchObject({ inputsMasked: true, textMasked: true });
    expect(s?.records.map((r) => r.t)).toEqual([100, 200]);
  });
});
