import type { Report } from './types';

/**
 * HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/, also the W3C web-performance draft
 * https://w3c.github.io/web-performance/specs/HAR/Overview.html). Custom fields start with `_`, as the spec allows.
 */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    browser: { name: string; version: string };
    pages: HarPage[];
    entries: HarEntry[];
    comment: string;
    _schema: Report['schema'];
    _visitId: string;
    _generatedAt: string;
    _redacted: boolean;
    _database: string;
    _scenario: string;
  };
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: Record<string, never>;
  _url: string;
  _consent: { cmps: string[]; choice?: string; choiceAt?: number; transitions: { t: number; phase: string }[] };
}

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; comment?: string; _encoding?: 'base64'; _size: number; _truncated: boolean };
    headersSize: -1;
    bodySize: number;
    comment?: string;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; comment: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: -1;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: -1; connect: -1; send: number; wait: number; receive: number };
  _id: string;
  _resourceType: string;
  _type: string;
  _vendor: string;
  _attribution?: string;
  _activity?: string;
  _resembles?: { vendor: string; reason: string };
  _phase: string;
  _party: string;
  _site: string;
  _frameId: number;
  _frameUrl?: string;
  _initiatedBy?: string;
  _redirects: string[];
  _cname?: string;
  _recovered?: true;
  _findings: string[];
}
