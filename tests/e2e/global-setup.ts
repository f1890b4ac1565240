import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The end-to-end suites test the built extension: build it unless the caller already did (npm test does). */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const built = ['chrome-mv3', 'firefox-mv3'].every((dir) => existsSync(path.join(root, '.output', dir, 'manifest.json')));
  if (!built || process.env.E2E_BUILD === '1') execSync('npx wxt build && npx wxt build -b firefox --mv3', { cwd: root, stdio: 'inherit' });
}
