// The built extension the CLI loads, rebuilt when a source of the extension is newer than its manifest.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function ensureBuilt(browser) {
  const dir = path.join(ROOT, '.output', browser === 'firefox' ? 'firefox-mv3' : 'chrome-mv3');
  const manifest = path.join(dir, 'manifest.json');
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestSource()) return;
  console.error(`Building the ${browser} extension…`);
  execFileSync('npx', ['wxt', 'build', ...(browser === 'firefox' ? ['-b', 'firefox', '--mv3'] : [])], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

const CLI_ONLY = [path.join('lib', 'cli'), path.join('lib', 'batch')];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      // The CLI's own code is not part of the extension: editing it needs no rebuild.
      if (entry.isDirectory()) {
        if (!CLI_ONLY.includes(path.relative(ROOT, full))) walk(full);
      } else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['entrypoints', 'lib', 'data']) walk(path.join(ROOT, dir));
  return Math.max(newest, statSync(path.join(ROOT, 'wxt.config.ts')).mtimeMs);
}
