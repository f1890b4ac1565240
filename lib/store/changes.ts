import type { Op, Writer } from './writer';

/**
 * Which visits the writer has been handed new evidence for, in this worker life. A report built from the store is
 * current while its visit's version has not moved: the version moves when a write is pushed, before it is committed.
 */
export interface VisitChanges {
  /** 0 for a visit with no write pushed in this worker life. */
  version(visitId: string): number;
  /** `listener` is called with the visit id of every write, as it is pushed. */
  onChange(listener: (visitId: string) => void): void;
}

/** Wraps a writer so every push moves the version of the visit it touches. */
export function watchWrites(writer: Writer): { writer: Writer; changes: VisitChanges } {
  const versions = new Map<string, number>();
  const listeners: ((visitId: string) => void)[] = [];
  let sequence = 0;
  return {
    writer: {
      push(op) {
        const visitId = visitOf(op);
        if (visitId !== undefined) {
          versions.set(visitId, ++sequence);
          for (const listener of listeners) listener(visitId);
        }
        writer.push(op);
      },
      flushed: () => writer.flushed(),
      forget: () => writer.forget(),
    },
    changes: {
      version: (visitId) => versions.get(visitId) ?? 0,
      onChange: (listener) => void listeners.push(listener),
    },
  };
}

function visitOf(op: Op): string | undefined {
  switch (op.kind) {
    case 'record':
      return op.record.visitId;
    case 'patch-record':
      return op.key[0];
    case 'visit':
      return op.visit.id;
    case 'patch-visit':
      return op.visitId;
    case 'tab':
    case 'delete-tab':
      return undefined;
  }
}
