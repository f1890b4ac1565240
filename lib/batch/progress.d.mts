export interface ProgressCounts {
  finished: number;
  ok: number;
  failed: number;
  total: number;
  remaining: number;
  etaMs: number | undefined;
}
export interface ProgressResult {
  url: string;
  status: string;
  error?: string;
}
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}
export declare function progressCounts(input: { ok: number; failed: number; total: number; elapsedMs: number }): ProgressCounts;
export declare function plainLine(result: ProgressResult, counts: ProgressCounts): string;
export declare function barLine(counts: ProgressCounts, columns: number | undefined): string;
export declare function createProgress(
  stream: ProgressStream,
  total: number,
  now?: () => number,
): { start(): void; record(result: ProgressResult): void; finish(): void };
export declare function formatDuration(ms: number): string;
