import { describe, expect, it } from 'vitest';
import { RECORDER_CONFIG_LIMITS } from '@/lib/capture/probe-protocol';
import { configSelectors, pick } from '@/lib/capture/recorder-config-options';

describe('pick', () => {
  it('bounds what it keeps', () => {
    const long = 'x'.repeat(5000);
    const kept = pick({ a: long, b: /secret-pattern/gi, c: Array.from({ length: 50 }, (_, i) => `.c${i}`), d: { nested: 1 }, e: undefined }, [
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(String(kept?.a)).toHaveLength(RECORDER_CONFIG_LIMITS.text);
    expect(kept?.b).toBe('/secret-pattern/gi');
    expect(kept?.c).toHaveLength(RECORDER_CONFIG_LIMITS.list);
    expect(kept && 'd' in kept).toBe(false);
    expect(pick('not an object', ['a'])).toBeUndefined();
  });
});

describe('configSelectors', () => {
  it('lists the selectors a configuration names, class options as class selectors', () => {
    expect(
      configSelectors({
        unmask: ['#msg', '.public'],
        'session_recording.maskTextSelector': '.secret',
        'session_recording.blockClass': 'no-rec',
        record_block_class: '/^(mp-block)$/',
        'privacyConfig.unmaskSelector': ['[data-ok]'],
        maskAllInputs: false,
        'dom.redactSelectors': ['.redact'],
      }),
    ).toEqual(['#msg', '.public', '.secret', '.no-rec', '[data-ok]', '.redact']);
  });
});
