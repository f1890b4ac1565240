import { scanFields } from './fields';
import { PROBE_EVENT, PROBE_EVENT_CAPS, PROBE_LIMITS, type ProbeBatch } from './probe-protocol';
import { configSelectors } from './recorder-config-options';

/** Pauses before each new attempt to deliver a batch the background did not confirm (ms). */
const RETRY_DELAYS = [150, 500, 1500, 4000];

/** Event kinds only the isolated world reports (`report`); the same kinds from the page are dropped. */
const OWN_KINDS: readonly unknown[] = ['banner'];

function isStored(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { stored?: unknown }).stored === true;
}

export interface RelayDeps {
  win: Window;
  /** Session-replay marker selectors to look for around each field. */
  markerSelectors?: Promise<readonly string[]>;
  send: (batch: ProbeBatch) => Promise<unknown>;
  /** Milliseconds between flushes while events keep coming. */
  interval?: number;
}

/**
 * The isolated-world half of the probe. It receives the probe's events, stamps them with its own clock (the page can
 * fake `Date` in its world, not in this one), turns body bytes into base64 for the JSON message channel, adds
 * storage snapshots, and sends batches to the background. A frame that floods one kind of event is cut off at that kind's cap.
 */
export function startRelay({ win, send, markerSelectors = Promise.resolve([]), interval = 250 }: RelayDeps): {
  flush: () => void;
  /** Adds an event this isolated world observed itself (a consent banner), which the page cannot send. */
  report: (event: { kind: string }) => void;
} {
  let batch: unknown[] = [];
  let dropped = 0;
  let sequence = 0;
  const relayId = Math.random().toString(36).slice(2, 10);
  const counts = new Map<unknown, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The page is being left (`pagehide`, until a `pageshow` from the back-forward cache). */
  let leaving = false;
  /** Selectors a recorder's configuration names (its unmask list…): the field scan looks for them too. */
  const fromConfig = new Set<string>();

  function push(event: Record<string, unknown>): void {
    const count = counts.get(event.kind) ?? 0;
    if (count >= (typeof event.kind === 'string' ? (PROBE_EVENT_CAPS[event.kind] ?? 0) : 0)) {
      dropped++;
      return;
    }
    counts.set(event.kind, count + 1);
    batch.push({ ...event, at: Date.now() });
    if (leaving || batch.length >= PROBE_LIMITS.eventsPerBatch) flush();
    else timer ??= setTimeout(flush, interval);
  }

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!batch.length && !dropped) return;
    const message: ProbeBatch = { type: 'probe-batch', events: batch, dropped, id: `${relayId}:${(sequence++).toString(36)}` };
    batch = [];
    dropped = 0;
    deliver(message, 0);
  }

  /**
   * The background answers `{stored: true}` once the batch is in IndexedDB. No answer means the worker was stopped
   * while handling it (MV3 may stop it at any moment): send the same batch again, a few times, with growing pauses.
   * Its id makes a repeat overwrite rather than duplicate.
   */
  function deliver(message: ProbeBatch, attempt: number): void {
    const retry = () => {
      if (attempt < RETRY_DELAYS.length) setTimeout(() => deliver(message, attempt + 1), RETRY_DELAYS[attempt]);
    };
    send(message).then((answer) => {
      if (!isStored(answer)) retry();
    }, retry);
  }

  win.document.addEventListener(PROBE_EVENT, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string' || detail.length > PROBE_LIMITS.body * 2) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(detail);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) return;
    const record = parsed as Record<string, unknown>;
    // Banner sightings come from this world's own DOM reading only: a page must not forge them.
    if (OWN_KINDS.includes(record.kind)) return;
    const body = record.body as Record<string, unknown> | undefined;
    if (body && typeof body.latin1 === 'string') {
      try {
        const { latin1, ...rest } = body;
        record.body = { ...rest, base64: btoa(latin1.slice(0, PROBE_LIMITS.body)) };
      } catch {
        delete record.body;
      }
    }
    if (record.kind === 'recorder-config' && fromConfig.size < 60) for (const selector of configSelectors(record.options)) fromConfig.add(selector);
    push(record);
  });

  function snapshot(): void {
    const read = (storage: () => Storage): [string, string][] => {
      try {
        const s = storage();
        const pairs: [string, string][] = [];
        for (let i = 0; i < s.length && i < PROBE_LIMITS.snapshotItems; i++) {
          const key = s.key(i);
          if (key !== null) pairs.push([key.slice(0, PROBE_LIMITS.key), (s.getItem(key) ?? '').slice(0, PROBE_LIMITS.value)]);
        }
        return pairs;
      } catch {
        return []; // Storage is blocked in this frame (sandboxed, opaque origin or disabled).
      }
    };
    const localStorage = read(() => win.localStorage);
    const sessionStorage = read(() => win.sessionStorage);
    const databases = (async () => {
      try {
        return (await win.indexedDB.databases()).flatMap((db) => (db.name ? [db.name] : []));
      } catch {
        return [];
      }
    })();
    void databases.then((indexedDB) => {
      push({ kind: 'snapshot', localStorage, sessionStorage, indexedDB, ...(win === win.top && { title: win.document.title }) });
      flush();
    });
  }

  function reportFields(): void {
    void markerSelectors
      .catch(() => [])
      .then((selectors) => {
        try {
          push({ kind: 'fields', fields: scanFields(win.document, [...new Set([...selectors, ...fromConfig])]) });
          flush();
        } catch {
          // A document without a body (an image, a PDF viewer): nothing to scan.
        }
      });
  }

  const later = () => {
    setTimeout(snapshot, 1000);
    setTimeout(reportFields, 1200);
    setTimeout(reportFields, 6000);
  };
  if (win.document.readyState === 'complete') later();
  else win.addEventListener('load', later, { once: true });
  // The page's own `pagehide` listeners run after this one (a content script's come first), and a timer set then never
  // fires: from here on each event goes at once, so the page's last uploads are seen too.
  win.addEventListener('pagehide', () => {
    leaving = true;
    snapshot();
    flush();
  });
  win.addEventListener('pageshow', () => {
    leaving = false;
  });
  return { flush, report: (event) => push({ ...event }) };
}
