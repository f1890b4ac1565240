import { TCString } from '@iabtechlabtcf/core';
import { readOwn } from './storage-values';

/** What an IAB TCF v2 TC string says, as plain data. Only `TCString.decode` is used: no GVL, so nothing is fetched. */
export interface TcConsent {
  version: number;
  policyVersion: number;
  cmpId: number;
  cmpVersion: number;
  consentScreen: number;
  consentLanguage: string;
  vendorListVersion: number;
  /** Epoch milliseconds; CMPs round both dates to the day (TCF 2.2). */
  created: number;
  lastUpdated: number;
  isServiceSpecific: boolean;
  purposeOneTreatment: boolean;
  publisherCountryCode: string;
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  specialFeatureOptins: number[];
  /** The first {@link TC_VENDOR_IDS_MAX} ids, ascending; the count is exact. */
  vendorConsents: number[];
  vendorConsentCount: number;
  vendorLegitimateInterests: number[];
  vendorLegitimateInterestCount: number;
  /** Vendors disclosed to the visitor (segment mandatory since TCF 2.3); 0 when the segment is absent. */
  vendorsDisclosedCount: number;
  publisherConsents: number[];
  publisherLegitimateInterests: number[];
}

export type TcStringFailure = 'not-a-string' | 'empty' | 'too-long' | 'invalid-characters' | 'unsupported-version' | 'too-complex' | 'malformed';
export type TcStringReading = ({ ok: true } & TcConsent) | { ok: false; reason: TcStringFailure };

export type TcfEventStatus = 'tcloaded' | 'cmpuishown' | 'useractioncomplete';

/** One `__tcfapi('addEventListener')` callback payload (TCData), as the page reported it. */
export interface TcfEvent {
  eventStatus: TcfEventStatus;
  cmpId?: number;
  cmpVersion?: number;
  gdprApplies?: boolean;
  cmpStatus?: string;
  listenerId?: number;
  /** Present and non-empty only when the page gave one; decode it with {@link readTcString}. */
  tcString?: string;
  isServiceSpecific?: boolean;
  /** Purpose ids the TCData object marks `true`; empty when `purpose.consents` is absent. */
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  /** Whether the TCData carried a `purpose.consents` object at all (an empty one still means "no consent"). */
  hasPurposeConsents: boolean;
}

export type TcfEventParse = { ok: true; event: TcfEvent } | { ok: false; reason: 'not-an-object' | 'unknown-event-status' };

export const TC_STRING_MAX_LENGTH = 10_000;
export const TC_VENDOR_IDS_MAX = 1_000;
/** TCF v2.2 consent purposes (1–11). Purpose 11 arrived with v2.2 (policy version 4), so older strings lack it. */
export const TCF_PURPOSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

/**
 * Decodes a TC string. Never throws: garbage gives `{ok: false, reason}`. Range-encoded vendor sections are walked
 * before decoding and refused past a budget, because the library expands each range id by id (a crafted 10 KB string
 * would otherwise cost seconds).
 */
