import type { Category, ConsentRequirement } from './categories';

/**
 * One vendor, as written in `data/vendors/<id>.json` (the id is the filename and is not repeated inside).
 * `parseVendor` (below) turns unknown JSON into this type or a list of problems.
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
  notes?: string;
  /** Vendor documentation URLs, or `research:<file>` for a note in ../shared/research. Required, non-empty. */
  sources: string[];
}

/** A cookie or storage key. `name` is exact unless it contains `*`, which matches any run of characters. */
export interface NamedItem {
  name: string;
  purpose: string;
  /** Typical lifetime as the vendor documents it, e.g. "13 months", "session", "30 minutes". */
  lifetime?: string;
}

export interface StorageItem extends NamedItem {
  area: 'localStorage' | 'sessionStorage' | 'indexedDB';
}

export interface SessionReplayInfo {
  /** URL patterns (host + optional path, `*` wildcard) of the recorder's script. */
  scripts: string[];
  /** URL patterns of the endpoints that receive recordings. Traffic here means it is recording. */
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
}

export interface CmpInfo {
  /** URL patterns of the CMP's scripts. */
  scripts: string[];
  /** Cookies or storage keys holding the visitor's choice, with how to read them. */
  consentCookies: { name: string; area?: 'cookie' | 'localStorage'; howToRead: string }[];
  tcf?: boolean;
}
