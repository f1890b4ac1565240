import type { Attributed } from '../classify/attribute';
import type { Phase } from '../model';

/** Every fact the analysis stamps on a record, once: its vendor and how strongly, its party, and its consent phase. */
export interface RecordFacts extends Attributed {
  phase: Phase;
}
