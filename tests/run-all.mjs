// `npm test`: every check a fresh clone must pass, in order, then one closing line "N passed, N failed".
// Suites: typecheck, lint and format (Biome), both builds, web-ext lint (0 errors), unit + data tests (vitest), and the real-browser
// end-to-end tests in Chromium and Firefox ESR (vitest, tests/e2e).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'ci-test-'));
let passed = 0;
let failed = 0;

function run(label, command, args, { capture = false } = {}) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: process.env });
  return result;
}

function check(label, command, args) {
  const ok = run(label, command, args).status === 0;
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✔' : '✘'} ${label}`);
  return ok;
}

function vitest(label, args) {
  const file = path.join(scratch, `${label.replace(/\W+/g, '-')}.json`);
  const result = run(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  try {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    // A file that failed with no failed test in it failed to run (an import or beforeAll error): count it once.
    const broken = (json.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    passed += json.numPassedTests;
    failed += json.numFailedTests + broken;
    console.log(`${label}: ${json.numPassedTests} passed, ${json.numFailedTests} failed, ${broken} files failed to run`);
  } catch {
    failed++;
    console.log(`✘ ${label}: no results (exit ${result.status})`);
  }
}

check('typecheck', 'npx', ['tsc', '--noEmit']);
check('lint and format (Biome)', 'npx', ['biome', 'ci', '.']);
const built = check('build (chrome-mv3 and firefox-mv3)', 'npm', ['run', 'build']);
if (built) {
  const lint = run(
    'web-ext lint (firefox-mv3)',
    'npx',
    ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--output', 'json', '--no-config-discovery'],
    { capture: true },
  );
  try {
    const summary = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))).summary;
    console.log(`web-ext lint: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.notices} notices`);
    if (summary.errors === 0) passed++;
    else failed++;
  } catch {
    failed++;
    console.log('✘ web-ext lint gave no summary');
  }
}
vitest('unit and data tests', []);
if (built) vitest('end-to-end tests (Chromium, Firefox ESR)', ['--config', 'tests/e2e/vitest.config.ts']);
else failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
