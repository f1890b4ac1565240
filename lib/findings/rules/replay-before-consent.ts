import type { Finding } from '../../model';
import { makeFinding, REFERENCES, type Rule } from '../rule';
import { isBeforeConsent, phaseAt } from '../../analysis/scan';

/** A session recorder loaded, or worse, sent recordings, before the visitor chose. */
export const rule: Rule = {
  id: 'replay-before-consent',
  title: 'Session replay before consent',
  severity: 'critical',
  references: [REFERENCES.cnilReplay2026, REFERENCES.edpbReplay, REFERENCES.eprivacy53, REFERENCES.gdpr6],
  check(scan) {
    const findings: Finding[] = [];
    for (const recorder of scan.recorders) {
      const { vendor, loaded } = recorder;
      const recordingBefore = recorder.ingest.filter((r) => isBeforeConsent(phaseAt(scan.consent, r.t)));
      if (recordingBefore.length) {
        findings.push(
          makeFinding(rule, scan, [loaded, ...recordingBefore], {
            vendor,
            phase: phaseAt(scan.consent, recordingBefore[0]?.t ?? loaded.t),
            severity: 'critical',
            title: `${vendor.name} was recording before the visitor consented`,
            fix: `Start ${vendor.name} only after the visitor accepts session recording: load its script from the consent manager's callback (or with its "wait for consent" option), never on page load.`,
            details: { recording: true, via: recorder.recordingVia, loadedAt: loaded.t, ingestRequests: recordingBefore.length },
          }),
        );
      } else if (isBeforeConsent(phaseAt(scan.consent, loaded.t))) {
        findings.push(
          makeFinding(rule, scan, [loaded], {
            vendor,
            phase: phaseAt(scan.consent, loaded.t),
            severity: 'high',
            title: `${vendor.name} was loaded before the visitor consented (no recording traffic seen)`,
            fix: `Do not load ${vendor.name} before consent: even a loaded recorder reads the page and can store identifiers. Load it from the consent manager's callback once session recording is accepted.`,
            details: { recording: false, loadedAt: loaded.t },
          }),
        );
      }
    }
    return findings;
  },
};
