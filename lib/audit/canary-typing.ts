import type { TypedCanary } from '../capture/audit-records';
import { scanFields } from '../capture/fields';
import type { Canary, CanaryField } from '../replay/canary';
import { makeCanaries } from '../replay/canary';

const TYPEABLE = /^(input:(text|email|tel|password|search|url|number)|textarea|contenteditable)$/;

/** A value the canary test will type, and where (`index` names the field in this frame's session). */
export type PlannedCanary = Omit<TypedCanary, 'frameId' | 'frameUrl' | 'trusted'> & { index: number };

/** One frame's canary test: the plan, and the steps the background asks for, field by field. */
export interface CanarySession {
  planned: PlannedCanary[];
  /**
   * Gives the field the keyboard focus, its content selected (typing replaces it, as when a person selects it all),
   * so keystrokes sent through the browser's automation protocol land in it. True when it has the focus.
   */
  focus(index: number): boolean;
  /** Whether the field holds its canary (typed by the protocol); takes the focus away as a person moving on would. */
  check(index: number): boolean;
  /**
   * Types the canary into the field from this script, character by character, through the browser's editing command
   * (`insertText`), whose input events are the browser's own (`isTrusted` true), as a person's are. `trusted` says
   * whether every input event the field got was; where the command does not work, the script sets the value and
   * dispatches the events itself (`isTrusted` false).
   */
  typeSynthetic(index: number): Promise<{ typed: boolean; trusted: boolean }>;
  /** Puts every original value back and lifts the submit and navigation blocks. */
  restore(): void;
}

/**
 * Starts the canary test in one document: picks every fillable field, draws a fresh canary for each and, until
 * `restore`, stops forms from being submitted and the page from navigating away. Types nothing yet.
 * Runs only when the user starts an audit.
 */
export function planCanaries(doc: Document, options: { delay?: number; random?: () => number } = {}): CanarySession {
  const win = doc.defaultView;
  if (!win) return { planned: [], focus: () => false, check: () => false, typeSynthetic: async () => ({ typed: false, trusted: false }), restore: () => {} };
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
  const originals = targets.map(({ el }) => snapshotValue(el));
  const planned = targets.flatMap(({ field }, index) => {
    const canary = canaries[index];
    return canary ? [{ index, selector: field.selector, fieldKind: field.kind, label: field.label, value: canary.value }] : [];
  });
  const at = (index: number) => {
    const el = targets[index]?.el;
    const value = canaries[index]?.value;
    return el && value ? { el, value } : undefined;
  };
  return {
    planned,
    focus(index) {
      const target = at(index);
      if (!target) return false;
      const el = target.el as HTMLElement;
      el.focus?.();
      if (isContentEditable(el)) doc.getSelection()?.selectAllChildren(el);
      else (el as HTMLInputElement).select?.();
      return doc.activeElement === el;
    },
    check(index) {
      const target = at(index);
      if (!target) return false;
      const held = fieldText(target.el) === target.value;
      if (doc.activeElement === target.el) (target.el as HTMLElement).blur?.();
      return held;
    },
    async typeSynthetic(index) {
      const target = at(index);
      if (!target) return { typed: false, trusted: false };
      // Hidden tabs run timers at most once a second: type without pauses there.
      const trusted = await typeInto(doc, target.el, target.value, doc.visibilityState === 'hidden' ? 0 : (options.delay ?? 15));
      return { typed: true, trusted };
    },
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

function fieldText(el: Element): string {
  return isContentEditable(el) ? (el.textContent ?? '') : (el as HTMLInputElement).value;
}

/**
 * Types `value` key by key. Each character goes in through `execCommand('insertText')`, which edits the field as the
 * browser does for a person and fires trusted `beforeinput`/`input` events (recorders that ignore script-made events
 * record these); keydown and keyup around it are the script's. When the command is unavailable or the field does not
 * take the character, the rest is typed by setting the value and dispatching the events. Returns whether the field
 * holds the value and every input event it got was trusted.
 */
async function typeInto(doc: Document, el: Element, value: string, delay: number): Promise<boolean> {
  const events: boolean[] = [];
  const watch = (event: Event) => events.push(event.isTrusted);
  el.addEventListener('input', watch, true);
  (el as HTMLElement).focus?.();
  el.dispatchEvent(new FocusEvent('focus'));
  clearField(doc, el);
  let current = '';
  let editing = doc.activeElement === el || isContentEditable(el);
  for (const key of value) {
    el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    current += key;
    if (editing) editing = insertText(doc, key) && fieldText(el) === current;
    if (!editing) {
      if (isContentEditable(el)) el.textContent = current;
      else setNativeValue(el, current);
      el.dispatchEvent(new InputEvent('input', { data: key, inputType: 'insertText', bubbles: true }));
    }
    el.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    if (delay) await new Promise((r) => setTimeout(r, delay));
  }
  el.removeEventListener('input', watch, true);
  el.dispatchEvent(new Event('change', { bubbles: true }));
  (el as HTMLElement).blur?.();
  el.dispatchEvent(new FocusEvent('blur'));
  return fieldText(el) === value && events.length > 0 && events.every(Boolean);
}

/** Empties the field: its content selected and deleted by the editing command, else set empty by the script. */
function clearField(doc: Document, el: Element): void {
  if (isContentEditable(el)) doc.getSelection()?.selectAllChildren(el);
  else (el as HTMLInputElement).select?.();
  if (fieldText(el) && !(execCommand(doc, 'delete') && !fieldText(el))) setNativeValue(el, '');
}

function insertText(doc: Document, text: string): boolean {
  return execCommand(doc, 'insertText', text);
}

/** `document.execCommand`, deprecated but implemented by every engine for editing; false where it throws or is absent. */
function execCommand(doc: Document, command: string, value?: string): boolean {
  try {
    return typeof doc.execCommand === 'function' && doc.execCommand(command, false, value);
  } catch {
    return false;
  }
}

/** Sets `value` through the prototype's setter, as a browser does, so framework value trackers see the change. */
function setNativeValue(el: Element, value: string): void {
  if (isContentEditable(el)) {
    el.textContent = value;
    return;
  }
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value);
  else (el as HTMLInputElement).value = value;
}

function isContentEditable(el: Element): boolean {
  return el instanceof HTMLElement && el.isContentEditable && !(el instanceof HTMLInputElement) && !(el instanceof HTMLTextAreaElement);
}
