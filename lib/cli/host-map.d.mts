export interface HostMapEntry {
  host: string;
  ip: string;
  port?: number;
}
export declare const HOST_MAP_MAX: number;
export declare function parseHostMap(values: string | readonly string[]): { ok: true; map: HostMapEntry[] } | { ok: false; reason: string };
export declare function hostResolverRules(map: readonly HostMapEntry[]): string;
export declare function mappedTarget(map: readonly HostMapEntry[], host: string, port: number): { host: string; port: number } | undefined;
export declare function hostPort(ip: string, port?: number): string;
export declare function readHostMapOption(values: Record<string, unknown>): { ok: true; map: HostMapEntry[] | undefined } | { ok: false; reason: string };
