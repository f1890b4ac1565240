import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWN_AUTOCONSENT_RULES } from '../../../lib/audit/own-rules';
import { AUTOCONSENT_RULES, cmpCandidates, FRAMEWORK_IDS } from '../../../lib/consent/cmp-ids';

const AUTOCONSENT = path.resolve(import.meta.dirname, '../../../node_modules/@duckduckgo/autoconsent');
const jsonRules = (JSON.parse(readFileSync(path.join(AUTOCONSENT, 'rules/rules.json'), 'utf8')) as { autoconsent: { name: string }[] }).autoconsent.map(
  (r) => r.name,
);
const classRules = readdirSync(path.join(AUTOCONSENT, 'lib/cmps')).flatMap((file) => {
  const match = /name = '([^']+)'/.exec(readFileSync(path.join(AUTOCONSENT, 'lib/cmps', file), 'utf8'));
  return match?.[1] ? [match[1]] : [];
});
const ownRules = OWN_AUTOCONSENT_RULES.map((r) => (r as { name: string }).name);
const ruleNames = new Set([...jsonRules, ...classRules, ...ownRules].map((n) => n.toLowerCase()));
const vendorIds = new Set(readdirSync(path.resolve(import.meta.dirname, '../../../data/vendors')).map((f) => f.replace(/\.json$/, '')));

describe('autoconsent rule names → CMP ids', () => {
  it('our own rules do not shadow one of autoconsent', () => {
    for (const name of ownRules) expect([...jsonRules, ...classRules].map((n) => n.toLowerCase())).not.toContain(name.toLowerCase());
  });

  it('every mapped name is a rule of the installed autoconsent or ours, and every id a vendor file', () => {
    for (const [name, ids] of AUTOCONSENT_RULES) {
      expect(ruleNames.has(name), `autoconsent has no rule "${name}"`).toBe(true);
      for (const id of ids) expect(vendorIds.has(id) || FRAMEWORK_IDS.includes(id), `no data/vendors/${id}.json`).toBe(true);
    }
  });

  it.each([
    ['Klaro', ['klaro']],
    ['cookieconsent2', ['vanilla-cookieconsent']],
    ['cookieconsent3', ['vanilla-cookieconsent']],
    ['Complianz optin', ['complianz', 'insites-cookieconsent']],
    ['tarteaucitron deny', ['tarteaucitron']],
    ['hubspot', ['hubspot-cookie-banner']],
  ])('%s stands for %j', (name, ids) => {
    expect(cmpCandidates(name)).toEqual(ids);
  });
});
