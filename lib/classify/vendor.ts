import type { Category, ConsentRequirement } from './categories';

/**
 * One vendor, as written in `data/vendors/<id>.json` (the id is the filename and is not repeated inside).
 * `parseVendor` (vendor-parse.ts) turns unknown JSON into this type or a list of problems.
 */
export interface Vendor {
  id: string;
  name: string;
  organization: string;
  website: string;
  category: Category;
  consent: ConsentRequirement;
  /**
   * Registrable domains or specific hosts (lowercase, no scheme). A host matches a domain entry when it equals it
   * or ends with `.<entry>`. An entry may carry a path prefix (`google.com/recaptcha`) where vendors share a host.
   */
  domains: string[];
  cookies?: NamedItem[];
  storage?: StorageItem[];
  /** Page globals the vendor defines (`window.<name>`), e.g. `hj`, `clarity`, `dataLayer`. */
  globals?: string[];
  sessionReplay?: SessionReplayInfo;
  cmp?: CmpInfo;
  /**
   * URL patterns (`host/path*`, as in `sessionReplay`) of the vendor's code and remote configuration. Fetching them is
   * loading, not sending data: a script, stylesheet or font is that by its type already; this lists the XHR/fetch
   * configuration calls an SDK makes before it may track (checked against the real SDK: they carry no identifier).
   */
  code?: string[];
  notes?: string;
  /** Public URLs (vendor documentation, a package's published code) where the facts were verified. Required, non-empty. */
  sources: string[];
}

/** A cookie or storage key. `name` is exact unless it contains `*`, which matches any run of characters. */
export interface NamedItem {
  name: string;
  purpose: string;
  /** Typical lifetime as the vendor documents it, e.g. "13 months", "session", "30 minutes". */
  lifetime?: string;
  /**
   * The item only ever lives on the vendor's own domains (a third-party cookie such as `uid` on adform.net), so it is
   * matched by domain, never by name alone: a site's own cookie called `uid` is not Adform's.
   */
  vendorDomainOnly?: boolean;
  /**
   * The name is common outside this vendor (`visitor_id`, `uid`, `session_id`, `user`): first-party apps use it too.
   * It names the vendor only when the vendor's own host or script is seen in the same visit; otherwise it is a hint
   * ("name resembles X"), never evidence.
   */
  generic?: boolean;
  /**
   * The item records only the visitor's consent choice for this vendor (an opt-in/opt-out flag such as posthog's
   * `__ph_opt_in_out_<token>`): writing it is not storing an identifier.
   */
  consentState?: boolean;
}

export interface StorageItem extends NamedItem {
  area: 'localStorage' | 'sessionStorage' | 'indexedDB';
}

export interface SessionReplayInfo {
  /**
   * URL patterns (host + optional path, `*` wildcard) of the recorder's own scripts. For a vendor whose product is
   * replay (category `session-replay`) that is its loader; for an analytics SDK with an optional replay module, only
   * the module's bundle: the base SDK is not a recorder.
   */
  scripts: string[];
  /**
   * URL patterns of the endpoints that receive recordings and nothing else. Traffic here means it is recording. An
   * endpoint shared with other data (Sentry's envelope, a generic event API) does not belong here: a recording sent
   * there is recognised by its payload (rrweb-shaped events).
   */
  ingest: string[];
  /** CSS selectors that mask, unmask and block content. */
  markers: { mask: string[]; unmask: string[]; block: string[] };
  defaults: {
    /** true / false, or 'setting' when it depends on a dashboard or init option. */
    inputsMasked: boolean | 'setting';
    textMasked: boolean | 'setting';
  };
  /** How payloads are encoded on the wire, e.g. ["gzip", "base64", "json"]. */
  encodings?: string[];
  /**
   * The recorder drops input events a script dispatched (`isTrusted` false) unless configured otherwise, so the
   * canary test's synthetic typing can prove a leak but never masking.
   */
  ignoresUntrustedEvents?: boolean;
}

export interface CmpInfo {
  /** URL patterns of the CMP's scripts. */
  scripts: string[];
  /** Cookies or storage keys holding the visitor's choice, with how to read them. */
  consentCookies: { name: string; area?: 'cookie' | 'localStorage'; howToRead: string }[];
  tcf?: boolean;
}
