import { PROBE_EVENT, PROBE_LIMITS } from './probe-protocol';

/** What every part of the MAIN-world probe shares: the page's window, and how to report and stay harmless. */
export interface ProbeContext {
  win: Window & typeof globalThis;
  /** Reports one event to the isolated content script (never throws). */
  emit(event: Record<string, unknown>): void;
  /** Runs `fn`; a failure inside the probe never reaches the page. */
  guard<T>(fn: () => T): T | undefined;
  /** Replaces a method with `make(original)`, keeping it non-enumerable; does nothing when it is not a function. */
  wrap<T extends object, K extends keyof T>(target: T, key: K, make: (original: T[K]) => T[K]): void;
  /** The URL of the page script that called, from the stack, when there is one. */
  callerScript(): string | undefined;
}

/**
 * The probe's context in `win`, captured before any page script runs: the page may later replace `dispatchEvent`,
 * `CustomEvent` or `JSON.stringify`, and the probe keeps the originals. Events go to the isolated content script as a
 * JSON string in a CustomEvent on `document` (strings cross worlds; the page's `message` listeners never see them).
 */
export function createProbeContext(win: Window & typeof globalThis): ProbeContext {
  const doc = win.document;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const CustomEventCtor = win.CustomEvent;
  const stringify = win.JSON.stringify;

  function guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }

  return {
    win,
    guard,
    emit(event) {
      try {
        dispatch.call(doc, new CustomEventCtor(PROBE_EVENT, { detail: stringify(event) }));
      } catch {
        // A page may have broken JSON or the DOM; the probe then stays silent rather than break the page.
      }
    },
    wrap(target, key, make) {
      guard(() => {
        const original = target[key];
        if (typeof original !== 'function') return;
        const wrapped = make(original);
        Object.defineProperty(target, key, { value: wrapped, writable: true, configurable: true, enumerable: false });
      });
    },
    callerScript() {
      const stack = guard(() => new Error().stack) ?? '';
      for (const line of stack.split('\n')) {
        const match = /((?:https?|file):\/\/[^\s)]+?)(?::\d+){1,2}\)?\s*$/.exec(line);
        if (match?.[1]) return match[1].slice(0, PROBE_LIMITS.script);
      }
      return undefined;
    },
  };
}
