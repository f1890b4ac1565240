import type { CmpReader } from '../cmp-reader';
import { readTcfCmp } from '../reading';

/** Sirdata keeps no state of its own: its `euconsent-v2` carries CMP id 92. */
export const sirdata: CmpReader = {
  id: 'sirdata',
  read: (storage) => readTcfCmp('sirdata', storage, 92),
};
