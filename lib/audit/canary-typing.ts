import type { Canary, CanaryField } from '../replay/canary';
import { makeCanaries } from '../replay/canary';
import type { TypedCanary } from '../capture/audit-records';
import { scanFields } from '../capture/fields';

const TYPEABLE = /^(input:(text|email|tel|password|search|url|number)|textarea|contenteditable)$/;

/**
 * Types a fresh canary into every fillable field of the document, key by key, through the native value setter and
 * the events a person would cause (keydown, input, keyup, then change and blur). Forms cannot be submitted, nor the
 * page navigated away, while the test runs. Returns what it typed and a function that puts every original value back and lifts the submit block.
 * Runs only when the user starts an audit.
 */
export async function typeCanaries(
  doc: Document,
  options: { delay?: number; random?: () => number } = {},
): Promise<{ typed: TypedCanary[]; restore: () => void }> {
  const win = doc.defaultView;
  if (!win) return { typed: [], restore: () => {} };
  const random = options.random ?? (() => (win.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) / 2 ** 32);
  const blockSubmit = (event: Event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  win.addEventListener('submit', blockSubmit, true);
  // Navigation a page script starts while the test types (auto-submit, redirect on change) is cancelled too, where the
  // Navigation API exists; forms are never submitted either way.
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  const blockNavigation = (event: Event) => {
    if (event.cancelable) event.preventDefault();
  };
  navigation?.addEventListener('navigate', blockNavigation);

  const targets = scanFields(doc, [])
    .filter((f) => TYPEABLE.test(f.element))
    .slice(0, 50)
    .flatMap((f) => {
      const el = doc.querySelector(f.selector);
      return el ? [{ field: f, el }] : [];
    });
  const fields: CanaryField[] = targets.map(({ field }, i) => ({
    id: String(i),
    kind: field.kind === 'email' ? 'email' : field.kind === 'password' ? 'password' : field.kind === 'tel' || field.kind === 'card' ? 'numeric' : 'text',
  }));
  const canaries: Canary[] = makeCanaries(fields, random);
  const originals: (() => void)[] = [];
  const typed: TypedCanary[] = [];
  for (const [i, { field, el }] of targets.entries()) {
    const canary = canaries[i];
    if (!canary) continue;
    originals.push(snapshotValue(el));
    // Hidden tabs run timers at most once a second: type without pauses there.
    await typeInto(el, canary.value, doc.visibilityState === 'hidden' ? 0 : (options.delay ?? 15));
    typed.push({ selector: field.selector, fieldKind: field.kind, label: field.label, value: canary.value });
  }
  return {
    typed,
    restore() {
      for (const undo of originals) undo();
      win.removeEventListener('submit', blockSubmit, true);
      navigation?.removeEventListener('navigate', blockNavigation);
    },
  };
}

function snapshotValue(el: Element): () => void {
  if (isContentEditable(el)) {
    const html = el.innerHTML;
    return () => {
      el.innerHTML = html;
    };
  }
  const value = (el as HTMLInputElement).value;
  return () => setNativeValue(el, value);
}

async function typeInto(el: Element, value: string, delay: number): Promise<void> {
  (el as HTMLElement).focus?.();
  el.dispatchEvent(new FocusEvent('focus'));
  setNativeValue(el, '');
  let current = '';
  for (const key of value) {
    el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    current += key;
    if (isContentEditable(el)) el.textContent = current;
    else setNativeValue(el, current);
    el.dispatchEvent(new InputEvent('input', { data: key, inputType: 'insertText', bubbles: true }));
    el.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    if (delay) await new Promise((r) => setTimeout(r, delay));
  }
  el.dispatchEvent(new Event('change', { bubbles: true }));
  (el as HTMLElement).blur?.();
  el.dispatchEvent(new FocusEvent('blur'));
}

/** Sets `value` through the prototype's setter, as a browser does, so framework value trackers see the change. */
function setNativeValue(el: Element, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value);
  else (el as HTMLInputElement).value = value;
}

function isContentEditable(el: Element): boolean {
  return el instanceof HTMLElement && el.isContentEditable && !(el instanceof HTMLInputElement) && !(el instanceof HTMLTextAreaElement);
}
