import type { CmpReader } from '../cmp-state';
import { booleanMapReading } from '../reading';

/** `orejime`: JSON `{<purpose>: boolean}` like its parent Klaro (cookie name configurable; low-confidence entry). */
export const orejime: CmpReader = {
  id: 'orejime',
  read: (storage) => booleanMapReading('orejime', storage, 'orejime'),
};
