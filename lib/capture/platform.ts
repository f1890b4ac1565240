/**
 * The slice of the WebExtension API that capture uses, typed structurally so tests can pass small stubs
 * (WXT's fake browser does not implement webRequest or cookies).
 */
export interface BrowserEvent<Listener> {
  addListener(listener: Listener, ...extra: unknown[]): void;
  /** Optional so that stubs may leave it out; every supported browser has it. */
  removeListener?(listener: Listener): void;
}

export interface RequestDetails {
  requestId: string;
  url: string;
  method: string;
  type: string;
  tabId: number;
  frameId: number;
  parentFrameId?: number;
  timeStamp: number;
  initiator?: string;
  originUrl?: string;
  documentUrl?: string;
  /** Chromium: the document that made the request, and whether it is being unloaded (`pending_deletion`). */
  documentId?: string;
  documentLifecycle?: string;
  /** Firefox: the cookie store of the request's tab (`firefox-default`, `firefox-private`, `firefox-container-N`). */
  cookieStoreId?: string;
  /** Firefox: the request's tab is in a private window. */
  incognito?: boolean;
  requestBody?: { error?: string; formData?: Record<string, unknown>; raw?: { bytes?: ArrayBuffer; file?: string }[] } | null;
  statusCode?: number;
  redirectUrl?: string;
  requestHeaders?: WebRequestHeader[];
  responseHeaders?: WebRequestHeader[];
  statusLine?: string;
  error?: string;
  /** Set by capture, not the browser: the event came through the everyday listener (`CaptureLevel`). */
  everyday?: true;
}

export interface WebRequestHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayBuffer | number[];
}

export interface CookieDetails {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  session: boolean;
  expirationDate?: number;
  partitionKey?: unknown;
  /** The cookie store holding it (Firefox: `firefox-default`, a container's, `firefox-private`; Chromium: `0`, `1`). */
  storeId?: string;
}

/** A `cookies.getAll` query for the jar of a page URL (a partition, or Firefox's first-party domain). */
export interface CookieJarQuery {
  url: string;
  partitionKey?: { topLevelSite?: string };
  firstPartyDomain?: string;
  storeId?: string;
}

export type GetAllCookies = (query: CookieJarQuery) => Promise<CookieDetails[]>;

/** What capture asks of a tab: its page, its cookie store (Firefox names it on the tab) and its window's privacy. */
export interface TabInfo {
  url?: string;
  title?: string;
  cookieStoreId?: string;
  incognito?: boolean;
}

export interface CookieChange {
  removed: boolean;
  cookie: CookieDetails;
  cause: string;
}

// `undefined`, not `void`: the browser's listener type allows a blocking response, which capture never gives.
type RequestListener = (details: RequestDetails) => undefined;

export interface CaptureApi {
  webRequest: {
    onBeforeRequest: BrowserEvent<RequestListener>;
    /** Optional so that stubs may leave it out; every supported browser has it. */
    onSendHeaders?: BrowserEvent<RequestListener>;
    onHeadersReceived: BrowserEvent<RequestListener>;
    onBeforeRedirect: BrowserEvent<RequestListener>;
    onErrorOccurred: BrowserEvent<RequestListener>;
    /** Present in Chromium, where Set-Cookie headers are only shown with `extraHeaders`. */
    OnHeadersReceivedOptions?: { EXTRA_HEADERS?: string };
    /** Chromium: Cookie and Referer are only shown with `extraHeaders`. */
    OnSendHeadersOptions?: { EXTRA_HEADERS?: string };
  };
  cookies: {
    onChanged: BrowserEvent<(change: CookieChange) => void>;
    /** Absent in stubs that do not model the jar; then no jar snapshot is taken. */
    getAll?: GetAllCookies;
    /** Every cookie store and its tabs: Chromium names a tab's store only here. Absent in stubs. */
    getAllCookieStores?: () => Promise<{ id: string; tabIds: number[] }[]>;
  };
  /** When a frame's new document commits: until then, the tab's requests come from the document being left. */
  webNavigation?: {
    /** `documentId`: Chromium's id of the committed document (https://developer.chrome.com/docs/extensions/reference/api/webNavigation). */
    onCommitted: BrowserEvent<(details: { tabId: number; frameId: number; timeStamp: number; url?: string; documentId?: string }) => undefined>;
  };
  tabs: {
    onRemoved: BrowserEvent<(tabId: number) => void>;
    get(tabId: number): Promise<TabInfo>;
  };
}

export interface ProbeSender {
  tab?: { id?: number };
  frameId?: number;
  url?: string;
  origin?: string;
}
