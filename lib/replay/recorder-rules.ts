import type { FieldRecord } from '../model';

/**
 * Fields a recorder masks whatever the page configures or marks, read in each SDK's code. The field scan knows the
 * element type (`input:email`), not every attribute, so only element types are listed.
 */
const ALWAYS_MASKED: Record<string, { elements: readonly string[]; why: string }> = {
  // @datadog/browser-rum-core 7.16.2 privacy.ts getNodeSelfPrivacyLevel: checked before any privacy attribute.
  'datadog-rum': { elements: ['input:password', 'input:email', 'input:tel', 'input:hidden'], why: 'always masks password, e-mail, phone and hidden inputs' },
  // mixpanel-browser 2.83.0 src/recorder/masking.js ALWAYS_MASKED_INPUT_TYPES.
  'mixpanel-session-replay': {
    elements: ['input:password', 'input:email', 'input:tel', 'input:hidden'],
    why: 'always masks password, e-mail, phone and hidden inputs',
  },
  // clarity-js 0.8.70 layout/dom.ts privacy(): input, select and textarea values are masked before any attribute is read.
  'microsoft-clarity': {
    elements: ['input:*', 'textarea', 'select'],
    why: 'always masks input values (data-clarity-unmask does not apply to them)',
  },
  // @newrelic/browser-agent 1.322.0 common/config/init.js: mask_input_options.password is forced to true.
  'newrelic-session-replay': { elements: ['input:password'], why: 'always masks password inputs' },
};

/** Why the vendor masks this field whatever the page says, or undefined. */
export function alwaysMasked(vendorId: string, field: FieldRecord): string | undefined {
  const rule = ALWAYS_MASKED[vendorId];
  if (!rule) return undefined;
  const hit = rule.elements.some((e) => (e.endsWith(':*') ? field.element.startsWith(e.slice(0, -1)) : field.element === e));
  return hit ? rule.why : undefined;
}

/**
 * Markers that act on page text only, never on what is typed into a form field: read in each SDK's code (rrweb 2.2.2
 * maskInputValue ignores maskTextClass; @openreplay/tracker 19.0.1 getInputValue ignores data-openreplay-unmask;
 * clarity-js masks inputs before reading its attributes) and in PostHog's types ("mask text content only").
 */
const TEXT_ONLY_MARKERS: Record<string, readonly string[]> = {
  rrweb: ['.rr-mask'],
  posthog: ['.ph-mask'],
  openreplay: ['[data-openreplay-unmask]'],
  'microsoft-clarity': ['[data-clarity-unmask]'],
  'yandex-metrica-webvisor': ['.ym-show-content', '.ym-hide-content'],
};

/** Whether a vendor's marker acts on this field: a text-only marker does nothing to an input's value. */
export function markerApplies(vendorId: string, marker: string, field: FieldRecord): boolean {
  return field.element === 'contenteditable' || !TEXT_ONLY_MARKERS[vendorId]?.includes(marker);
}
