export type HarmKind = 'login' | 'signup' | 'checkout' | 'cart' | 'account' | 'contact';
export declare const HARM_KINDS: readonly { kind: HarmKind; weight: number; words: string[] }[];
export interface Candidate {
  url: string;
  text?: string;
  form?: boolean;
  sitemapIndex?: number;
  depth: number;
  order: number;
}
export declare function harmOf(link: { url: string; text?: string; form?: boolean }): { kind: HarmKind | 'form'; weight: number } | undefined;
export declare function rankCandidates<T extends Candidate>(candidates: readonly T[]): T[];
