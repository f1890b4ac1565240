import { describe, expect, it } from 'vitest';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import type { FieldRecord } from '@/lib/model';
import type { RecorderActivity } from '@/lib/replay/detect';
import { judgeMasking } from '@/lib/replay/masking';
import { readRecorderConfig } from '@/lib/replay/recorder-config';
import { makeRequest } from '../../fixtures/factories';
import { config } from './config-records';

// judgeMasking with the recorder's configuration as the page handed it over, and every marker of every replay vendor.

const vendors = new Map(getDefaultIndex().vendors.map((v) => [v.id, v]));
function recorder(id: string): RecorderActivity {
  const vendor = vendors.get(id);
  if (!vendor) throw new Error(`no vendor ${id}`);
  return { vendor, loaded: makeRequest({ url: 'https://cdn.example/r.js', t: 50 }), ingest: [], cutOff: [] };
}
let n = 0;
function field(selector: string, element: string, markers: string[] = [], fieldKind: FieldRecord['fieldKind'] = 'text'): FieldRecord {
  return {
    kind: 'field',
    id: `f:${++n}`,
    visitId: 'visit-1',
    t: 1200,
    source: 'snapshot',
    frameId: 0,
    origin: 'https://shop.example',
    selector,
    element,
    fieldKind,
    label: selector,
    markers,
  };
}
const verdicts = (rs: RecorderActivity[], fs: FieldRecord[], configs = new Map()) =>
  judgeMasking(rs, fs, [], [], configs).map((m) => [m.vendor, m.field.selector, m.verdict, m.basis]);

describe('judgeMasking with the recorder configuration', () => {
  const fields = [field('#email', 'input:email', [], 'email'), field('#name', 'input:text', [], 'name'), field('#msg', 'textarea', ['#msg'], 'free-text')];

  it('says when the configuration was not visible and the verdict rests on the documented default', () => {
    const masking = judgeMasking([recorder('posthog')], fields);
    expect(masking.map((m) => [m.field.selector, m.verdict, m.basis])).toEqual([
      ['#email', 'masked', 'default'],
      ['#name', 'masked', 'default'],
      ['#msg', 'masked', 'default'],
    ]);
    expect(masking[0]?.reason).toBe('configuration not visible; documented default: PostHog masks inputs');
  });

  it('follows the configuration over the default, and says which option decided', () => {
    const configs = readRecorderConfig([config('posthog', 'posthog.init', { 'session_recording.maskAllInputs': false })]);
    const masking = judgeMasking([recorder('posthog')], fields, [], [], configs);
    expect(masking.map((m) => [m.field.selector, m.verdict, m.basis])).toEqual([
      ['#email', 'unmasked', 'config'],
      ['#name', 'unmasked', 'config'],
      ['#msg', 'unmasked', 'config'],
    ]);
    expect(masking[1]?.reason).toBe('configuration (posthog.init: session_recording.maskAllInputs: false) records inputs');
    const silent = readRecorderConfig([config('posthog', 'posthog.init', {})]);
    expect(judgeMasking([recorder('posthog')], fields, [], [], silent)[0]?.reason).toBe(
      'configuration seen (posthog.init) does not set how inputs are masked; documented default: PostHog masks inputs',
    );
  });

  it("keeps what the vendor always masks, whatever the configuration or the page's markers say", () => {
    const configs = readRecorderConfig([
      config('datadog-rum', 'DD_RUM.getInitConfiguration()', { defaultPrivacyLevel: 'allow', sessionReplaySampleRate: 100 }),
    ]);
    const allowed = [...fields, field('#tel', 'input:tel', ['[data-dd-privacy="allow"]'], 'tel')];
    expect(verdicts([recorder('datadog-rum')], allowed, configs)).toEqual([
      ['datadog-rum', '#email', 'masked', 'default'],
      ['datadog-rum', '#name', 'unmasked', 'config'],
      ['datadog-rum', '#msg', 'unmasked', 'config'],
      ['datadog-rum', '#tel', 'masked', 'default'],
    ]);
    const clarity = verdicts(
      [recorder('microsoft-clarity')],
      [field('#name', 'input:text', ['[data-clarity-unmask]']), field('#ce', 'contenteditable', ['[data-clarity-unmask]'])],
    );
    expect(clarity).toEqual([
      ['microsoft-clarity', '#name', 'masked', 'default'],
      ['microsoft-clarity', '#ce', 'unmasked', 'marker'],
    ]);
  });

  it('reads selectors the configuration names (they reach the field scan as markers)', () => {
    const configs = readRecorderConfig([
      config('sentry-replay', 'Sentry.replayIntegration', { unmask: ['#msg'] }),
      config('sentry-replay', 'Sentry.init', { replaysSessionSampleRate: 1 }),
    ]);
    expect(verdicts([recorder('sentry-replay')], fields, configs)).toEqual([
      ['sentry-replay', '#email', 'masked', 'default'],
      ['sentry-replay', '#name', 'masked', 'default'],
      ['sentry-replay', '#msg', 'unmasked', 'config'],
    ]);
    // The selector is the configuration's, not a marker on the page: replay-unmask-attribute (which names markers) stays quiet.
    const msg = judgeMasking([recorder('sentry-replay')], fields, [], [], configs).find((m) => m.field.selector === '#msg');
    expect([msg?.marker, msg?.reason]).toEqual([undefined, 'configuration (Sentry.replayIntegration, Sentry.init) unmasks #msg']);
    // A level that still masks some input types: Amplitude's 'light'.
    const light = readRecorderConfig([config('amplitude-session-replay', 'sessionReplay.init', { sampleRate: 1, 'privacyConfig.defaultMaskLevel': 'light' })]);
    expect(verdicts([recorder('amplitude-session-replay')], fields.slice(0, 2), light)).toEqual([
      ['amplitude-session-replay', '#email', 'masked', 'config'],
      ['amplitude-session-replay', '#name', 'unmasked', 'config'],
    ]);
  });

  it('a masking callback in the configuration makes the verdict depend on it', () => {
    const configs = readRecorderConfig([
      config('posthog', 'posthog.init', { 'session_recording.maskAllInputs': false, 'session_recording.maskInputFn': '[function]' }),
    ]);
    expect(verdicts([recorder('posthog')], fields.slice(1, 2), configs)).toEqual([['posthog', '#name', 'depends-on-setting', 'config']]);
  });
});

