import { CONSENT_TYPES } from '../consent-mode-types';
import type { ProbeContext } from './probe-context';

/** The name under which the probe reports the rrweb fingerprint, as if it were a global. */
export const RRWEB_FINGERPRINT = '__rrweb_original__';

const GCM_KEYS = [...CONSENT_TYPES, 'wait_for_update', 'region'];

/**
 * Consent signals the page itself gives: IAB TCF events from `__tcfapi` (top frame), and Google Consent Mode
 * commands pushed to `dataLayer` (`gtag('consent', 'default' | 'update', {...})`).
 */
export function watchConsentSignals({ win, emit, guard }: ProbeContext): void {
  const readGcm = (entry: unknown) => {
    const args = entry as { 0?: unknown; 1?: unknown; 2?: unknown; length?: unknown } | null;
    if (!args || typeof args !== 'object' || args[0] !== 'consent' || (args[1] !== 'default' && args[1] !== 'update')) return;
    const params: Record<string, string> = {};
    const raw = args[2];
    if (raw && typeof raw === 'object') {
      for (const key of GCM_KEYS) {
        const value = (raw as Record<string, unknown>)[key];
        if (typeof value === 'string' || typeof value === 'number') params[key] = String(value).slice(0, 100);
      }
    }
    emit({ kind: 'consent', signal: 'gcm', command: args[1], params });
  };
  const wrapPush = (layer: unknown) => {
    if (!Array.isArray(layer) || (layer as { __ciWrapped?: boolean }).__ciWrapped) return;
    for (const entry of layer) guard(() => readGcm(entry));
    const push = layer.push;
    Object.defineProperty(layer, '__ciWrapped', { value: true });
    Object.defineProperty(layer, 'push', {
      configurable: true,
      writable: true,
      value(this: unknown[], ...items: unknown[]) {
        for (const item of items) guard(() => readGcm(item));
        return push.apply(this, items);
      },
    });
  };
  // gtag pushes to window.dataLayer, which the page creates with `window.dataLayer = window.dataLayer || []`.
  guard(() => {
    let layer: unknown = (win as unknown as { dataLayer?: unknown }).dataLayer;
    wrapPush(layer);
    Object.defineProperty(win, 'dataLayer', {
      configurable: true,
      enumerable: true,
      get: () => layer,
      set: (value: unknown) => {
        layer = value;
        guard(() => wrapPush(value));
      },
    });
  });

  if (win !== win.top) return;
  let listening = false;
  const listenTcf = () => {
    const api = (win as unknown as { __tcfapi?: unknown }).__tcfapi;
    if (listening || typeof api !== 'function') return;
    listening = true;
    guard(() =>
      api('addEventListener', 2, (data: unknown, success: unknown) => {
        if (!success || !data || typeof data !== 'object') return;
        const tc = data as { eventStatus?: unknown; tcString?: unknown; cmpId?: unknown; gdprApplies?: unknown; purpose?: { consents?: unknown } };
        const consents = tc.purpose?.consents;
        emit({
          kind: 'consent',
          signal: 'tcf',
          command: String(tc.eventStatus ?? ''),
          params: {
            tcString: typeof tc.tcString === 'string' ? tc.tcString.slice(0, 4000) : '',
            cmpId: String(tc.cmpId ?? ''),
            gdprApplies: String(tc.gdprApplies ?? ''),
            purposes:
              consents && typeof consents === 'object'
                ? Object.keys(consents)
                    .filter((k) => (consents as Record<string, unknown>)[k] === true)
                    .join(',')
                : '',
          },
        });
      }),
    );
  };
  // A CMP may define `__tcfapi` late (after load, once its bundle ran): look again every half second for 10 s.
  win.addEventListener('DOMContentLoaded', listenTcf);
  win.addEventListener('load', () => {
    listenTcf();
    let tries = 20;
    const timer = win.setInterval(() => {
      listenTcf();
      if (listening || --tries <= 0) win.clearInterval(timer);
    }, 500);
  });
}

/** Reports which well-known globals the page defines, and the rrweb fingerprint, after load (and twice later). */
export function watchGlobals({ win, emit, guard }: ProbeContext, globals: readonly string[], also: () => void): void {
  const reported = new Set<string>();
  /**
   * rrweb-family recorders (PostHog, Sentry, Amplitude, Mixpanel, Highlight, self-hosted rrweb) leave
   * `__rrweb_original__` on the functions they patch (Element.prototype.attachShadow for shadow DOM,
   * customElements.define, canvas methods), whatever host served them.
   */
  function rrwebFingerprint(): boolean {
    const marked = (fn: unknown) => typeof fn === 'function' && '__rrweb_original__' in fn;
    return (
      guard(() => marked(win.Element.prototype.attachShadow) || marked(win.customElements?.define) || marked(win.HTMLCanvasElement.prototype.getContext)) ===
      true
    );
  }
  function reportGlobals(): void {
    if (!reported.has(RRWEB_FINGERPRINT) && rrwebFingerprint()) {
      reported.add(RRWEB_FINGERPRINT);
      emit({ kind: 'globals', names: [RRWEB_FINGERPRINT] });
    }
    // `in` alone would report `dataLayer` everywhere: the probe itself defines an accessor for it.
    const found = globals.filter(
      (name) => !reported.has(name) && guard(() => name in win && (win as unknown as Record<string, unknown>)[name] !== undefined) === true,
    );
    if (!found.length) return;
    for (const name of found) reported.add(name);
    emit({ kind: 'globals', names: found });
  }
  const report = () => {
    reportGlobals();
    also();
  };
  win.addEventListener('DOMContentLoaded', report);
  win.addEventListener('load', () => {
    report();
    win.setTimeout(report, 2000);
    win.setTimeout(report, 8000);
  });
}
