import type { CmpReader } from '../cmp-reader';
import { readTcfCmp } from '../reading';

/** InMobi Choice keeps no state of its own: its `euconsent-v2` carries CMP id 10. */
export const inmobiQuantcastChoice: CmpReader = {
  id: 'inmobi-quantcast-choice',
  read: (storage) => readTcfCmp('inmobi-quantcast-choice', storage, 10),
};
