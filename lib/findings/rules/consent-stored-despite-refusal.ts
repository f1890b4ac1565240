import type { Finding } from '../../finding';
import type { ConsentObservation, ObservationKind } from '../../consent/detect-consent';
import type { EvidenceRecord } from '../../model';
import { type Message, msg } from '../../i18n/message';
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
        title: msg(first.choice === 'accept' ? 'rule.consent-stored-despite-refusal.title' : 'rule.consent-stored-despite-refusal.titlePartly', {
          what: { list: kinds.map((k) => describe(k, contrary)) },
        }),
        fix: msg('rule.consent-stored-despite-refusal.fix', { fixes: { list: kinds.map((k) => msg(`observationFix.${k}`)), join: ' ' } }),
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

function describe(kind: ObservationKind, contrary: readonly ConsentObservation[]): Message {
  if (kind !== 'cmp-storage') return msg(`observation.${kind}`);
  const cmps = [...new Set(contrary.flatMap((o) => (o.kind === 'cmp-storage' && o.cmp ? [o.cmp] : [])))];
  return cmps.length ? msg('observation.cmp-storage', { cmps: { list: cmps, join: ',' } }) : msg('observation.cmp-storage.unknown');
}

function grantedOf(observation: ConsentObservation): string[] {
  return Object.entries(observation.purposes ?? {})
    .filter(([, granted]) => granted)
    .map(([purpose]) => purpose)
    .slice(0, 20);
}
