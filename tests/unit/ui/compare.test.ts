import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { CompareWithFile } from '@/entrypoints/report/components/Compare';
import type { ImportedReport } from '@/lib/report/import';
import { mount } from '../../fixtures/dom';
import { makeFinding, makeReport } from '../../fixtures/reports';

/** An exported file, read back, with one finding the current scan no longer has. */
function exported(lang: ImportedReport['lang'], startedAt: string): ImportedReport {
  return {
    url: 'https://shop.example/',
    startedAt,
    lang,
    vendors: [],
    findings: [{ rule: 'replay-before-consent', title: 'Hotjar a enregistré la visite avant le consentement', vendor: { id: 'hotjar' } }],
    cookies: [],
  };
}

function findingLists(root: ParentNode) {
  const row = root.querySelectorAll('[data-testid="compare-result"] tbody tr')[1];
  const of = (column: string) => {
    const list = row?.querySelector(`[data-testid="${column}"] ul`);
    return list && { lang: list.getAttribute('lang'), text: list.textContent };
  };
  return { added: of('added'), removed: of('removed') };
}

describe('CompareWithFile', () => {
  const current = makeReport({ findings: [makeFinding()] });
  const now = Date.parse(current.visit.startedAt);

  it("marks the file's finding titles with the file's language when it differs from the page's", () => {
    // The file is older: its findings that are gone are in the "removed" column.
    const older = mount(h(CompareWithFile, { current, other: exported('fr', new Date(now - 60_000).toISOString()), name: 'old.json' })).root;
    expect(findingLists(older).removed).toEqual({ lang: 'fr', text: 'Hotjar a enregistré la visite avant le consentement' });
    expect(findingLists(older).added?.lang).toBeNull();
    // The file is newer: its findings are the "added" ones, and this page's own titles stay unmarked.
    const newer = mount(h(CompareWithFile, { current, other: exported('fr', new Date(now + 60_000).toISOString()), name: 'new.json' })).root;
    expect(findingLists(newer).added).toEqual({ lang: 'fr', text: 'Hotjar a enregistré la visite avant le consentement' });
    expect(findingLists(newer).removed?.lang).toBeNull();
  });

  it('adds no mark when the file is in the page language', () => {
    const same = mount(h(CompareWithFile, { current, other: exported('en', new Date(now - 60_000).toISOString()), name: 'old.json' })).root;
    expect(findingLists(same).removed?.lang).toBeNull();
  });
});
