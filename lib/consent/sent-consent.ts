import type { EvidenceRecord } from '../model';
import { cmpIdFromTcf } from './cmp-ids';
import { GCD_TYPES, readConsentModeFromUrl } from './consent-mode';
import { type ConsentObservation, type NoteTc, tcPurposes } from './observations';
import { readTcChoice, readTcString, type TcConsent } from './tcf';
import type { ConsentChoice } from './timeline';

const TC_URL_PARAMS = ['gdpr_consent', 'gdpr_consent_string'];

/** A TC string in a request's query (`gdpr_consent=`) is what the site forwarded to that vendor. */
export function readSentTcStrings(sorted: readonly EvidenceRecord[], observations: ConsentObservation[], noteTc: NoteTc): void {
  const decoded = new Map<string, TcConsent | undefined>();
  for (const record of sorted) {
    if ((record.kind !== 'request' && record.kind !== 'payload') || !record.url.includes('gdpr_consent')) continue;
    const text = tcParamOf(record.url);
    if (!text) continue;
    if (!decoded.has(text)) {
      const tc = decoded.size < 200 ? readTcString(text) : undefined;
      decoded.set(text, tc?.ok ? tc : undefined);
    }
    const tc = decoded.get(text);
    if (!tc) continue;
    noteTc(text, tc, 'request', record.t, record.id);
    const cmp = cmpIdFromTcf(tc.cmpId);
    observations.push({
      t: record.t,
      kind: 'tc-string-sent',
      record: record.id,
      choice: readTcChoice(tc),
      purposes: tcPurposes(tc.purposeConsents),
      ...(cmp && { cmp }),
    });
  }
}

/** `gcs`/`gcd` on a request (Google hits, server-side tagging too) say which Consent Mode state the tag applied. */
export function readSentConsentMode(sorted: readonly EvidenceRecord[], observations: ConsentObservation[]): void {
  for (const record of sorted) {
    if ((record.kind !== 'request' && record.kind !== 'payload') || !/[?&]gc[sd]=/.test(record.url)) continue;
    const wire = readConsentModeFromUrl(record.url);
    if (!wire) continue;
    const values = GCD_TYPES.flatMap((type) => {
      const effective = wire.signals[type].effective;
      return effective === 'granted' || effective === 'denied' ? [[type, effective === 'granted'] as const] : [];
    });
    if (!values.length) continue;
    const granted = values.filter(([, v]) => v).length;
    const choice: ConsentChoice = granted === 0 ? 'reject' : granted === values.length ? 'accept' : 'partial';
    observations.push({ t: record.t, kind: 'consent-mode-sent', record: record.id, choice, purposes: Object.fromEntries(values) });
  }
}

function tcParamOf(url: string): string | undefined {
  if (url.length > 64 * 1024) return undefined;
  try {
    const params = new URL(url).searchParams;
    for (const name of TC_URL_PARAMS) {
      const value = params.get(name);
      if (value && value.length > 10) return value;
    }
  } catch {
    // Not a URL: nothing was sent.
  }
  return undefined;
}
