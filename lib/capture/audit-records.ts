import type { EvidenceRecord, FieldRecord } from '../model';
import { FIELD_KINDS } from './fields';
import { nextRecordId, type Visits } from './visits';

/** A consent signal the extension itself observed or caused: autoconsent's messages, a scenario's steps. */
export interface AuditSignal {
  signal: 'autoconsent' | 'scenario';
  command: string;
  params: Record<string, string>;
  frameId: number;
  frameUrl?: string;
  /** Epoch ms. */
  at: number;
  /** Keeps one record per key and visit (autoconsent repeats detections per frame). */
  onceKey?: string;
}

/** A value the canary test typed into a field. */
export interface TypedCanary {
  selector: string;
  fieldKind: string;
  label: string;
  value: string;
  frameId?: number;
  frameUrl?: string;
  /** Typed through the browser's automation protocol (see CanaryRecord.trusted). */
  trusted?: boolean;
}

/** What an audit the user started did in a tab → records of the tab's current visit (`source: 'audit'`). */
export function recordAuditSignal(visits: Visits, tabId: number, { signal, command, params, frameId, frameUrl, at, onceKey }: AuditSignal): void {
  const tab = visits.get(tabId);
  if (!tab) return;
  const record: EvidenceRecord = {
    kind: 'consent',
    id: nextRecordId('a'),
    visitId: tab.visit.id,
    t: Math.max(0, Math.round(at - tab.visit.startedAt)),
    source: 'audit',
    frameId,
    ...(frameUrl && { frameUrl: frameUrl.slice(0, 2000) }),
    signal,
    command,
    params,
  };
  for (const kept of onceKey ? visits.once(tab, `audit:${onceKey}`, record) : [record]) visits.add(tab, kept);
}

/** Records the values typed, stamped `at` (epoch ms, when typing began), and names the visit's scenario `canary`. */
export function recordCanaries(visits: Visits, tabId: number, typed: readonly TypedCanary[], frameUrl: string, at: number): void {
  const tab = visits.get(tabId);
  if (!tab) return;
  for (const canary of typed) {
    visits.add(tab, {
      kind: 'canary',
      id: nextRecordId('y'),
      visitId: tab.visit.id,
      t: Math.round(at - tab.visit.startedAt),
      source: 'audit',
      frameId: canary.frameId ?? 0,
      frameUrl: (canary.frameUrl ?? frameUrl).slice(0, 2000),
      selector: canary.selector.slice(0, 300),
      fieldKind: readFieldKind(canary.fieldKind),
      label: canary.label.slice(0, 120),
      value: canary.value.slice(0, 200),
      trusted: canary.trusted === true,
    });
  }
  visits.patch(tab, { scenario: 'canary' });
}

function readFieldKind(kind: string): FieldRecord['fieldKind'] {
  return FIELD_KINDS.find((k) => k === kind) ?? 'text';
}
