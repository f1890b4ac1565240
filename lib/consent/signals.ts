import type { ConsentSignalRecord, EvidenceRecord } from '../model';

export type Choice = 'accept' | 'reject' | 'partial';

/** What one consent signal says about the visitor's choice. */
export interface SignalReading {
  record: ConsentSignalRecord;
  /** The choice this signal expresses, or undefined when it is not a choice (defaults, banner shown). */
  choice?: Choice;
  bannerShown?: boolean;
  /** The TCF CMP id, when the signal comes from a TCF CMP. */
  cmpId?: string;
}

/** TCF purposes other than 1 (store/access), which every real acceptance grants. */
const TCF_PURPOSES = ['2', '3', '4', '5', '6', '7', '8', '9', '10'];
const GCM_STORAGE = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'];

/**
 * Reads the page's own consent signals. TCF: `useractioncomplete` and `tcloaded` carry a choice (all purposes →
 * accept, none → reject, some → partial); `cmpuishown` means the banner is up. Consent Mode: an `update` carries a
 * choice (all storage types granted → accept, all denied → reject); a `default` is not a choice.
 */
export function readSignals(records: readonly EvidenceRecord[]): SignalReading[] {
  return records.filter((r): r is ConsentSignalRecord => r.kind === 'consent' && (r.signal === 'tcf' || r.signal === 'gcm')).map(readSignal);
}

export function readSignal(record: ConsentSignalRecord): SignalReading {
  if (record.signal === 'tcf') {
    const cmpId = record.params.cmpId || undefined;
    if (record.command === 'cmpuishown') return { record, bannerShown: true, ...(cmpId && { cmpId }) };
    if (record.command !== 'useractioncomplete' && record.command !== 'tcloaded') return { record, ...(cmpId && { cmpId }) };
    const granted = new Set((record.params.purposes ?? '').split(',').filter(Boolean));
    const count = TCF_PURPOSES.filter((p) => granted.has(p)).length;
    const choice: Choice = count === 0 ? 'reject' : count === TCF_PURPOSES.length && granted.has('1') ? 'accept' : 'partial';
    return { record, choice, ...(cmpId && { cmpId }) };
  }
  if (record.command !== 'update') return { record };
  const values = GCM_STORAGE.map((key) => record.params[key]).filter((v): v is string => v === 'granted' || v === 'denied');
  if (!values.length) return { record };
  const granted = values.filter((v) => v === 'granted').length;
  return { record, choice: granted === 0 ? 'reject' : granted === values.length ? 'accept' : 'partial' };
}

/** Whether a signal says any non-essential purpose is granted. */
export function grantsAnything(reading: SignalReading): boolean {
  return reading.choice === 'accept' || reading.choice === 'partial';
}
