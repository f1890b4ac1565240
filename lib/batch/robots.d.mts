export interface RobotsRule {
  allow: boolean;
  pattern: string;
}
export declare const ROBOTS_TOKEN: string;
export declare const MAX_ROBOTS_BYTES: number;
export declare function parseRobots(text: string, token?: string): { rules: RobotsRule[]; sitemaps: string[] };
export declare function isAllowed(rules: readonly RobotsRule[], url: string): boolean;
