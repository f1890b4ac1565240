import type { Severity } from '../model';

export declare const SEVERITIES: readonly Severity[];
export type PageVerdict = 'findings' | 'observed' | 'clean';
export interface OkResult {
  url: string;
  site: string;
  status: 'ok';
  scenario: string;
  verdict: PageVerdict;
  counts: Record<Severity, number>;
  rules: string[];
  cmps: string[];
  /** The report's `consent.choice`, when it has one. */
  choice?: string;
  replayVendors: string[];
  beforeConsentVendors: string[];
  file: string;
  [extra: string]: unknown;
}
export interface FailedResult {
  url: string;
  site: string;
  status: 'failed';
  error: string;
  [extra: string]: unknown;
}
export type PageResult = OkResult | FailedResult;
export declare function okResult(url: string, site: string, report: unknown, file: string, extra?: Record<string, unknown>): OkResult;
export declare function failedResult(url: string, site: string, error: unknown, extra?: Record<string, unknown>): FailedResult;
export declare function parseResults(text: string): { results: PageResult[]; skipped: number };
export declare function doneUrls(results: readonly PageResult[]): Set<string>;
