import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import schema from '@/lib/report/report.schema.json';
import { BROWSERS, ROOT } from './harness';

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
const out = mkdtempSync(path.join(tmpdir(), 'ci-cli-'));

function audit(...args: string[]) {
  const result = spawnSync(process.execPath, ['lib/cli/audit.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run audit', () => {
  it.each(BROWSERS)('audits the demo site headless in %s and writes the extension\'s own JSON report', (browser) => {
    const file = path.join(out, `demo-${browser}.json`);
    const { code, stdout, stderr } = audit('--demo', '--browser', browser, '--out', file, '--wait', '3');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('https://shop.example/');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.browser.name).toBe(browser);
    expect(report.requests.some((r: { type: string }) => r.type === 'main_frame')).toBe(true);
    expect(report.cookies.find((c: { name: string; via: string }) => c.name === '_ga' && c.via === 'script')?.declaredLifetime).toBe(63_072_000);
    expect(report.vendors.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining(['hotjar', 'google-analytics']));
  });

  it('writes a self-contained HTML report', () => {
    const file = path.join(out, 'demo.html');
    const { code, stderr } = audit('--demo', '--out', file, '--wait', '2');
    expect(code, stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<script type="application/json" id="report-json">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
  });

  it.each([
    [['not a url at all'], 2, 'not a valid URL'],
    [['chrome://settings'], 2, 'cannot be inspected'],
    [['about:blank'], 2, 'cannot be inspected'],
    [['https://chromewebstore.google.com/detail/x'], 2, 'cannot be inspected'],
    [['--demo', '--browser', 'safari'], 2, '--browser must be chromium or firefox'],
    [['--demo', '--scenario', 'dance'], 2, '--scenario must be one of'],
    [['--demo', '--browser-path', '/nonexistent/chromium'], 4, 'No browser at --browser-path'],
    [['http://127.0.0.1:9/'], 3, 'Could not load http://127.0.0.1:9/'],
  ])('fails clearly for %j', (args, code, message) => {
    const result = audit(...args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(code);
  });
});
