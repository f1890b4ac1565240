import type { SiteSummary } from './site-summary.mjs';

export interface ChartCount {
  key: string;
  sites: number;
  pages: number;
}
export interface ChartCounts {
  sitesAudited: number;
  pagesAudited: number;
  rules: ChartCount[];
  beforeConsentVendors: ChartCount[];
}
export declare function chartCounts(summary: SiteSummary): ChartCounts;
