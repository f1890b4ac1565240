import { describe, expect, it } from 'vitest';
import { scenarioText } from '@/entrypoints/popup/components/Actions';
import type { ScenarioStatus } from '@/lib/scenario';
import { createTranslator } from '@/lib/i18n/translate';

const base: ScenarioStatus = { scenario: 'reject', run: 'r', step: 'waiting-cmp', visitIds: ['v1'] };

describe('scenarioText', () => {
  it('names the step while the scenario runs', () => {
    expect(scenarioText(createTranslator('en'), base)).toBe('Refusal test: waiting for the consent banner…');
    expect(scenarioText(createTranslator('en'), { ...base, step: 'acting', cmp: 'Klaro' })).toBe('Refusal test: answering the Klaro banner…');
    expect(scenarioText(createTranslator('fr'), { ...base, scenario: 'accept', step: 'confirming', cmp: 'Klaro' })).toBe(
      'Test d\u2019acceptation : lecture de ce que Klaro a enregistré…',
    );
  });

  it('gives the outcome once done, with what the CMP stored', () => {
    expect(scenarioText(createTranslator('en'), { ...base, step: 'done', outcome: 'confirmed', cmp: 'Klaro', detail: 'klaro: reject' })).toBe(
      'Refusal test done: Klaro stored the choice (klaro: reject). The report shows what happened after it.',
    );
    expect(scenarioText(createTranslator('en'), { ...base, step: 'done', outcome: 'no-cmp' })).toBe(
      'Refusal test: no consent banner recognised; the page was observed without a choice.',
    );
  });
});
