import { describe, expect, it } from 'vitest';
import { localizeReport } from '@/lib/report/localize';
import { toHtml } from '@/lib/report/to-html';
import { toMarkdown } from '@/lib/report/to-markdown';
import { makeReport } from '../../fixtures/reports';

describe('localizeReport', () => {
  const english = makeReport();
  const french = localizeReport(english, 'fr');

  it('keeps ids and data, and words every finding in the language', () => {
    expect(english.lang).toBe('en');
    expect(french.lang).toBe('fr');
    expect(english.findings.length).toBeGreaterThan(0);
    expect(french.findings.map((f) => [f.rule, f.severity, f.vendor?.id, f.evidence.records])).toEqual(
      english.findings.map((f) => [f.rule, f.severity, f.vendor?.id, f.evidence.records]),
    );
    const tracker = french.findings.find((f) => f.rule === 'tracker-before-consent');
    expect(tracker?.title).toMatch(/avant|consentement/);
    expect(tracker?.fix).toMatch(/^Ne chargez .* qu\u2019après/);
    expect(english.findings.find((f) => f.rule === 'tracker-before-consent')?.title).toMatch(/before/);
    expect(localizeReport(french, 'en')).toEqual(english);
  });

  it('links legal references to the French texts in French and to the English ones otherwise', () => {
    const references = (report: typeof english) => report.findings.flatMap((f) => f.references.flatMap((r) => (r.url ? [r.url] : [])));
    expect(references(english).length).toBeGreaterThan(0);
    expect(references(english).every((url) => /eur-lex\.europa\.eu|cnil\.fr\/en\//.test(url))).toBe(true);
    expect(references(french).every((url) => /legifrance\.gouv\.fr|cnil\.fr\/fr\//.test(url))).toBe(true);
    expect(french.findings[0]?.references[0]?.id).toBe(english.findings[0]?.references[0]?.id);
  });

  it('gives French HTML and Markdown exports, English ones unchanged', () => {
    const html = toHtml(french);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h2>Constats</h2>');
    expect(html).toContain('Durée de vie déclarée');
    expect(toHtml(english)).toContain('<h2>Findings</h2>');
    const markdown = toMarkdown(french);
    expect(markdown).toMatch(/\*\*\d+ constats?, /);
    expect(markdown).toContain('| Gravité | Règle | Fournisseur | Constat | Quand | Correction |');
  });
});
