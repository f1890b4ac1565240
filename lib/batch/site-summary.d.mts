import type { Severity } from '../model';
import type { PageResult, PageVerdict } from './page-result.mjs';

export declare const SUMMARY_SCHEMA: string;
export type SiteVerdict = PageVerdict | 'failed';
export interface SiteRow {
  site: string;
  verdict: SiteVerdict;
  pagesAudited: number;
  pagesFailed: number;
  findings: number;
  counts: Record<Severity, number>;
  rules: string[];
  cmps: string[];
  replayVendors: string[];
  beforeConsentVendors: string[];
  pages: {
    url: string;
    status: 'ok' | 'failed';
    verdict?: PageVerdict;
    file?: string;
    /** Ok pages: the page's own rules and vendors before consent, for counting by page (summaries merged since the charts). */
    rules?: string[];
    beforeConsentVendors?: string[];
    error?: string;
  }[];
}
export interface SiteSummary {
  schema: string;
  pages: { total: number; ok: number; failed: number };
  sites: SiteRow[];
}
export declare function summarizeSites(resultLists: readonly (readonly PageResult[])[]): SiteSummary;
