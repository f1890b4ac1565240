import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '@/lib/report/report.schema.json';
import { startFixtureServer } from '../fixtures/server.mjs';
import type { Har } from '@/lib/report/har-types';
import type { Report } from '@/lib/report/types';
import { formatMessage } from '@/lib/i18n/message';
import { harProblems } from '../fixtures/har';
import { collectorSaw, receivedTexts } from './collector';
import { BROWSERS, ROOT } from './harness';

const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
const out = mkdtempSync(path.join(tmpdir(), 'ci-cli-'));
let server: Awaited<ReturnType<typeof startFixtureServer>>;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server?.close());

/** Runs the CLI in a child process (asynchronously: the fixture server of this process must keep answering). */
function audit(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['lib/cli/audit.mjs', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run audit', () => {
  it.each(BROWSERS)("audits the demo site headless in %s and writes the extension's own JSON report", async (browser) => {
    const file = path.join(out, `demo-${browser}.json`);
    const { code, stdout, stderr } = await audit('--demo', '--browser', browser, '--out', file, '--wait', '3');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('https://shop.example/');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.browser.name).toBe(browser);
    expect(report.requests.some((r: { type: string }) => r.type === 'main_frame')).toBe(true);
    expect(report.cookies.find((c: { name: string; via: string }) => c.name === '_ga' && c.via === 'script')?.declaredLifetime).toBe(63_072_000);
    expect(report.vendors.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining(['hotjar', 'google-analytics']));
  });

  it.each(BROWSERS)('audits one URL through --proxy HOST:PORT in %s (the fixture server is the proxy)', async (browser) => {
    const file = path.join(out, `proxy-${browser}.json`);
    const tls = browser === 'chromium' ? ['--browser-arg=--ignore-certificate-errors'] : [];
    const { code, stderr } = await audit(
      'https://shop.example/',
      '--browser',
      browser,
      '--proxy',
      `127.0.0.1:${server.httpPort}`,
      ...tls,
      '--out',
      file,
      '--wait',
      '2',
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.page.url).toBe('https://shop.example/');
    expect(report.vendors.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining(['hotjar', 'google-analytics']));
    // A malformed proxy is refused before any browser starts.
    expect((await audit('https://shop.example/', '--proxy', 'http://127.0.0.1:1')).code).toBe(2);
  });

  it.each(BROWSERS)('audits a staging server under its production name with --host-map in %s', async (browser) => {
    // staging.shop.example resolves nowhere: only the mapping takes the browser to the fixture server (shop.example's page).
    const file = path.join(out, `host-map-${browser}.json`);
    const since = server.log.length;
    const tls = browser === 'chromium' ? ['--browser-arg=--ignore-certificate-errors'] : [];
    const map = `staging.shop.example=127.0.0.1:${server.httpsPort}, static.hotjar.com=127.0.0.1:${server.httpsPort}`;
    const { code, stderr } = await audit('https://staging.shop.example/', '--browser', browser, '--host-map', map, ...tls, '--out', file, '--wait', '2');
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(report.page.url).toBe('https://staging.shop.example/');
    expect(report.requests.find((r) => r.type === 'main_frame')?.url).toBe('https://staging.shop.example/');
    expect(report.requests.some((r) => r.method === 'POST' && r.url === 'https://staging.shop.example/api/track')).toBe(true);
    expect(report.cookies.some((c) => c.name === 'theme' && c.domain === 'staging.shop.example')).toBe(true);
    expect(report.vendors.map((v) => v.id)).toContain('hotjar');
    expect(server.log.slice(since).some((e) => e.host === 'staging.shop.example' && e.path === '/')).toBe(true);
  });

  it.each([
    [['https://staging.shop.example/', '--host-map', 'staging.shop.example=127.0.0.1:0'], 'the port is not 1 to 65535'],
    [['https://staging.shop.example/', '--host-map', 'staging.shop.example=127.0.0.1:8443', '--proxy', '127.0.0.1:3128'], 'does not go with --proxy'],
    [['--urls', 'urls.txt', '--out-dir', 'out', '--host-map', '*.shop.example=127.0.0.1'], 'the host is not a DNS name'],
  ])('refuses a bad --host-map with usage, exit 2: %j', async (args, message) => {
    const result = await audit(...args);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage:');
    expect(result.code).toBe(2);
  });

  it('runs the canary test headless with --scenario canary', async () => {
    const file = path.join(out, 'canary.json');
    const { code, stdout, stderr } = await audit(
      'https://rrweb-shop.example/?mask=0',
      '--scenario',
      'canary',
      '--wait',
      '3',
      '--out',
      file,
      `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
      '--browser-arg=--ignore-certificate-errors',
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Canary test: typed into 4 fields (4 as keystrokes through the browser).');
    expect(stdout).toContain('replay-unmasked-input');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.scenario).toBe('canary');
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('types the canary values as keystrokes, so a recorder that ignores synthetic events is proven field by field', async () => {
    const file = path.join(out, 'canary-datadog.json');
    const since = server.log.length;
    const { code, stderr } = await audit(
      'https://replay-lab.example/datadog.html?mask=0&untrusted=0',
      '--scenario',
      'canary',
      '--wait',
      '12',
      '--out',
      file,
      `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
      '--browser-arg=--ignore-certificate-errors',
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Canary test: typed into 4 fields (4 as keystrokes through the browser).');
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The judge is what Datadog's intake received, read with Node's zlib.
    const texts = server.log
      .slice(since)
      .filter((e) => e.host === 'browser-intake-datadoghq.com' && e.method === 'POST')
      .flatMap((e) => receivedTexts(e.body));
    const saw = report.canaries
      .filter((c) => collectorSaw(texts, c.value))
      .map((c) => c.selector)
      .sort();
    expect(saw).toEqual(['#msg', '#name']);
    expect([...new Set(report.leaks.map((l) => l.selector))].sort()).toEqual(saw);
    const verdicts = Object.fromEntries(report.masking.filter((m) => m.vendor === 'datadog-rum').map((m) => [m.selector, `${m.verdict}/${m.proof}`]));
    expect(verdicts).toEqual({ '#email': 'masked/canary', '#name': 'unmasked/canary', '#pw': 'masked/canary', '#msg': 'unmasked/canary' });
  });

  it('words the report in French with --lang fr: French titles from the same keys, stable ids', async () => {
    const file = path.join(out, 'demo-fr.json');
    const { code, stdout, stderr } = await audit('--demo', '--lang', 'fr', '--out', file, '--wait', '2');
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.lang).toBe('fr');
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.messages, finding.rule).toBeDefined();
      if (!finding.messages) continue;
      expect(finding.title).toBe(formatMessage(finding.messages.title, 'fr'));
      expect(finding.title).not.toBe(formatMessage(finding.messages.title, 'en'));
      expect(finding.fix).toBe(formatMessage(finding.messages.fix, 'fr'));
    }
    expect(report.findings.find((f) => f.rule === 'tracker-before-consent')?.title).toMatch(/avant que le visiteur ne consente|avant le consentement/);
    expect(stdout).toContain(report.findings[0]?.title);
  });

  it('writes Markdown and CSV exports', async () => {
    const mdFile = path.join(out, 'demo.md');
    expect((await audit('--demo', '--out', mdFile, '--wait', '2')).code).toBe(0);
    expect(readFileSync(mdFile, 'utf8')).toContain('| Severity | Rule | Vendor | Finding | When | Fix |');
    const csvFile = path.join(out, 'demo.csv');
    const { code, stdout } = await audit('--demo', '--out', csvFile, '--wait', '2');
    expect(code).toBe(0);
    expect(stdout).toContain('demo-cookies.csv');
    const cookies = readFileSync(path.join(out, 'demo-cookies.csv'), 'utf8').split('\r\n');
    expect(cookies[0]).toContain('declared_lifetime_s');
    expect(cookies.some((line) => line.includes(',_ga,'))).toBe(true);
    expect(readFileSync(path.join(out, 'demo-findings.csv'), 'utf8')).toContain('replay-before-consent');
  });

  it('writes the requests as a HAR 1.2 file with --out FILE.har', async () => {
    const file = path.join(out, 'demo.har');
    const { code, stderr } = await audit('--demo', '--out', file, '--wait', '2');
    expect(code, stderr).toBe(0);
    const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
    expect(harProblems(har)).toEqual([]);
    expect(har.log.entries.find((e) => e._resourceType === 'document')?.request.url).toBe('https://shop.example/');
    expect(har.log.entries.some((e) => e._vendor === 'hotjar')).toBe(true);
    expect(har.log._redacted).toBe(true);
  });

  it('writes a self-contained HTML report', async () => {
    const file = path.join(out, 'demo.html');
    const { code, stderr } = await audit('--demo', '--out', file, '--wait', '2');
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
    [['--demo', '--lang', 'de'], 2, '--lang must be one of: en, fr'],
    [['--demo', '--browser-path', '/nonexistent/chromium'], 4, 'No browser at --browser-path'],
    [['http://127.0.0.1:9/'], 3, 'Could not load http://127.0.0.1:9/'],
  ])('fails clearly for %j', async (args, code, message) => {
    const result = await audit(...args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(code);
  });
});
