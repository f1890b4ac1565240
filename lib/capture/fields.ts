/**
 * The fillable fields of a document and the masking markers that cover them, read in the isolated world (the page
 * cannot tamper with this code, only with its DOM). Plain data out; the background judges the masking.
 */
export const FIELD_KINDS = ['password', 'email', 'tel', 'card', 'name', 'address', 'birth-date', 'free-text', 'hidden-token', 'text'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldInfo {
  selector: string;
  /** `input:<type>`, `textarea`, `select` or `contenteditable`. */
  element: string;
  kind: FieldKind;
  label: string;
  /** Marker selectors (from the vendor files) that match the field or one of its ancestors. */
  markers: string[];
}

export const FIELD_LIMITS = { fields: 300, label: 120, selector: 300 } as const;

const SKIPPED_INPUTS = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio', 'file', 'range', 'color']);

export function scanFields(doc: Document, markerSelectors: readonly string[]): FieldInfo[] {
  const fields: FieldInfo[] = [];
  const candidates = doc.querySelectorAll('input, textarea, select, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]');
  for (const el of candidates) {
    if (fields.length >= FIELD_LIMITS.fields) break;
    const element = elementName(el);
    if (!element) continue;
    fields.push({
      selector: cssPath(el).slice(0, FIELD_LIMITS.selector),
      element,
      kind: fieldKind(el, element),
      label: labelOf(el).slice(0, FIELD_LIMITS.label),
      markers: markerSelectors.filter((selector) => matchesWithin(el, selector)),
    });
  }
  return fields;
}

function elementName(el: Element): string | undefined {
  const tag = el.tagName.toLowerCase();
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return SKIPPED_INPUTS.has(type) ? undefined : `input:${type}`;
  }
  if (tag === 'textarea' || tag === 'select') return tag;
  return 'contenteditable';
}

/** What a field holds, from its type, autocomplete token, then name/id/label words. */
export function fieldKind(el: Element, element: string): FieldKind {
  const autocomplete = (el.getAttribute('autocomplete') ?? '').toLowerCase();
  const words = `${el.getAttribute('name') ?? ''} ${el.id} ${el.getAttribute('placeholder') ?? ''} ${el.getAttribute('aria-label') ?? ''}`.toLowerCase();
  if (element === 'input:password' || /current-password|new-password/.test(autocomplete)) return 'password';
  if (/\bcc-/.test(autocomplete) || /card.?(number|num)|cc.?(num|number)|\bcvc\b|\bcvv\b|security.?code/.test(words)) return 'card';
  if (element === 'input:email' || autocomplete.includes('email') || /e-?mail/.test(words)) return 'email';
  if (element === 'input:tel' || autocomplete.includes('tel') || /phone|mobile|\btel\b/.test(words)) return 'tel';
  if (/bday/.test(autocomplete) || /birth|\bdob\b/.test(words)) return 'birth-date';
  if (/street|address|postal|country|locality|region/.test(autocomplete) || /address|street|\bzip\b|postal|postcode|\bcity\b/.test(words)) return 'address';
  if (/\bname\b|given-name|family-name/.test(autocomplete) || /(first|last|full|family|given|sur).?name|\bname\b/.test(words)) return 'name';
  if (element === 'input:hidden') return /token|csrf|session|nonce|auth/.test(words) ? 'hidden-token' : 'text';
  if (element === 'textarea' || element === 'contenteditable') return 'free-text';
  return 'text';
}

function labelOf(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  const id = el.id;
  if (id) {
    const label = el.ownerDocument.querySelector(`label[for="${cssEscape(id)}"]`);
    if (label?.textContent) return label.textContent.trim();
  }
  const wrapping = el.closest('label');
  if (wrapping?.textContent) return wrapping.textContent.trim();
  return (el.getAttribute('placeholder') ?? el.getAttribute('name') ?? '').trim();
}

function matchesWithin(el: Element, selector: string): boolean {
  try {
    return el.closest(selector) !== null;
  } catch {
    return false; // A selector this browser cannot parse.
  }
}

/** A selector that finds the element again: its id when unique, else a path of tag:nth-of-type steps. */
export function cssPath(el: Element): string {
  const doc = el.ownerDocument;
  if (el.id && doc.querySelectorAll(`#${cssEscape(el.id)}`).length === 1) return `#${cssEscape(el.id)}`;
  const steps: string[] = [];
  for (let node: Element | null = el; node && node !== doc.documentElement && steps.length < 12; node = node.parentElement) {
    if (node.id && doc.querySelectorAll(`#${cssEscape(node.id)}`).length === 1) {
      steps.unshift(`#${cssEscape(node.id)}`);
      break;
    }
    const tag = node.tagName.toLowerCase();
    const parent: Element | null = node.parentElement;
    const index = parent ? [...parent.children].filter((c) => c.tagName === node?.tagName).indexOf(node) + 1 : 1;
    steps.unshift(`${tag}:nth-of-type(${index})`);
  }
  return steps.join(' > ');
}

function cssEscape(value: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(value) : value.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}
