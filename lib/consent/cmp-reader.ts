import type { NamedValue } from './storage-values';

/** The page's cookies and localStorage entries, as read by the content script. Untrusted, possibly URL-encoded. */
export interface CmpStorage {
  cookies: readonly NamedValue[];
  localStorage: readonly NamedValue[];
  /**
   * CMP ids recognised on the page by other evidence (autoconsent, the CMP's script or globals). Only for these is a
   * value under a name of the site's choosing read ({@link CmpReader.readRenamed}): a value's shape alone is a hint.
   */
  detected?: readonly string[];
  /**
   * CMP ids whose banner was on screen before these values were read (autoconsent found it, or our scenario answered
   * it). A value of a shape many sites use for other things (a JSON map of booleans, `allow`/`deny`) under a renamed key
   * is read only for these: a site's own `{"tourSeen":false}` must never pass for a refusal.
   */
  bannerShown?: readonly string[];
}

/** What the stored state says: `none` when the CMP stored state but no decision. */
export type CmpChoice = 'none' | 'accept' | 'reject' | 'partial';

export interface CmpState {
  /** The CMP's vendor id (`onetrust`, `cookiebot` …), or `iab-tcf` / `iab-gpp` for a bare framework value. */
  cmp: string;
  choice: CmpChoice;
  /** Category, purpose or service → granted, in the CMP's own vocabulary. */
  purposes?: Record<string, boolean>;
  /** The value read, capped. */
  raw: string;
  /** The IAB TC string the CMP stored beside its own state, when it decodes. */
  tcString?: string;
  /**
   * Set when the stored state was not set by the visitor: defaults of an opt-out region, implied consent, a category
   * forced on by the site. The timeline does not count such a state as a choice.
   */
  implicit?: true;
  /** When the CMP says the decision was stored (epoch ms), if it says. */
  decidedAt?: number;
  /** The cookie or localStorage name read, when it is not the CMP's default (the site renamed it). */
  key?: string;
}

/** The CMP's value is there but could not be read. */
export interface CmpStateError {
  cmp: string;
  choice: 'unknown';
  error: string;
  raw: string;
}

export type CmpReading = CmpState | CmpStateError;

/** One CMP's storage reader: null when none of its keys is present. Never throws. */
export interface CmpReader {
  /** The CMP's vendor id; also the reader's filename. */
  id: string;
  read(storage: CmpStorage): CmpReading | null;
  /**
   * Reads one value stored under a name the site chose, when it has this CMP's shape (most open-source CMPs let the
   * site rename their cookie or storage key). Null when the shape is not this CMP's. Asked only when this CMP was
   * detected on the page and left nothing under its default names.
   */
  readRenamed?(item: NamedValue): CmpReading | null;
  /** The shape {@link readRenamed} recognises is common outside this CMP: read it only once its banner was shown. */
  genericShape?: true;
}
