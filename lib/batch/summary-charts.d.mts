import type { SiteSummary } from './site-summary.mjs';

export declare const CHART_STYLE: string;
export declare function chartsHtml(summary: SiteSummary): string;
