import type { SessionReplayInfo, Vendor } from '../classify/vendor';
import type { CanaryRecord, FieldRecord } from '../model';
import type { Leak } from './leaks';
import type { RecorderActivity } from './detect';
import type { RecorderSettings } from './recorder-config';
import { alwaysMasked, markerApplies } from './recorder-rules';

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
  /**
   * What decided: a marker on the field or an ancestor, the recorder's configuration as the page handed it over, the
   * vendor's documented default (also when the configuration was not visible), or the canary test.
   */
  basis: MaskingBasis;
}

export type MaskingBasis = 'marker' | 'config' | 'default' | 'canary';

/** Field kinds that hold personal data. `text` (unknown purpose) and `hidden-token` are left out. */
export const SENSITIVE_KINDS = new Set<FieldRecord['fieldKind']>(['password', 'email', 'tel', 'card', 'name', 'address', 'birth-date', 'free-text']);

/**
 * Judges, for every recorder on the page and every field, whether the recorder would capture what is typed: what the
 * vendor masks whatever the page says first (Datadog's e-mail inputs, every Clarity input), then an explicit unmask
 * marker of that vendor, then its mask or block markers, then the recorder's configuration as the page handed it over
 * (`configs`, from `readRecorderConfig`), then its documented defaults (inputs for form fields, text for
 * contenteditable). Password inputs are masked by every recorder unless unmasked.
 */
export function judgeMasking(
  recorders: readonly RecorderActivity[],
  fields: readonly FieldRecord[],
  canaries: readonly CanaryRecord[] = [],
  leaks: readonly Leak[] = [],
  configs: ReadonlyMap<string, RecorderSettings> = new Map(),
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
              basis: 'canary',
            }
          : {
              vendor: recorder.vendor.id,
              field,
              verdict: 'masked',
              reason: `canary test: the typed value was not in ${recorder.vendor.name}'s payloads`,
              proof: 'canary',
              basis: 'canary',
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
      const before = verdicts.length;
      verdicts.push(staticVerdict(vendor, replay, field, configs.get(vendor.id)));
      const judged = verdicts[before];
      // Only an explicit unmask marker outweighs a canary test that could not see; a default, the configuration or a
      // mask marker does not.
      if (judged && unproven.has(`${vendor.id}|${field.frameId}|${field.selector}`)) {
        if (judged.verdict === 'unmasked' && judged.basis === 'marker') judged.reason += `; ${unverifiedReason(vendor.name)}`;
        else
          verdicts[before] = {
            vendor: vendor.id,
            field,
            proof: 'static',
            verdict: 'unverified',
            reason: `${judged.reason}; ${unverifiedReason(vendor.name)}`,
            basis: judged.basis,
          };
      }
    }
  }
  return verdicts;
}

function unverifiedReason(vendor: string): string {
  return `the canary test cannot confirm it: ${vendor} ignores input events a script dispatched, and the values were typed without the browser's automation protocol`;
}

/** A verdict without the canary test: fixed vendor behaviour, markers, the page's configuration, then defaults. */
function staticVerdict(vendor: Vendor, replay: SessionReplayInfo, field: FieldRecord, settings: RecorderSettings | undefined): FieldMasking {
  const base = { vendor: vendor.id, field, proof: 'static' as const };
  const fixed = alwaysMasked(vendor.id, field);
  if (fixed) return { ...base, verdict: 'masked', reason: `${vendor.name} ${fixed}`, basis: 'default' };
  const applies = (m: string) => field.markers.includes(m) && markerApplies(vendor.id, m, field);
  const unmask = replay.markers.unmask.find(applies);
  if (unmask) return { ...base, verdict: 'unmasked', reason: `explicit unmask marker ${unmask}`, marker: unmask, basis: 'marker' };
  const mask = [...replay.markers.mask, ...replay.markers.block].find(applies);
  if (mask) return { ...base, verdict: 'masked', reason: `mask marker ${mask}`, marker: mask, basis: 'marker' };
  const text = field.element === 'contenteditable';
  const what = text ? 'page text' : 'inputs';
  const via = settings ? [...new Set(settings.records.map((r) => r.via))].join(', ') : '';
  if (settings) {
    const masks = [...(text ? settings.maskText : settings.maskInputs), ...settings.block].find((s) => field.markers.includes(s));
    // The selector is in the reason, not in `marker`: `marker` names an attribute or class on the page itself.
    if (masks) return { ...base, verdict: 'masked', reason: `configuration (${via}) masks ${masks}`, basis: 'config' };
    const unmasks = (text ? settings.unmaskText : settings.unmaskInputs).find((s) => field.markers.includes(s));
    if (unmasks && field.fieldKind !== 'password')
      return { ...base, verdict: 'unmasked', reason: `configuration (${via}) unmasks ${unmasks}`, basis: 'config' };
  }
  if (field.fieldKind === 'password') return { ...base, verdict: 'masked', reason: 'password inputs are never recorded by default', basis: 'default' };
  if (settings && !text && settings.inputsCallback)
    return { ...base, verdict: 'depends-on-setting', reason: `configuration (${via}): a masking callback decides what is kept of inputs`, basis: 'config' };
  const configured = text ? settings?.textMasked : settings?.inputsMasked;
  if (settings && configured !== undefined) {
    const said = settings.said.join('; ');
    if (!configured && !text && settings.maskedElements?.includes(field.element))
      return { ...base, verdict: 'masked', reason: `configuration (${via}: ${said}) still masks ${field.element.slice(6)} inputs`, basis: 'config' };
    return configured
      ? { ...base, verdict: 'masked', reason: `configuration (${via}: ${said}) masks ${what}`, basis: 'config' }
      : { ...base, verdict: 'unmasked', reason: `configuration (${via}: ${said}) records ${what}`, basis: 'config' };
  }
  const seen = settings ? `configuration seen (${via}) does not set how ${what} are masked` : 'configuration not visible';
  const setting = text ? replay.defaults.textMasked : replay.defaults.inputsMasked;
  if (setting === 'setting')
    return {
      ...base,
      verdict: 'depends-on-setting',
      reason: `${seen}; ${vendor.name} masks ${what} depending on a dashboard or init setting`,
      basis: 'default',
    };
  return setting
    ? { ...base, verdict: 'masked', reason: `${seen}; documented default: ${vendor.name} masks ${what}`, basis: 'default' }
    : { ...base, verdict: 'unmasked', reason: `${seen}; documented default: ${vendor.name} records ${what}`, basis: 'default' };
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