export function readTcString(input: string): TcStringReading {
  if (typeof input !== 'string') return { ok: false, reason: 'not-a-string' };
  const s = input.trim();
  if (!s) return { ok: false, reason: 'empty' };
  if (s.length > TC_STRING_MAX_LENGTH) return { ok: false, reason: 'too-long' };
  if (!TC_STRING_SHAPE.test(s)) return { ok: false, reason: 'invalid-characters' };
  const segments = s.split('.').map(toBits);
  const core = segments[0] ?? '';
  if (parseInt(core.slice(0, 6), 2) !== 2) return { ok: false, reason: 'unsupported-version' };
  if (core.length < CORE_FIXED_BITS) return { ok: false, reason: 'malformed' };
  const work = rangeWork(segments);
  if (work === undefined) return { ok: false, reason: 'malformed' };
  if (work > RANGE_WORK_MAX) return { ok: false, reason: 'too-complex' };
  try {
    const model = TCString.decode(s);
    const created = model.created.getTime();
    const lastUpdated = model.lastUpdated.getTime();
    if (!Number.isFinite(created) || !Number.isFinite(lastUpdated)) return { ok: false, reason: 'malformed' };
    const vendorConsents = idsOf(model.vendorConsents);
    const vendorLegitimateInterests = idsOf(model.vendorLegitimateInterests);
    return {
      ok: true,
      version: Number(model.version),
      policyVersion: Number(model.policyVersion),
      cmpId: Number(model.cmpId),
      cmpVersion: Number(model.cmpVersion),
      consentScreen: Number(model.consentScreen),
      consentLanguage: String(model.consentLanguage),
      vendorListVersion: Number(model.vendorListVersion),
      created,
      lastUpdated,
      isServiceSpecific: model.isServiceSpecific,
      purposeOneTreatment: model.purposeOneTreatment,
      publisherCountryCode: String(model.publisherCountryCode),
      purposeConsents: idsOf(model.purposeConsents),
      purposeLegitimateInterests: idsOf(model.purposeLegitimateInterests),
      specialFeatureOptins: idsOf(model.specialFeatureOptins),
      vendorConsents: vendorConsents.slice(0, TC_VENDOR_IDS_MAX),
      vendorConsentCount: vendorConsents.length,
      vendorLegitimateInterests: vendorLegitimateInterests.slice(0, TC_VENDOR_IDS_MAX),
      vendorLegitimateInterestCount: vendorLegitimateInterests.length,
      vendorsDisclosedCount: idsOf(model.vendorsDisclosed).length,
      publisherConsents: idsOf(model.publisherConsents),
      publisherLegitimateInterests: idsOf(model.publisherLegitimateInterests),
    };
  } catch {
    // The library throws DecodingError / TCModelError on bad bit lengths, zero vendor ids, unknown languages.
    return { ok: false, reason: 'malformed' };
  }
}

/**
 * The choice a set of purpose consents expresses. Legitimate interests are not consent and are ignored.
 * `reject`: no consent beyond purpose 1 (store/access) and no special feature; `accept`: purposes 1–10 all granted
 * (11 is optional because pre-2.2 strings cannot carry it); anything else is `partial`.
 */
export function readTcChoice(tc: { purposeConsents: readonly number[]; specialFeatureOptins?: readonly number[] }): 'accept' | 'reject' | 'partial' {
  const granted = new Set(tc.purposeConsents);
  const beyondStorage = TCF_PURPOSES.filter((p) => p !== 1 && granted.has(p)).length;
  if (beyondStorage === 0 && !(tc.specialFeatureOptins?.length ?? 0)) return 'reject';
  return TCF_PURPOSES.every((p) => p === 11 || granted.has(p)) ? 'accept' : 'partial';
}

/** Whether anything is consented: the TCF CMP API requires all of it false while the UI is shown (`cmpuishown`). */
export function grantsAnyConsent(tc: Pick<TcConsent, 'purposeConsents' | 'vendorConsentCount' | 'specialFeatureOptins'>): boolean {
  return tc.purposeConsents.length > 0 || tc.vendorConsentCount > 0 || tc.specialFeatureOptins.length > 0;
}

/** Reads a TCData object from `__tcfapi('addEventListener', 2, cb)`. Untrusted: only own data properties are read. */
export function parseTcfEvent(data: unknown): TcfEventParse {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'not-an-object' };
  const status = readOwn(data, 'eventStatus');
  if (status !== 'tcloaded' && status !== 'cmpuishown' && status !== 'useractioncomplete') return { ok: false, reason: 'unknown-event-status' };
  const purpose = readOwn(data, 'purpose');
  const consents = purpose && typeof purpose === 'object' ? readOwn(purpose, 'consents') : undefined;
  const legitimate = purpose && typeof purpose === 'object' ? readOwn(purpose, 'legitimateInterests') : undefined;
  const tcString = readOwn(data, 'tcString');
  const event: TcfEvent = {
    eventStatus: status,
    purposeConsents: trueIds(consents),
    purposeLegitimateInterests: trueIds(legitimate),
    hasPurposeConsents: !!consents && typeof consents === 'object',
  };
  const cmpId = smallInt(readOwn(data, 'cmpId'));
  if (cmpId !== undefined) event.cmpId = cmpId;
  const cmpVersion = smallInt(readOwn(data, 'cmpVersion'));
  if (cmpVersion !== undefined) event.cmpVersion = cmpVersion;
  const listenerId = smallInt(readOwn(data, 'listenerId'));
  if (listenerId !== undefined) event.listenerId = listenerId;
  const gdprApplies = readOwn(data, 'gdprApplies');
  if (typeof gdprApplies === 'boolean') event.gdprApplies = gdprApplies;
  const serviceSpecific = readOwn(data, 'isServiceSpecific');
  if (typeof serviceSpecific === 'boolean') event.isServiceSpecific = serviceSpecific;
  const cmpStatus = readOwn(data, 'cmpStatus');
  if (typeof cmpStatus === 'string' && cmpStatus.length <= 20) event.cmpStatus = cmpStatus;
  if (typeof tcString === 'string' && tcString && tcString.length <= TC_STRING_MAX_LENGTH) event.tcString = tcString;
  return { ok: true, event };
}

