import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Build-time only (wxt.config.ts, vitest.config.ts): the globals the vendor files name, read from data/vendors and
 * handed to the code as the `__VENDOR_GLOBALS__` constant. The MAIN-world probe runs in every frame, so it carries
 * this list of names and not the database.
 */
export function vendorGlobalsDefine(root: string): Record<string, string> {
  const dir = join(root, 'data/vendors');
  const names = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const globals: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8')).globals;
      return Array.isArray(globals) ? globals.filter((name): name is string => typeof name === 'string') : [];
    });
  return { __VENDOR_GLOBALS__: JSON.stringify([...new Set(names)].sort()) };
}
