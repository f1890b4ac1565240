import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/finding';
import type { RuleId } from '@/lib/findings/rules/index';
import { localizeReport } from '@/lib/report/localize';
import { overviewOf } from '@/lib/report/overview';
import type { Report, ReportConsent, ReportMasking, ReportRecorder } from '@/lib/report/types';
import { makeFinding, makeReport } from '../../fixtures/reports';

type Input = Parameters<typeof overviewOf>[0];

const NO_CMP: ReportConsent = {
  cmps: [],
  state: { choice: 'none' },
  events: [],
  transitions: [],
  inconclusiveReasons: [],
  tcStrings: [],
  signals: [],
} as unknown as ReportConsent;
const consent = (overrides: Partial<ReportConsent>): ReportConsent => ({ ...NO_CMP, cmps: ['didomi'], ...overrides });
const input = (overrides: Partial<Input>): Input => ({
  findings: [],
  consent: NO_CMP,
  scenario: 'observe',
  recorders: [],
  masking: [],
  canaries: [],
  decodeLimits: [],
  ...overrides,
});
const finding = (rule: RuleId, vendor?: string, overrides: Partial<Finding<RuleId>> = {}) =>
  makeFinding({ rule, ...(vendor && { vendor: { id: vendor, name: vendor } }), ...overrides });
const recorder = (vendor: string): ReportRecorder => ({ vendor, loadedAt: 10, loadedPhase: 'before-choice', ingestRequests: 2 });
const masking = (vendor: string, verdict: ReportMasking['verdict'], proof: ReportMasking['proof'], field = '#email'): ReportMasking => ({
  vendor,
  field,
  selector: field,
  fieldKind: 'email',
  verdict,
  reason: 'r',
  proof,
});
const canary = (selector: string) =>
  ({
    id: `y${selector}`,
    t: 100,
    source: 'audit',
    frameId: 0,
    selector,
    fieldKind: 'email',
    label: '',
    value: 'x',
    trusted: true,
  }) as Input['canaries'][number];
const sentences = (i: Input, lang: 'en' | 'fr' = 'en') => overviewOf(i, lang).sentences.map((s) => s.text);
/** Words that would say a check passed. */
const CLEAN = /no vendor|no typed value|masked them|After the refusal|After the partial|fine|no problem/i;

describe('overviewOf: before the choice', () => {
  const findings = [
    finding('tracker-before-consent', 'hotjar'),
    finding('tracker-before-consent', 'ga', { evidence: { records: [], urls: [], times: [5], details: { sent: 3, stored: 2 } } }),
    finding('tracker-before-consent', 'matomo', { severity: 'info' }),
    finding('cookie-before-consent', 'facebook'),
    finding('cookie-before-consent', 'facebook'),
    finding('cookie-before-consent', 'ga'),
    finding('replay-before-consent', 'hotjar', { severity: 'critical' }),
    finding('no-consent-mechanism'),
  ];

  it('counts vendors, not cookies or requests, on a page with no banner, and says what was not tested', () => {
    const overview = overviewOf(input({ findings, recorders: [recorder('hotjar')] }));
    expect(overview.beforeChoice).toEqual({ status: 'no-banner', sent: 2, mayBeExempt: 1, stored: 2, recorded: 1, recordedUnverified: 0 });
    expect(overview.refusal.status).toBe('not-tested');
    expect(overview.masking).toMatchObject({ status: 'not-tested', recorders: 1, unmasked: 0, masked: 0, unverified: 0 });
    expect(overview.sentences.map((s) => s.text)).toEqual([
      'No consent banner was found; with no choice offered, 2 vendors received data, 2 vendors stored identifiers, 1 session recorder recorded the visit, and 1 audience-measurement vendor that may be exempt received data.',
      'No refusal was tested.',
      'Masking was not tested (1 session recorder on the page).',
    ]);
  });

  it('says it in French, with French plurals', () => {
    expect(sentences(input({ findings, recorders: [recorder('hotjar')] }), 'fr')).toEqual([
      'Aucune bannière de consentement n\u2019a été trouvée ; sans qu\u2019aucun choix ne soit proposé, 2 fournisseurs ont reçu des données, 2 fournisseurs ont stocké des identifiants, 1 outil d\u2019enregistrement de session a enregistré la visite et 1 outil de mesure d\u2019audience, peut-être exempté, a reçu des données.',
      'Aucun refus n\u2019a été testé.',
      'Le masquage n\u2019a pas été testé (1 outil d\u2019enregistrement de session sur la page).',
    ]);
  });

  it('on an observed visit with a banner and nothing found, says what was seen and that refusal and masking were not tested', () => {
    const [before, refusal, mask] = sentences(input({ consent: consent({}), scenario: 'clean-observe' }));
    expect(before).toBe('Before any choice, no vendor that needs consent was seen receiving data, storing identifiers or recording.');
    expect(refusal).toBe('No refusal was tested.');
    expect(mask).toBe('Masking was not tested.');
  });

  it('does not describe the time before a choice on a page loaded with the choice already stored', () => {
    const prior = consent({
      choice: 'reject',
      choiceAt: 0,
      events: [{ t: 0, source: 'cmp-storage', kind: 'choice', choice: 'reject', prior: true }] as ReportConsent['events'],
    });
    const overview = overviewOf(input({ consent: prior, scenario: 'reject', findings: [finding('tracker-before-consent', 'ga')] }));
    expect(overview.beforeChoice).toEqual({ status: 'not-observed', sent: 0, mayBeExempt: 0, stored: 0, recorded: 0, recordedUnverified: 0 });
    expect(overview.sentences[0]?.text).toBe('The choice was already stored when this page loaded: what happens before a choice was not observed here.');
  });
});

