import type { HostMapEntry } from './host-map.mjs';
export declare function startMappingProxy(
  map: readonly HostMapEntry[],
  options?: { route?: (host: string, port: number) => { host: string; port: number } },
): Promise<{ port: number; close(): Promise<void> }>;
export declare function startHostMap(
  browser: 'chromium' | 'firefox',
  map: readonly HostMapEntry[] | undefined,
): Promise<{ args: string[]; prefs: Record<string, string | number>; close(): Promise<void> }>;
