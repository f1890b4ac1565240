import type { CmpReader } from '../cmp-state';
import { booleanMapReading, renamedBooleanMap } from '../reading';

/**
 * `klaro` (cookie, or localStorage / sessionStorage with `storageMethod`; name set by `storageName`, formerly
 * `cookieName`): URL-encoded JSON `{<service>: boolean}`, written on saving (checked with klaro 0.7.22).
 */
export const klaro: CmpReader = {
  id: 'klaro',
  read: (storage) => booleanMapReading('klaro', storage, 'klaro'),
  readRenamed: (item) => renamedBooleanMap('klaro', item),
  genericShape: true,
};
