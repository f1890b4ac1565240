import type { Finding } from '../../finding';
import { SENSITIVE_KINDS } from '../../replay/masking';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf } from '../../scan/scan';

/** A sensitive field carries a recorder's explicit unmask marker: what visitors type there is recorded. */
export const rule = defineRule({
  id: 'replay-unmask-attribute',
  title: 'Sensitive field explicitly unmasked for session replay',
  severity: 'high',
  references: [REFERENCES.cnilReplay2026, REFERENCES.gdpr5c, REFERENCES.gdpr9],
  check(scan) {
    const findings: Finding[] = [];
    for (const masking of scan.masking) {
      if (!masking.marker || masking.verdict !== 'unmasked' || !SENSITIVE_KINDS.has(masking.field.fieldKind)) continue;
      const vendor = scan.vendors.get(masking.vendor);
      if (!vendor) continue;
      const { field } = masking;
      const critical = field.fieldKind === 'password' || field.fieldKind === 'card';
      findings.push(
        makeFinding(rule, scan, [field], {
          vendor,
          phase: factsOf(scan, field).phase,
          severity: critical ? 'critical' : 'high',
          title: `The ${field.fieldKind} field "${field.label || field.selector}" is unmasked for ${vendor.name} (${masking.marker})`,
          fix: `Remove ${markerName(masking.marker)} from ${field.selector}${field.fieldKind === 'free-text' ? '' : ` (the ${field.fieldKind} field)`}, or from its container, so ${vendor.name} masks what is typed there.`,
          details: { selector: field.selector, element: field.element, fieldKind: field.fieldKind, marker: masking.marker, origin: field.origin },
        }),
      );
    }
    return findings;
  },
});

/** `[data-hj-allow]` → `the data-hj-allow attribute`, `.fs-unmask` → `the fs-unmask class`. */
function markerName(marker: string): string {
  if (marker.startsWith('.')) return `the ${marker.slice(1)} class`;
  if (marker.startsWith('[') && marker.endsWith(']')) return `the ${marker.slice(1, -1)} attribute`;
  return marker;
}
