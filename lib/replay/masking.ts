import type { FieldRecord } from '../model';
import type { RecorderActivity } from './detect';

export type MaskingVerdict = 'masked' | 'unmasked' | 'depends-on-setting';

/** One recorder's treatment of one field, judged statically from its defaults and the markers on the page. */
export interface FieldMasking {
  vendor: string;
  field: FieldRecord;
  verdict: MaskingVerdict;
  reason: string;
  /** The marker that decided, when one did. */
  marker?: string;
}

/** Field kinds that hold personal data. `text` (unknown purpose) and `hidden-token` are left out. */
export const SENSITIVE_KINDS = new Set<FieldRecord['fieldKind']>(['password', 'email', 'tel', 'card', 'name', 'address', 'birth-date', 'free-text']);

/**
 * Judges, for every recorder on the page and every field, whether the recorder would capture what is typed: an
 * explicit unmask marker of that vendor wins, then its mask or block markers, then its documented defaults
 * (inputs for form fields, text for contenteditable). Password inputs are masked by every recorder unless unmasked.
 */
export function judgeMasking(recorders: readonly RecorderActivity[], fields: readonly FieldRecord[]): FieldMasking[] {
  const verdicts: FieldMasking[] = [];
  for (const { vendor } of recorders) {
    const replay = vendor.sessionReplay;
    if (!replay) continue;
    for (const field of fields) {
      const unmask = replay.markers.unmask.find((m) => field.markers.includes(m));
      const mask = [...replay.markers.mask, ...replay.markers.block].find((m) => field.markers.includes(m));
      const base = { vendor: vendor.id, field };
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
    }
  }
  return verdicts;
}