describe('overviewOf: after a refusal', () => {
  const refused = consent({ choice: 'reject', choiceAt: 1500 });

  it('counts the vendors still receiving data and the recorders still recording after a confirmed refusal', () => {
    const findings = [
      finding('tracker-after-refusal', 'ga'),
      finding('tracker-after-refusal', 'facebook'),
      finding('tracker-after-refusal', 'facebook'),
      finding('replay-after-refusal', 'hotjar'),
      finding('consent-stored-despite-refusal'),
    ];
    const overview = overviewOf(input({ consent: refused, scenario: 'reject', findings }));
    expect(overview.refusal).toEqual({ status: 'tested', sent: 2, recorded: 1, recordedUnverified: 0, recordedAtAnswer: 0, consentStored: true });
    expect(overview.sentences[1]?.text).toBe(
      'After the refusal, 2 vendors still received data, 1 session recorder kept recording, and the consent manager recorded consent anyway.',
    );
  });

  it('says nothing was seen after a confirmed refusal only then', () => {
    expect(sentences(input({ consent: refused, scenario: 'reject' }))[1]).toBe(
      'After the refusal, no vendor that needs consent was seen receiving data or recording.',
    );
  });

  it('calls a refusal the consent manager did not confirm unconfirmed, whatever was seen after it', () => {
    const unconfirmed = consent({ choice: 'reject', choiceAt: 1500, inconclusiveReasons: [{ kind: 'scenario-unconfirmed', text: 'x' }] });
    const overview = overviewOf(input({ consent: unconfirmed, scenario: 'reject' }));
    expect(overview.refusal.status).toBe('unconfirmed');
    expect(overview.sentences[1]?.text).toBe(
      'A refusal was made, but the consent manager\u2019s stored state does not confirm it: what happened after it is unconfirmed.',
    );
    expect(overview.sentences[1]?.text).not.toMatch(CLEAN);
  });

  it('says a refusal test that answered no banner tested nothing after a refusal', () => {
    const overview = overviewOf(input({ consent: consent({ inconclusiveReasons: [{ kind: 'scenario-unconfirmed', text: 'no-popup' }] }), scenario: 'reject' }));
    expect(overview.refusal.status).toBe('not-answered');
    expect(overview.sentences[1]?.text).toBe('The refusal test could not answer a consent banner: behaviour after a refusal is unconfirmed.');
  });

  it('after an acceptance, says no refusal was tested', () => {
    const overview = overviewOf(input({ consent: consent({ choice: 'accept', choiceAt: 900 }), scenario: 'accept' }));
    expect(overview.refusal.status).toBe('accepted');
    expect(overview.sentences[1]?.text).toBe('The visitor accepted; no refusal was tested.');
    const unconfirmed = consent({ choice: 'accept', choiceAt: 900, inconclusiveReasons: [{ kind: 'scenario-unconfirmed', text: 'x' }] });
    expect(overviewOf(input({ consent: unconfirmed, scenario: 'accept' })).refusal.status).toBe('not-tested');
    expect(sentences(input({ consent: consent({ choice: 'accept', choiceAt: 900 }), scenario: 'accept' }), 'fr')[1]).toBe(
      'Le visiteur a accepté ; aucun refus n\u2019a été testé.',
    );
  });
});

