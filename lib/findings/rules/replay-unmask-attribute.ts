import { msg, type Param } from '../../i18n/message';
import type { Finding } from '../../finding';
import { SENSITIVE_KINDS } from '../../replay/masking';
import { makeFinding, REFERENCES, defineRule } from '../rule';
import { factsOf } from '../../scan/scan';

/** A sensitive field carries a recorder's explicit unmask marker: what visitors type there is recorded. */
export const rule = defineRule({
  id: 'replay-unmask-attribute',
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
          title: msg('rule.replay-unmask-attribute.title', {
            kind: msg(`fieldKind.${field.fieldKind}`),
            field: field.label || field.selector,
            vendor: vendor.name,
            marker: masking.marker,
          }),
          fix: msg(field.fieldKind === 'free-text' ? 'rule.replay-unmask-attribute.fixFreeText' : 'rule.replay-unmask-attribute.fix', {
            marker: markerMessage(masking.marker),
            selector: field.selector,
            kind: msg(`fieldKind.${field.fieldKind}`),
            vendor: vendor.name,
          }),
          details: { selector: field.selector, element: field.element, fieldKind: field.fieldKind, marker: masking.marker, origin: field.origin },
        }),
      );
    }
    return findings;
  },
});

/** `[data-hj-allow]` → `the data-hj-allow attribute`, `.fs-unmask` → `the fs-unmask class`. */
function markerMessage(marker: string): Param {
  if (marker.startsWith('.')) return msg('rule.replay-unmask-attribute.class', { name: marker.slice(1) });
  if (marker.startsWith('[') && marker.endsWith(']')) return msg('rule.replay-unmask-attribute.attribute', { name: marker.slice(1, -1) });
  return marker;
}
