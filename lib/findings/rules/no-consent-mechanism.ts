import { makeFinding, REFERENCES, type Rule } from '../rule';
import { recordsOf } from '../../analysis/scan';

/** Trackers that need consent are present and no consent manager was detected. */
export const rule: Rule = {
  id: 'no-consent-mechanism',
  title: 'No consent mechanism',
  severity: 'high',
  references: [REFERENCES.eprivacy53, REFERENCES.gdpr7, REFERENCES.cnil2020],
  check(scan) {
    if (scan.consent.cmps.length) return [];
    const needing = scan.classification.vendors.filter((v) => v.consent === 'required');
    if (!needing.length) return [];
    const records = needing.flatMap((v) => recordsOf(scan, v.id).slice(0, 2)).sort((a, b) => a.t - b.t);
    return [
      makeFinding(rule, scan, records, {
        phase: 'no-cmp',
        title: `${needing.length} tracker${needing.length > 1 ? 's' : ''} that need consent, and no consent banner was detected`,
        fix: 'Add a consent management platform that asks before any non-essential tracker loads, offers "Refuse all" as easily as "Accept all", and blocks these vendors until the visitor accepts.',
        details: { vendors: needing.map((v) => v.id) },
      }),
    ];
  },
};
