import type { ConsentSignalRecord, EvidenceRecord } from '../model';
import { cmpIdFromTcf } from './cmp-ids';
import type { CmpReading } from './cmp-reader';
import { type ConsentCommand, type ConsentType, type ConsentValue, GCD_TYPES, parseConsentCommand } from './consent-mode';
import { readOwn } from './storage-values';
import { parseTcfEvent, readTcChoice, readTcString, type TcfEvent } from './tcf';
import { type ConsentChoice, type ConsentEvent, UNKNOWN_CMP } from './timeline';

/** Timeline events from TCF `addEventListener` payloads, each with the time it arrived. */
export function eventsFromTcf(items: readonly { t: number; event: TcfEvent }[]): ConsentEvent[] {
  const events: ConsentEvent[] = [];
  for (const { t, event } of items) {
    const cmp = cmpIdFromTcf(event.cmpId) ?? 'iab-tcf';
    events.push({ t, source: 'tcf', kind: 'cmp-detected', cmp });
    switch (event.eventStatus) {
      case 'cmpuishown':
        events.push({ t, source: 'tcf', kind: 'banner-shown', cmp });
        break;
      case 'tcloaded':
      case 'useractioncomplete': {
        const choice = tcfEventChoice(event);
        // tcloaded: a valid string was stored before, and the CMP shows no UI.
        events.push({ t, source: 'tcf', kind: 'choice', cmp, ...(choice && { choice }), ...(event.eventStatus === 'tcloaded' && { prior: true }) });
        break;
      }
    }
  }
  return events;
}

/** The choice of a TCF event: its `purpose.consents` if it had them, else its decoded TC string. */
export function tcfEventChoice(event: TcfEvent): ConsentChoice | undefined {
  if (event.hasPurposeConsents) return readTcChoice(event);
  const tc = event.tcString ? readTcString(event.tcString) : undefined;
  return tc?.ok ? readTcChoice(tc) : undefined;
}

/**
 * Timeline events from Consent Mode commands. Defaults are not choices; each update is read together with the updates
 * before it, over the four types that gate Google's tracking (ad_storage, analytics_storage, ad_user_data,
 * ad_personalization).
 */
export function eventsFromConsentMode(items: readonly { t: number; command: ConsentCommand }[]): ConsentEvent[] {
  const updated: Partial<Record<ConsentType, ConsentValue>> = {};
  const events: ConsentEvent[] = [];
  for (const { t, command } of items) {
    if (command.command !== 'update') continue;
    Object.assign(updated, command.values);
    const values = GCD_TYPES.map((type) => updated[type]).filter((v): v is ConsentValue => v !== undefined);
    if (!values.length) continue;
    const granted = values.filter((v) => v === 'granted').length;
    const choice: ConsentChoice = granted === 0 ? 'reject' : granted === values.length ? 'accept' : 'partial';
    const purposes = Object.fromEntries(GCD_TYPES.flatMap((type) => (updated[type] ? [[type, updated[type] === 'granted']] : [])));
    events.push({ t, source: 'consent-mode', kind: 'choice', choice, purposes });
  }
  return events;
}

/**
 * Timeline events from snapshots of CMP storage. Each CMP is detected once; a stored decision is a choice, except an
 * implicit one (defaults, implied consent). `prior` marks a snapshot taken on arrival, before the page could act.
 */
export function eventsFromCmpReadings(snapshots: readonly { t: number; readings: readonly CmpReading[]; prior?: boolean }[]): ConsentEvent[] {
  const events: ConsentEvent[] = [];
  for (const { t, readings, prior } of snapshots) {
    for (const reading of readings) {
      events.push({ t, source: 'cmp-storage', kind: 'cmp-detected', cmp: reading.cmp });
      if (reading.choice === 'unknown' || reading.choice === 'none' || ('implicit' in reading && reading.implicit)) continue;
      events.push({
        t,
        source: 'cmp-storage',
        kind: 'choice',
        cmp: reading.cmp,
        choice: reading.choice,
        ...(reading.purposes && { purposes: reading.purposes }),
        ...(prior && { prior: true }),
      });
    }
  }
  return events;
}

