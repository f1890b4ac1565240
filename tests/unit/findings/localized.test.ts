import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Finding } from '@/lib/finding';
import { RULES } from '@/lib/findings/rules/index';
import { formatMessage, type Message, type Param } from '@/lib/i18n/message';
import { localizeFinding } from '@/lib/report/localize';

/**
 * Every rule, run over the unit fixtures of every rule test (imported below, so they run here once more), must word
 * its findings only through catalogue keys: what it reports equals its messages rendered in English, and in French
 * every text changes and keeps no English catalogue sentence. `makeFinding` is wrapped to collect the findings.
 */
const collected = vi.hoisted(() => [] as Finding[]);
vi.mock('@/lib/findings/rule', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/findings/rule')>();
  return {
    ...original,
    makeFinding: (...args: Parameters<typeof original.makeFinding>) => {
      const finding = original.makeFinding(...args);
      collected.push(finding);
      return finding;
    },
  };
});

import.meta.glob('./rules/*.test.ts', { eager: true });

function stringParams(message: Message): string[] {
  const of = (param: Param): string[] =>
    typeof param === 'string' ? [param] : typeof param === 'number' ? [] : 'key' in param ? stringParams(param) : 'list' in param ? param.list.flatMap(of) : [];
  return Object.values(message.params ?? {}).flatMap(of);
}

describe('findings in the user\u2019s language', () => {
  it('collects findings from the rule tests', () => {
    expect(Object.keys(import.meta.glob('./rules/*.test.ts')).length).toBe(RULES.length);
  });

  afterAll(() => {
    const rules = new Set(collected.map((f) => f.rule));
    expect(
      [...RULES.map((r) => r.id)].filter((id) => !rules.has(id)),
      'rules with no finding in their tests',
    ).toEqual([]);
    for (const finding of collected) {
      const { messages } = finding;
      if (!messages) throw new Error(`${finding.rule}: no messages`);
      expect(finding.title, finding.rule).toBe(formatMessage(messages.title, 'en'));
      expect(finding.fix, finding.rule).toBe(formatMessage(messages.fix, 'en'));
      if (messages.when) expect(finding.evidence.when).toBe(formatMessage(messages.when, 'en'));
      const french = localizeFinding(finding, 'fr');
      for (const field of ['title', 'fix'] as const) {
        expect(french[field], `${finding.rule} ${field}`).not.toBe(finding[field]);
        expect(french[field], `${finding.rule} ${field}`).not.toMatch(/\{\w+\}/);
        // Parameters are data (names, selectors, hosts): none may be an English sentence of the rule's own.
        for (const param of stringParams(messages[field]))
          expect(param, `${finding.rule} ${field} parameter`).not.toMatch(/\b(the|was|before|after|and|visitor)\b/);
      }
      if (french.evidence.when) expect(french.evidence.when).toMatch(/choix|visite/);
      expect(french.references.every((r) => r.title !== finding.references.find((e) => e.id === r.id)?.title)).toBe(true);
    }
  });
});