describe('every marker of every replay vendor', () => {
  const replayVendors = [...vendors.values()].filter((v) => v.sessionReplay);

  it('covers the vendors that document markers', () => {
    const withUnmask = replayVendors.filter((v) => v.sessionReplay?.markers.unmask.length).map((v) => v.id);
    expect(withUnmask).toEqual(
      expect.arrayContaining([
        'hotjar',
        'fullstory',
        'logrocket',
        'microsoft-clarity',
        'datadog-rum',
        'amplitude-session-replay',
        'contentsquare',
        'openreplay',
        'highlight',
        'matomo-hsr',
        'yandex-metrica-webvisor',
      ]),
    );
  });

  it.each(replayVendors.flatMap((v) => (v.sessionReplay?.markers.unmask ?? []).map((marker) => [v.id, marker] as const)))(
    '%s unmask marker %s unmasks page text, and an input unless the vendor always masks inputs or the marker is for text',
    (id, marker) => {
      const onText = judgeMasking([recorder(id)], [field('#ce', 'contenteditable', [marker])])[0];
      expect([onText?.verdict, onText?.basis, onText?.marker]).toEqual(['unmasked', 'marker', marker]);
      const onInput = judgeMasking([recorder(id)], [field('#name', 'input:text', [marker], 'name')])[0];
      // Markers that do nothing to an input's value: the verdict is the vendor's own (Clarity always masks inputs,
      // OpenReplay obscures them by default, WebVisor records them by default).
      const immune: Record<string, string> = {
        'microsoft-clarity [data-clarity-unmask]': 'masked',
        'openreplay [data-openreplay-unmask]': 'masked',
        'yandex-metrica-webvisor .ym-show-content': 'unmasked',
      };
      const expected = immune[`${id} ${marker}`];
      expect([onInput?.verdict, onInput?.basis]).toEqual(expected ? [expected, 'default'] : ['unmasked', 'marker']);
    },
  );

  it.each(
    replayVendors.flatMap((v) =>
      [...(v.sessionReplay?.markers.mask ?? []), ...(v.sessionReplay?.markers.block ?? [])].map((marker) => [v.id, marker] as const),
    ),
  )('%s mask or block marker %s masks page text', (id, marker) => {
    const onText = judgeMasking([recorder(id)], [field('#ce', 'contenteditable', [marker])])[0];
    expect([onText?.verdict, onText?.basis]).toEqual(['masked', 'marker']);
  });

  it("does not take a text-only mask class for an input's mask", () => {
    const configs = readRecorderConfig([config('posthog', 'posthog.init', { 'session_recording.maskAllInputs': false })]);
    expect(verdicts([recorder('posthog')], [field('#name', 'input:text', ['.ph-mask'], 'name')], configs)).toEqual([
      ['posthog', '#name', 'unmasked', 'config'],
    ]);
    expect(verdicts([recorder('posthog')], [field('#name', 'input:text', ['.ph-ignore-input'], 'name')], configs)).toEqual([
      ['posthog', '#name', 'masked', 'marker'],
    ]);
  });
});