/**
 * A timeline event from an autoconsent content-script message (`cmpDetected`, `popupFound`, `optOutResult`,
 * `optInResult`). Untrusted: anything else, or a failed opt-out/opt-in, gives undefined. Its heuristic rule
 * (`HEURISTIC-REJECT`, …: a cookie popup no rule knows) is the unknown consent manager, and its opt-out is no choice:
 * it only says a button labelled like a refusal was clicked (the audit confirms the choice from what was stored).
 */
export function eventFromAutoconsent(t: number, message: unknown): ConsentEvent | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const type = readOwn(message, 'type');
  const cmpValue = readOwn(message, 'cmp');
  const named = typeof cmpValue === 'string' && cmpValue.length <= 80 ? cmpValue : undefined;
  const heuristic = named !== undefined && isHeuristicRule(named);
  const cmp = heuristic ? UNKNOWN_CMP : named;
  const base = { t, source: 'autoconsent' as const, ...(cmp && { cmp }) };
  switch (type) {
    case 'cmpDetected':
      return { ...base, kind: 'cmp-detected' };
    case 'popupFound':
      return { ...base, kind: 'banner-shown' };
    case 'optOutResult':
      return readOwn(message, 'result') === true && !heuristic ? { ...base, kind: 'choice', choice: 'reject' } : undefined;
    case 'optInResult':
      return readOwn(message, 'result') === true && !heuristic ? { ...base, kind: 'choice', choice: 'accept' } : undefined;
    default:
      return undefined;
  }
}

/** autoconsent names its heuristic detector `HEURISTIC`, then `HEURISTIC-<level>` once it found a popup. */
export function isHeuristicRule(name: string): boolean {
  return /^heuristic(-|$)/i.test(name);
}

/** Timeline events from the consent signals the page probe recorded (TCF events and Consent Mode commands). */
export function eventsFromSignalRecords(records: readonly EvidenceRecord[]): ConsentEvent[] {
  const signals = records.filter((r): r is ConsentSignalRecord => r.kind === 'consent');
  const tcf: { t: number; event: TcfEvent }[] = [];
  const gcm: { t: number; command: ConsentCommand }[] = [];
  for (const record of signals) {
    if (record.signal === 'tcf') {
      const event = tcfEventOfRecord(record);
      if (event) tcf.push({ t: record.t, event });
    } else if (record.signal === 'gcm') {
      const command = parseConsentCommand(record.command, record.params);
      if (command) gcm.push({ t: record.t, command });
    }
  }
  return [...eventsFromTcf(tcf), ...eventsFromConsentMode(gcm)];
}

/** The probe flattens TCData to `{tcString, cmpId, gdprApplies, purposes: '1,2,…'}`. */
function tcfEventOfRecord(record: ConsentSignalRecord): TcfEvent | undefined {
  const params = record.params;
  const list = readOwn(params, 'purposes');
  const purposes = Object.fromEntries(
    (typeof list === 'string' ? list : '')
      .split(',')
      .filter(Boolean)
      .slice(0, 64)
      .map((id) => [id, true]),
  );
  const gdpr = readOwn(params, 'gdprApplies');
  const parsed = parseTcfEvent({
    eventStatus: record.command,
    tcString: readOwn(params, 'tcString'),
    cmpId: readOwn(params, 'cmpId'),
    ...(gdpr === 'true' || gdpr === 'false' ? { gdprApplies: gdpr === 'true' } : {}),
    purpose: { consents: purposes },
  });
  if (!parsed.ok) return undefined;
  // The probe always writes `purposes`, so an empty list cannot be told from a missing object: prefer the TC string.
  const tc = parsed.event.tcString ? readTcString(parsed.event.tcString) : undefined;
  return tc?.ok ? { ...parsed.event, hasPurposeConsents: false } : parsed.event;
}
