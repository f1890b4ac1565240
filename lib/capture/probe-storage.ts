import type { ProbeContext } from './probe-context';
import { PROBE_LIMITS } from './probe-protocol';

/** Hooks the page's document.cookie writes, Web Storage writes and IndexedDB opens, and reports them. */
export function hookStorage({ win, emit, guard, wrap, callerScript }: ProbeContext): void {
  guard(() => {
    const descriptor = Object.getOwnPropertyDescriptor(win.Document.prototype, 'cookie');
    const setter = descriptor?.set;
    if (!descriptor || !setter) return;
    Object.defineProperty(win.Document.prototype, 'cookie', {
      ...descriptor,
      set(this: Document, value: string) {
        guard(() => emit({ kind: 'cookie', raw: String(value).slice(0, PROBE_LIMITS.cookie), script: callerScript() }));
        setter.call(this, value);
      },
    });
  });

  function areaOf(storage: Storage): string | undefined {
    if (guard(() => storage === win.localStorage)) return 'localStorage';
    if (guard(() => storage === win.sessionStorage)) return 'sessionStorage';
    return undefined;
  }
  wrap(
    win.Storage.prototype,
    'setItem',
    (original) =>
      function setItem(this: Storage, ...args: unknown[]) {
        guard(() => {
          const value = String(args[1]);
          emit({
            kind: 'storage',
            area: areaOf(this),
            action: 'set',
            key: String(args[0]),
            value: value.slice(0, PROBE_LIMITS.value),
            valueSize: value.length,
            script: callerScript(),
          });
        });
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as Storage['setItem'],
  );
  wrap(
    win.Storage.prototype,
    'removeItem',
    (original) =>
      function removeItem(this: Storage, ...args: unknown[]) {
        guard(() => emit({ kind: 'storage', area: areaOf(this), action: 'remove', key: String(args[0]), script: callerScript() }));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as Storage['removeItem'],
  );
  wrap(
    win.Storage.prototype,
    'clear',
    (original) =>
      function clear(this: Storage, ...args: unknown[]) {
        guard(() => emit({ kind: 'storage', area: areaOf(this), action: 'clear', key: '', script: callerScript() }));
        return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      } as Storage['clear'],
  );

  if (win.IDBFactory) {
    wrap(
      win.IDBFactory.prototype,
      'open',
      (original) =>
        function open(this: IDBFactory, ...args: unknown[]) {
          guard(() => emit({ kind: 'indexedDB', name: String(args[0]).slice(0, PROBE_LIMITS.key), script: callerScript() }));
          return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
        } as IDBFactory['open'],
    );
  }
}
