import { grantsAnything } from '../../consent/signals';
import { makeFinding, REFERENCES, type Rule } from '../rule';

/**
 * After the visitor refused, a consent signal still says purposes were granted: a TC string with purpose consents,
 * a Consent Mode `update` granting storage, or a CMP record of acceptance. Vendors reading it will track anyway.
 */
export const rule: Rule = {
  id: 'consent-stored-despite-refusal',
  title: 'Consent recorded as granted despite a refusal',
  severity: 'high',
  references: [REFERENCES.gdpr7, REFERENCES.eprivacy53, REFERENCES.cnil2020],
  check(scan) {
    const refusal = scan.consent.signals.find((s) => s.choice === 'reject');
    if (!refusal) return [];
    const contrary = scan.consent.signals.filter((s) => s.record.t >= refusal.record.t && grantsAnything(s));
    const first = contrary[0];
    if (!first) return [];
    const what = first.record.signal === 'tcf' ? 'the TCF consent string' : 'Google Consent Mode';
    return [
      makeFinding(rule, scan, [refusal.record, ...contrary.map((s) => s.record)], {
        phase: 'after-refusal',
        title: `After the refusal, ${what} still says consent was ${first.choice === 'accept' ? 'granted' : 'partly granted'}`,
        fix:
          first.record.signal === 'tcf'
            ? 'Make the CMP write a TC string without purpose consents when the visitor refuses, and fire useractioncomplete with it, so vendors reading __tcfapi see the refusal.'
            : "Send gtag('consent', 'update', {...: 'denied'}) for every storage type when the visitor refuses, and never 'granted' without an acceptance.",
        details: { refusal: refusal.record.signal, contrary: contrary.map((s) => ({ signal: s.record.signal, command: s.record.command, choice: s.choice })) },
      }),
    ];
  },
};
