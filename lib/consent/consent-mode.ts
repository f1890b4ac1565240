import { CONSENT_TYPES, type ConsentType, GOOGLE_CONSENT_TYPES } from '../consent-mode-types';
import { readOwn } from './storage-values';

export { CONSENT_TYPES, type ConsentType };
export type ConsentValue = 'granted' | 'denied';

/** One `gtag('consent', 'default' | 'update', {...})` command. */
export interface ConsentCommand {
  command: 'default' | 'update';
  values: Partial<Record<ConsentType, ConsentValue>>;
  /** `region` of a default command (ISO 3166-2 codes), when given. */
  region?: string[];
  waitForUpdate?: number;
}

/** The four types Google encodes in `gcd`, in its order. */
export const GCD_TYPES = GOOGLE_CONSENT_TYPES;
export type GcdType = (typeof GCD_TYPES)[number];

/** One consent type as a Google hit reports it: what the default said, what an update said, and what applied. */
export interface SignalState {
  default?: ConsentValue;
  update?: ConsentValue;
  /** `not-set`: the page never set this type; `unknown`: the hit did not say. */
  effective: ConsentValue | 'not-set' | 'unknown';
}

/** Consent Mode as read off an outgoing Google request (`gcs`, `gcd`, `gcu`, `npa`, `dma`). */
export interface WireConsent {
  signals: Record<GcdType, SignalState>;
  /** The raw parameters, capped. */
  gcs?: string;
  gcd?: string;
  /** `gcu=1`: consent was updated just before this hit. */
  updated?: boolean;
  /** `npa=1`: non-personalised ads requested. */
  nonPersonalizedAds?: boolean;
  dma?: string;
}

/**
 * Reads the argument list of a gtag call (an array or arguments-like object: `['consent', 'default', {...}]`).
 * Undefined when it is not a consent default or update. Unknown keys and values other than granted/denied are dropped,
 * as gtag drops them.
 */
export function parseGtagArguments(args: unknown): ConsentCommand | undefined {
  if (!args || typeof args !== 'object') return undefined;
  if (readOwn(args, '0') !== 'consent') return undefined;
  return parseConsentCommand(readOwn(args, '1'), readOwn(args, '2'));
}

export function parseConsentCommand(command: unknown, params: unknown): ConsentCommand | undefined {
  if (command !== 'default' && command !== 'update') return undefined;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return undefined;
  const values: Partial<Record<ConsentType, ConsentValue>> = {};
  for (const type of CONSENT_TYPES) {
    const value = readOwn(params, type);
    if (value === 'granted' || value === 'denied') values[type] = value;
  }
  const parsed: ConsentCommand = { command, values };
  const region = readRegion(readOwn(params, 'region'));
  if (command === 'default' && region) parsed.region = region;
  // Only numbers and numeric strings: converting a page's object or symbol may throw.
  const rawWait = readOwn(params, 'wait_for_update');
  const wait = typeof rawWait === 'number' || typeof rawWait === 'string' ? Number(rawWait) : Number.NaN;
  if (Number.isFinite(wait) && wait >= 0 && wait <= 600_000) parsed.waitForUpdate = wait;
  return parsed;
}

/**
 * Consent Mode parameters of a request URL, whatever its host (server-side tagging sends them to first-party hosts).
 * Undefined when the URL carries neither `gcs` nor `gcd`. The encodings are community reverse-engineering
 * (https://www.simoahava.com/analytics/consent-mode-v2-google-tags/, https://www.pietromingotti.com/consent-mode-parameters/):
 * `gcs=G1<ad_storage><analytics_storage>`, and in `gcd` the letters at
 * positions 3, 5, 7 and 9 for ad_storage, analytics_storage, ad_user_data and ad_personalization.
 */
export function readConsentModeFromUrl(url: string): WireConsent | undefined {
  if (typeof url !== 'string' || url.length > 64 * 1024) return undefined;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const gcs = params.get('gcs')?.slice(0, 16);
  const gcd = params.get('gcd')?.slice(0, 64);
  if (gcs === undefined && gcd === undefined) return undefined;
  const fromGcd = gcd === undefined ? undefined : readGcd(gcd);
  const fromGcs = gcs === undefined ? undefined : readGcs(gcs);
  const signals = {} as Record<GcdType, SignalState>;
  for (const type of GCD_TYPES) {
    const state = fromGcd?.[type] ?? { effective: 'unknown' };
    const wire = fromGcs?.[type as 'ad_storage' | 'analytics_storage'];
    signals[type] = state.effective === 'unknown' && wire ? { effective: wire } : state;
  }
  const wire: WireConsent = { signals };
  if (gcs !== undefined) wire.gcs = gcs;
  if (gcd !== undefined) wire.gcd = gcd;
  if (params.get('gcu') === '1') wire.updated = true;
  if (params.has('npa')) wire.nonPersonalizedAds = params.get('npa') === '1';
  const dma = params.get('dma');
  if (dma !== null) wire.dma = dma.slice(0, 8);
  return wire;
}

/** `G1xy`: x = ad_storage, y = analytics_storage, 1 granted, 0 denied, '-' not set. */
export function readGcs(gcs: string): Partial<Record<'ad_storage' | 'analytics_storage', ConsentValue | 'not-set'>> | undefined {
  const match = /^G1([01-])([01-])$/.exec(gcs);
  if (!match) return undefined;
  const value = (c: string | undefined) => (c === '1' ? 'granted' : c === '0' ? 'denied' : 'not-set');
  return { ad_storage: value(match[1]), analytics_storage: value(match[2]) };
}

/** The four letters of `gcd` (e.g. `11p1p1p1p5`); undefined when it does not have that shape. */
export function readGcd(gcd: string): Record<GcdType, SignalState> | undefined {
  const match = /^\d{2}([a-z])\d([a-z])\d([a-z])\d([a-z])\d/.exec(gcd);
  if (!match) return undefined;
  const states = {} as Record<GcdType, SignalState>;
  GCD_TYPES.forEach((type, i) => {
    const known = GCD_LETTERS[match[i + 1] ?? ''];
    states[type] = known ? { ...known } : { effective: 'unknown' };
  });
  return states;
}

const GCD_LETTERS: Record<string, SignalState> = {
  l: { effective: 'not-set' },
  p: { default: 'denied', effective: 'denied' },
  q: { default: 'denied', update: 'denied', effective: 'denied' },
  m: { update: 'denied', effective: 'denied' },
  u: { default: 'granted', update: 'denied', effective: 'denied' },
  t: { default: 'granted', effective: 'granted' },
  r: { default: 'denied', update: 'granted', effective: 'granted' },
  n: { update: 'granted', effective: 'granted' },
  v: { default: 'granted', update: 'granted', effective: 'granted' },
};

function readRegion(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  let codes: string[];
  try {
    codes = value.slice(0, 300).filter((v): v is string => typeof v === 'string' && /^[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3})?$/.test(v));
  } catch {
    // A Proxy's trap can throw; the page owns the array.
    return undefined;
  }
  return codes.length ? codes : undefined;
}
