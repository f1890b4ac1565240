import { pick, pickValue } from './recorder-config-options';
import { CONFIG_GETTERS, CONFIG_GLOBALS, CONFIG_WATCHES, type ConfigCall, type ConfigWatch } from './recorder-config-sources';

type Emit = (event: Record<string, unknown>) => void;
type Guard = <T>(fn: () => T) => T | undefined;

/**
 * Watches the globals above: an accessor on the window sees the page set each one, and the methods that take options
 * are replaced by a Proxy that reads the arguments, then calls the original with the original arguments and `this`
 * and returns its result. A frozen object or a global defined by `let`/`const` is simply not visible.
 */
export function watchRecorderConfig(win: object, emit: Emit, guard: Guard, watches: readonly ConfigWatch[] = CONFIG_WATCHES): void {
  // Taken now, before the page's scripts run: a page that later replaces Proxy or Reflect does not reach the probe.
  const intrinsics: Intrinsics = {
    defineProperty: Object.defineProperty,
    describe: Object.getOwnPropertyDescriptor,
    ProxyCtor: Proxy,
    apply: Reflect.apply,
  };
  for (const watch of watches) guard(() => watchGlobal(win, watch, emit, guard, intrinsics));
}

interface Intrinsics {
  defineProperty: typeof Object.defineProperty;
  describe: typeof Object.getOwnPropertyDescriptor;
  ProxyCtor: typeof Proxy;
  apply: typeof Reflect.apply;
}

/** Reads the settings globals and getters (call after the page's scripts ran; reports each distinct reading once). */
export function readConfigGlobals(win: object, emit: Emit, guard: Guard, seen: Set<string>, globals = CONFIG_GLOBALS, getters = CONFIG_GETTERS): void {
  for (const { global, vendor, method, keep } of getters) {
    guard(() => {
      const target = (win as Record<string, unknown>)[global] as Record<string, unknown> | undefined;
      const getter = target?.[method];
      if (typeof getter !== 'function') return;
      const options = pick(getter.call(target), keep);
      const via = `${global}.${method}()`;
      const key = `${via}|${JSON.stringify(options)}`;
      if (!options || seen.has(key)) return;
      seen.add(key);
      emit({ kind: 'recorder-config', vendor, via, options });
    });
  }
  for (const { global, vendor, keep } of globals) {
    guard(() => {
      const value = (win as Record<string, unknown>)[global];
      if (value === undefined) return;
      const options = keep.length === 1 && keep[0] === '' ? pickValue(global, value) : pick(value, keep);
      const key = `${global}|${JSON.stringify(options)}`;
      if (!options || seen.has(key)) return;
      seen.add(key);
      emit({ kind: 'recorder-config', vendor, via: global, options });
    });
  }
}

function watchGlobal(win: object, watch: ConfigWatch, emit: Emit, guard: Guard, { defineProperty, describe, ProxyCtor, apply }: Intrinsics): void {
  const descriptor = describe(win, watch.global);
  if (descriptor && (!descriptor.configurable || !('value' in descriptor))) return;
  const proxies = new WeakMap<object, unknown>();
  let value: unknown = descriptor?.value;
  const instrument = (v: unknown): unknown => {
    if (typeof v !== 'function' && (typeof v !== 'object' || v === null)) return v;
    for (const call of watch.calls) {
      if (call.method !== '') guard(() => wrapMethod(v as Record<string, unknown>, call));
    }
    const commands = watch.calls.filter((c) => c.method === '');
    if (!commands.length || typeof v !== 'function' || proxies.has(v)) return proxies.get(v) ?? v;
    const proxy = new ProxyCtor(v, {
      apply(target, thisArg, args: unknown[]) {
        guard(() => {
          const call = commands.find((c) => c.command === args[c.commandAt ?? 0]);
          if (call) report(call, `${watch.global}(${String(call.command)})`, args);
        });
        return apply(target, thisArg, args);
      },
    });
    proxies.set(v, proxy);
    proxies.set(proxy, proxy);
    return proxy;
  };
  const report = (call: ConfigCall, via: string, args: readonly unknown[]) => {
    const options = pick(args[call.arg], call.keep);
    emit({ kind: 'recorder-config', vendor: watch.vendor, via, options: options ?? {} });
  };
  const wrapped = new WeakSet<object>();
  const wrapMethod = (target: Record<string, unknown>, call: ConfigCall) => {
    const original = target[call.method];
    if (typeof original !== 'function' || wrapped.has(original)) return;
    const own = describe(target, call.method);
    if (own && (!own.configurable || !('value' in own))) return;
    const proxy = new ProxyCtor(original, {
      apply(fn, thisArg, args: unknown[]) {
        guard(() => report(call, `${watch.global}.${call.method}`, args));
        return apply(fn, thisArg, args);
      },
    });
    wrapped.add(proxy);
    defineProperty(target, call.method, { value: proxy, writable: true, configurable: true, enumerable: own?.enumerable ?? false });
  };
  value = instrument(value);
  defineProperty(win, watch.global, {
    configurable: true,
    enumerable: descriptor?.enumerable ?? true,
    get() {
      // Snippets assign the global first and its methods after: instrument on every read until they exist.
      const current = guard(() => instrument(value));
      if (current !== undefined) value = current;
      return value;
    },
    set(next: unknown) {
      value = next;
      const current = guard(() => instrument(next));
      if (current !== undefined) value = current;
    },
  });
}
