export type UrlProblem = 'empty' | 'too-long' | 'not-a-url' | 'not-http';
export interface InvalidLine {
  line: number;
  text: string;
  reason: UrlProblem;
}
export declare function readUrlList(text: string): { urls: string[]; invalid: InvalidLine[] };
export declare function normalizeUrl(input: string): { ok: true; url: string } | { ok: false; reason: UrlProblem };
