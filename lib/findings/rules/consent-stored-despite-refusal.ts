import type { Finding } from '../../finding';
import type { ConsentObservation, ObservationKind } from '../../consent/detect-consent';
import type { EvidenceRecord } from '../../model';
import { makeFinding, REFERENCES, defineRule } from '../rule';

/**
 * After the visitor refused, the stored or transmitted consent still says purposes were granted: a TC string with
 * purpose consents (from `__tcfapi` or sent as `gdpr_consent=`), a Consent Mode `update` granting storage (or a Google
 * hit whose `gcs`/`gcd` says granted), or the
 * CMP's own cookie or localStorage recording an acceptance. Vendors reading it will track anyway. Observations after
 * the banner was shown again are left out: the visitor could have changed their mind.
 */
export const rule = defineRule({
  id: 'consent-stored-despite-refusal',
  title: 'Consent recorded as granted despite a refusal',
  severity: 'high',
  references: [REFERENCES.gdpr7, REFERENCES.eprivacy53, REFERENCES.cnil2020],
  check(scan): Finding[] {
    const { consent } = scan;
    const refusalAt = consent.transitions.find((t) => t.phase === 'after-refusal' || t.phase === 'after-revocation')?.t;
    if (refusalAt === undefined) return [];
    const reopenedAt = consent.events.find((e) => e.kind === 'banner-shown' && e.t > refusalAt)?.t ?? Number.POSITIVE_INFINITY;
    const contrary = consent.observations.filter((o) => o.t >= refusalAt && o.t < reopenedAt && o.choice !== 'reject');
    const first = contrary[0];
    if (!first) return [];
    const byId = new Map(scan.records.map((r) => [r.id, r]));
    const refusal = consent.observations.find((o) => o.t === refusalAt && o.choice === 'reject');
    const records = [...(refusal ? [refusal] : []), ...contrary].flatMap((o) => byId.get(o.record) ?? []) as EvidenceRecord[];
    const kinds = [...new Set(contrary.map((o) => o.kind))];
    return [
      makeFinding(rule, scan, records, {
        phase: 'after-refusal',
        title: `After the refusal, ${kinds.map((k) => describe(k, contrary)).join(' and ')} still says consent was ${first.choice === 'accept' ? 'granted' : 'partly granted'}`,
        fix: kinds.map(fixOf).join(' '),
        details: {
          refusalAt,
          which: kinds,
          contrary: contrary
            .slice(0, 10)
            .map((o) => ({ kind: o.kind, t: o.t, choice: o.choice, ...(o.cmp && { cmp: o.cmp }), ...(o.purposes && { granted: grantedOf(o) }) })),
        },
      }),
    ];
  },
});

function describe(kind: ObservationKind, contrary: readonly ConsentObservation[]): string {
  switch (kind) {
    case 'tc-string':
      return 'the TCF consent string';
    case 'tc-string-sent':
      return 'the TCF consent string sent to vendors (gdpr_consent)';
    case 'consent-mode':
      return 'Google Consent Mode';
    case 'consent-mode-sent':
      return 'the Consent Mode state sent on Google hits (gcs/gcd)';
    case 'cmp-storage': {
      const cmps = [...new Set(contrary.flatMap((o) => (o.kind === 'cmp-storage' && o.cmp ? [o.cmp] : [])))];
      return `the stored state of ${cmps.join(', ') || 'the consent manager'}`;
    }
  }
}

function fixOf(kind: ObservationKind): string {
  switch (kind) {
    case 'tc-string':
      return 'Make the CMP write a TC string without purpose consents when the visitor refuses, and fire useractioncomplete with it, so vendors reading __tcfapi see the refusal.';
    case 'tc-string-sent':
      return 'Pass vendors the TC string of the refusal: ad tags must read gdpr_consent from __tcfapi after the choice, not from a cached or hard-coded value.';
    case 'consent-mode':
      return "Send gtag('consent', 'update', {...: 'denied'}) for every storage type when the visitor refuses, and never 'granted' without an acceptance.";
    case 'consent-mode-sent':
      return "Make the Google tags run with the refusal: send the Consent Mode update before any Google tag fires after the choice, and never 'granted' from a cached or default state.";
    case 'cmp-storage':
      return "Make the consent manager store the refusal (every non-essential category false) and never overwrite it with an acceptance the visitor did not give; check the site's own scripts that write the consent cookie.";
  }
}

function grantedOf(observation: ConsentObservation): string[] {
  return Object.entries(observation.purposes ?? {})
    .filter(([, granted]) => granted)
    .map(([purpose]) => purpose)
    .slice(0, 20);
}
