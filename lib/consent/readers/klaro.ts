import type { CmpReader } from '../cmp-state';
import { booleanMapReading } from '../reading';

/** `klaro` (cookie, or localStorage with storageMethod 'localStorage'): JSON `{<service>: boolean}`, written on saving. */
export const klaro: CmpReader = {
  id: 'klaro',
  read: (storage) => booleanMapReading('klaro', storage, 'klaro'),
};