const TC_STRING_SHAPE = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Version … PublisherCC: the fixed-width head of the v2 core segment, in bits. */
const CORE_FIXED_BITS = 213;
/** Ids the library may expand from ranges, across the whole string: four full-width vectors. */
const RANGE_WORK_MAX = 4 * 65_536;

function toBits(segment: string): string {
  let bits = '';
  for (const c of segment) bits += BASE64URL.indexOf(c).toString(2).padStart(6, '0');
  return bits;
}

/** Ids the decoder would visit in range entries, or undefined when a section runs off the end. */
function rangeWork(segments: readonly string[]): number | undefined {
  let work = 0;
  for (const [i, bits] of segments.entries()) {
    const type = i === 0 ? 0 : parseInt(bits.slice(0, 3), 2);
    if (i === 0) {
      const consents = walkVendorVector(bits, CORE_FIXED_BITS);
      if (!consents) return undefined;
      const interests = walkVendorVector(bits, consents.end);
      if (!interests) return undefined;
      const restrictions = walkRestrictions(bits, interests.end);
      if (restrictions === undefined) return undefined;
      work += consents.work + interests.work + restrictions;
    } else if (type === 1 || type === 2) {
      const vector = walkVendorVector(bits, 3);
      if (!vector) return undefined;
      work += vector.work;
    }
  }
  return work;
}

function walkVendorVector(bits: string, start: number): { end: number; work: number } | undefined {
  let at = start;
  const maxId = readInt(bits, at, 16);
  const isRange = readInt(bits, at + 16, 1);
  if (maxId === undefined || isRange === undefined) return undefined;
  at += 17;
  if (!isRange) return at + maxId <= bits.length ? { end: at + maxId, work: 0 } : undefined;
  return walkEntries(bits, at);
}

function walkEntries(bits: string, start: number): { end: number; work: number } | undefined {
  let at = start;
  const entries = readInt(bits, at, 12);
  if (entries === undefined) return undefined;
  at += 12;
  let work = 0;
  for (let i = 0; i < entries; i++) {
    const isRange = readInt(bits, at, 1);
    const first = readInt(bits, at + 1, 16);
    if (isRange === undefined || first === undefined) return undefined;
    at += 17;
    if (isRange) {
      const last = readInt(bits, at, 16);
      if (last === undefined) return undefined;
      at += 16;
      work += Math.max(0, last - first + 1);
    } else {
      work += 1;
    }
  }
  return { end: at, work };
}

/** Publisher restrictions are optional at the end of the core segment; a missing count means none. */
function walkRestrictions(bits: string, start: number): number | undefined {
  const count = readInt(bits, start, 12);
  if (count === undefined) return 0;
  let at = start + 12;
  let work = 0;
  for (let i = 0; i < count; i++) {
    const entries = walkEntries(bits, at + 8);
    if (!entries) return undefined;
    at = entries.end;
    work += entries.work;
  }
  return work;
}

function readInt(bits: string, at: number, width: number): number | undefined {
  return at + width <= bits.length ? parseInt(bits.slice(at, at + width), 2) : undefined;
}

function idsOf(vector: { values(): IterableIterator<number> }): number[] {
  return [...vector.values()].sort((a, b) => a - b);
}

function trueIds(map: unknown): number[] {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  let keys: string[];
  try {
    keys = Object.keys(map).slice(0, 100);
  } catch {
    // A Proxy's ownKeys trap can throw; the page owns the object.
    return [];
  }
  const ids: number[] = [];
  for (const key of keys) {
    const id = Number(key);
    if (Number.isInteger(id) && id >= 1 && id <= 64 && readOwn(map, key) === true) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

function smallInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : undefined;
}
