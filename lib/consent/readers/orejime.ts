import type { CmpReader } from '../cmp-state';
import { booleanMapReading, renamedBooleanMap } from '../reading';

/**
 * URL-encoded JSON `{<purpose>: boolean}` like its parent Klaro's, in the cookie `eu-consent` since Orejime 3 (checked
 * with 3.2.1, whose README still says `orejime`), `orejime` before; the name is set by `cookie.name`.
 */
export const orejime: CmpReader = {
  id: 'orejime',
  read: (storage) => booleanMapReading('orejime', storage, 'eu-consent') ?? booleanMapReading('orejime', storage, 'orejime'),
  readRenamed: (item) => renamedBooleanMap('orejime', item),
  genericShape: true,
};
