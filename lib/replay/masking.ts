import type { CanaryRecord, FieldRecord } from '../model';
import type { Leak } from './leaks';
import type { RecorderActivity } from './detect';

/**
 * `unverified`: the canary test ran while the recorder sent recordings, but typed synthetically and the recorder
 * ignores events a script dispatched, so a value that did not arrive proves nothing.
 */
export type MaskingVerdict = 'masked' | 'unmasked' | 'depends-on-setting' | 'unverified';

/** One recorder's treatment of one field, judged statically from its defaults and the markers on the page. */
export interface FieldMasking {
  vendor: string;
  field: FieldRecord;
  verdict: MaskingVerdict;
  reason: string;
  /** The marker that decided, when one did. */
  marker?: string;
  /** `canary` when the canary test proved the verdict; `static` when it rests on markers and defaults. */
  proof: 'static' | 'canary';
}

/** Field kinds that hold personal data. `text` (unknown purpose) and `hidden-token` are left out. */
export const SENSITIVE_KINDS = new Set<FieldRecord['fieldKind']>(['password', 'email', 'tel', 'card', 'name', 'address', 'birth-date', 'free-text']);

/**
 * Judges, for every recorder on the page and every field, whether the recorder would capture what is typed: an
 * explicit unmask marker of that vendor wins, then its mask or block markers, then its documented defaults
 * (inputs for form fields, text for contenteditable). Password inputs are masked by every recorder unless unmasked.
 */
export function judgeMasking(
  recorders: readonly RecorderActivity[],
  fields: readonly FieldRecord[],
  canaries: readonly CanaryRecord[] = [],
  leaks: readonly Leak[] = [],
): FieldMasking[] {
  const verdicts: FieldMasking[] = [];
  const start = canaries.length ? Math.min(...canaries.map((c) => c.t)) : Number.POSITIVE_INFINITY;
  /** Fields whose value a recorder that ignores synthetic events did not send: not a proof of masking. */
  const unproven = new Set<string>();
  for (const recorder of recorders) {
    // A recorder that sent recordings during the canary test proves, field by field, what it did with the values.
    if (!recorder.ingest.some((r) => r.t >= start)) continue;
    const ingest = new Set(recorder.ingest);
    for (const canary of canaries) {
      const field =
        fields.find((f) => f.selector === canary.selector && f.frameId === canary.frameId) ??
        fields.find((f) => f.selector === canary.selector) ??
        fieldOf(canary);
      const leak = leaks.find((l) => l.canary === canary && (ingest.has(l.record) || l.rrweb));
      if (!leak && !canary.trusted && recorder.vendor.sessionReplay?.ignoresUntrustedEvents) {
        unproven.add(`${recorder.vendor.id}|${field.frameId}|${field.selector}`);
        continue;
      }
      verdicts.push(
        leak
          ? {
              vendor: recorder.vendor.id,
              field,
              verdict: 'unmasked',
              reason: `canary test: the typed value reached ${recorder.vendor.name} (${[...leak.chain].join(' → ') || 'plain'})`,
              proof: 'canary',
            }
          : {
              vendor: recorder.vendor.id,
              field,
              verdict: 'masked',
              reason: `canary test: the typed value was not in ${recorder.vendor.name}'s payloads`,
              proof: 'canary',
            },
      );
    }
  }
  const proven = new Set(verdicts.map((v) => `${v.vendor}|${v.field.frameId}|${v.field.selector}`));
  for (const { vendor } of recorders) {
    const replay = vendor.sessionReplay;
    if (!replay) continue;
    for (const field of fields) {
      if (proven.has(`${vendor.id}|${field.frameId}|${field.selector}`)) continue;
      const unmask = replay.markers.unmask.find((m) => field.markers.includes(m));
      const mask = [...replay.markers.mask, ...replay.markers.block].find((m) => field.markers.includes(m));
      const base = { vendor: vendor.id, field, proof: 'static' as const };
      const before = verdicts.length;
      if (unmask) verdicts.push({ ...base, verdict: 'unmasked', reason: `explicit unmask marker ${unmask}`, marker: unmask });
      else if (mask) verdicts.push({ ...base, verdict: 'masked', reason: `mask marker ${mask}`, marker: mask });
      else if (field.fieldKind === 'password') verdicts.push({ ...base, verdict: 'masked', reason: 'password inputs are never recorded by default' });
      else {
        const setting = field.element === 'contenteditable' ? replay.defaults.textMasked : replay.defaults.inputsMasked;
        const what = field.element === 'contenteditable' ? 'page text' : 'inputs';
        verdicts.push(
          setting === 'setting'
            ? { ...base, verdict: 'depends-on-setting', reason: `${vendor.name} masks ${what} depending on a dashboard or init setting` }
            : setting
              ? { ...base, verdict: 'masked', reason: `${vendor.name} masks ${what} by default` }
              : { ...base, verdict: 'unmasked', reason: `${vendor.name} records ${what} by default` },
        );
      }
      const judged = verdicts[before];
      // Only an explicit unmask marker outweighs a canary test that could not see; a default or a mask marker does not.
      if (judged && unproven.has(`${vendor.id}|${field.frameId}|${field.selector}`)) {
        if (judged.verdict === 'unmasked' && unmask) judged.reason += `; ${unverifiedReason(vendor.name)}`;
        else verdicts[before] = { ...base, verdict: 'unverified', reason: `${judged.reason}; ${unverifiedReason(vendor.name)}` };
      }
    }
  }
  return verdicts;
}

function unverifiedReason(vendor: string): string {
  return `the canary test cannot confirm it: ${vendor} ignores input events a script dispatched, and the values were typed without the browser's automation protocol`;
}

/** A field record for a canary whose field the static scan did not list (it appeared later). */
function fieldOf(canary: CanaryRecord): FieldRecord {
  return {
    kind: 'field',
    id: canary.id,
    visitId: canary.visitId,
    t: canary.t,
    source: 'snapshot',
    frameId: canary.frameId,
    origin: '',
    selector: canary.selector,
    element: 'input:text',
    fieldKind: canary.fieldKind,
    label: canary.label,
    markers: [],
  };
}
