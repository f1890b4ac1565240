import type { SiteSummary } from './site-summary.mjs';

export declare function toSummaryCsv(summary: SiteSummary): string;
export declare function toSummaryHtml(summary: SiteSummary): string;
export declare function escapeHtml(value: string): string;
