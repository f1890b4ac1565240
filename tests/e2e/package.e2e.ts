import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness';

describe('npm run zip', () => {
  it('produces store archives, and a sources archive without dependencies, build output, test output or keys', () => {
    const result = spawnSync('npm', ['run', 'zip'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const zips = readdirSync(path.join(ROOT, '.output')).filter((f) => f.endsWith('.zip'));
    const chrome = zips.find((f) => f.endsWith('-chrome.zip'));
    const firefox = zips.find((f) => f.endsWith('-firefox.zip'));
    const sources = zips.find((f) => f.endsWith('-sources.zip'));
    expect([chrome, firefox, sources].every(Boolean), zips.join(', ')).toBe(true);
    const entries = (file: string) => Object.keys(unzipSync(readFileSync(path.join(ROOT, '.output', file))));
    expect(entries(chrome ?? '')).toEqual(expect.arrayContaining(['manifest.json', 'background.js', 'popup.html']));
    const source = entries(sources ?? '');
    expect(source).toEqual(expect.arrayContaining(['package.json', 'wxt.config.ts', 'lib/capture/recorder.ts', 'data/vendors/hotjar.json']));
    expect(source.filter((f) => /(^|\/)(node_modules|\.output|tests\/e2e\/out)\/|\.(pem|key)$/.test(f))).toEqual([]);
  });
});