describe('overviewOf: the masking test', () => {
  const recorders = [recorder('hotjar'), recorder('clarity'), recorder('fullstory')];
  const tested = input({
    recorders,
    canaries: [canary('#email'), canary('#name'), canary('#email')],
    masking: [
      masking('hotjar', 'unmasked', 'canary'),
      masking('clarity', 'masked', 'canary'),
      masking('clarity', 'masked', 'canary', '#name'),
      masking('fullstory', 'unverified', 'static'),
    ],
    findings: [finding('replay-unmasked-input', 'hotjar', { severity: 'critical' }), finding('form-data-leak', 'facebook')],
    decodeLimits: [{ record: 'r1', url: 'https://x.example/', where: 'body', chain: ['gzip'], capped: 'total' }],
  });

  it('counts recorders that captured, masked and could not be verified, other recipients and payloads not searched', () => {
    const overview = overviewOf(tested);
    expect(overview.masking).toEqual({
      status: 'tested',
      fields: 2,
      recorders: 3,
      unmasked: 1,
      masked: 1,
      unverified: 1,
      otherRecipients: 1,
      notSearched: 1,
    });
    expect(overview.sentences[2]?.text).toBe(
      'The masking test typed into 2 fields: 1 session recorder captured the typed values, 1 other third party received them, 1 session recorder masked them, 1 session recorder could not be verified, and 1 payload could not be fully decoded and searched.',
    );
    expect(sentences(tested, 'fr')[2]).toBe(
      'Le test de masquage a saisi des valeurs dans 2 champs : 1 outil d\u2019enregistrement de session a capté les valeurs saisies, 1 autre tiers les a reçues, 1 outil d\u2019enregistrement de session les a masquées, 1 outil d\u2019enregistrement de session n\u2019a pas pu être vérifié et 1 envoi n\u2019a pas pu être entièrement décodé ni fouillé.',
    );
  });

  it('never calls a recorder that sent nothing during the test masked', () => {
    const overview = overviewOf(input({ recorders: [recorder('hotjar')], canaries: [canary('#email')], masking: [masking('hotjar', 'masked', 'static')] }));
    expect(overview.masking).toMatchObject({ masked: 0, unverified: 1 });
    expect(overview.sentences[2]?.text).toBe('The masking test typed into 1 field: 1 session recorder could not be verified.');
    expect(overview.sentences[2]?.text).not.toMatch(CLEAN);
  });

  it('with no recorder and no leak, says only that no typed value was found', () => {
    expect(sentences(input({ canaries: [canary('#email'), canary('#q')] }))[2]).toBe(
      'The masking test typed into 2 fields: no typed value was found in what the page sent.',
    );
  });
});

describe('overviewOf: never claims a check that did not run', () => {
  const untested: [string, Input][] = [
    ['observe, no banner', input({})],
    ['observe, banner unanswered', input({ consent: consent({}) })],
    ['clean-observe', input({ consent: consent({}), scenario: 'clean-observe', recorders: [recorder('hotjar')] })],
    ['reject, banner not answered', input({ consent: consent({}), scenario: 'reject' })],
    ['accept', input({ consent: consent({ choice: 'accept', choiceAt: 5 }), scenario: 'accept' })],
  ];

  it.each(untested)('%s: the refusal and masking sentences say not tested, in both languages', (_, i) => {
    const overview = overviewOf(i);
    expect(overview.masking.status).toBe('not-tested');
    expect(['not-tested', 'not-answered', 'accepted']).toContain(overview.refusal.status);
    for (const lang of ['en', 'fr'] as const) {
      const [, refusal, mask] = sentences(i, lang);
      expect(refusal).toMatch(lang === 'en' ? /no refusal was tested|unconfirmed/i : /aucun refus n\u2019a été testé|n\u2019est pas confirmé/i);
      expect(mask).toMatch(lang === 'en' ? /^Masking was not tested/ : /^Le masquage n\u2019a pas été testé/);
      if (lang === 'en') expect(`${refusal} ${mask}`).not.toMatch(CLEAN);
    }
  });
});

describe('the overview in the report', () => {
  it('is built with the report and rendered again in the report\u2019s language', () => {
    const report = makeReport();
    expect(report.overview).toEqual(overviewOf(report));
    expect(report.overview.beforeChoice.status).toBe('no-banner');
    const french: Report = localizeReport(report, 'fr');
    expect(french.overview.sentences.map((s) => s.message)).toEqual(report.overview.sentences.map((s) => s.message));
    expect(french.overview.sentences[1]?.text).toBe('Aucun refus n\u2019a été testé.');
  });
});
