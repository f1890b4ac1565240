import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShard } from '@/lib/batch/shard.mjs';

/**
 * The recipes in docs/deploy/ are not run here: building the image needs a base image from a registry this machine
 * cannot reach, and the workflow and the Job need GitHub and a cluster (docs/deploy.md says so). What can be checked
 * is checked: they parse, they install and run what the repository has, and every CLI option they pass exists.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const cli = (...args: string[]) => execFileSync(process.execPath, ['lib/cli/audit.mjs', ...args], { cwd: root, encoding: 'utf8' });
/** A GitHub Actions expression, `${{ x }}`, spelled so no linter takes it for a template placeholder. */
const gh = (expression: string) => `\${{ ${expression} }}`;
const BATCH_OPTIONS = optionsIn(cli('--urls', 'x', '--help'));
const MERGE_OPTIONS = optionsIn(cli('merge', '--help'));

function optionsIn(text: string): Set<string> {
  return new Set(text.match(/--[a-z][a-z-]*/g) ?? []);
}

/** The `--options` of each `node lib/cli/audit.mjs …` command in a shell text, as batch or merge commands. */
function cliCommands(shell: string): { merge: boolean; options: string[] }[] {
  return [...shell.matchAll(/node lib\/cli\/audit\.mjs([^&\n]*)/g)].map(([, rest = '']) => ({
    merge: /^\s*merge\b/.test(rest),
    options: rest.match(/(?<=\s)--[a-z][a-z-]*/g) ?? [],
  }));
}

function expectKnownOptions(shell: string) {
  const commands = cliCommands(shell);
  expect(commands.length).toBeGreaterThan(0);
  for (const { merge, options } of commands) {
    const known = merge ? MERGE_OPTIONS : BATCH_OPTIONS;
    expect(
      options.filter((o) => !known.has(o)),
      shell,
    ).toEqual([]);
  }
}

type Step = { name?: string; if?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Workflow = { jobs: Record<string, { needs?: string; container?: string; strategy?: { matrix: { shard: number[] } }; steps: Step[] }> };
type K8sJob = {
  kind: string;
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: { spec: { containers: { command: string[]; args: string[]; env?: { name: string; value: string }[]; volumeMounts: { mountPath: string }[] }[] } };
  };
};

describe('docs/deploy/Dockerfile', () => {
  const dockerfile = read('docs/deploy/Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => /^[A-Z]+\s/.test(line));

  it("starts from Debian and installs Debian's Chromium and Firefox ESR, and Node.js", () => {
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual([expect.stringMatching(/^FROM debian:[a-z]+(-slim)?$/)]);
    const install = instructions.find((line) => /apt-get install/.test(line)) ?? '';
    for (const pkg of ['chromium', 'firefox-esr', 'nodejs', 'npm']) expect(install.split(/\s+/)).toContain(pkg);
  });

  it('copies only what exists, installs with npm ci, builds the extension for both browsers, runs as a user', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY '))) {
      const sources = line
        .split(/\s+/)
        .slice(1, -1)
        .filter((word) => !word.startsWith('--'));
      for (const source of sources) expect(existsSync(path.join(root, source)), source).toBe(true);
    }
    expect(instructions).toContain('RUN npm ci --no-audit --no-fund');
    expect(instructions).toContain('RUN npm run build');
    const build = JSON.parse(read('package.json')).scripts.build as string;
    expect(build).toMatch(/wxt build(?! -b)/);
    expect(build).toContain('wxt build -b firefox');
    expect(instructions.filter((l) => l.startsWith('USER ')).at(-1)).not.toMatch(/root|\b0\b/);
  });

  it('runs the CLI as its entry point', () => {
    expect(instructions).toContain('ENTRYPOINT ["node", "lib/cli/audit.mjs"]');
    expect(existsSync(path.join(root, 'lib/cli/audit.mjs'))).toBe(true);
  });
});

describe('docs/deploy/github-actions-audit.yml', () => {
  const workflow = yaml.load(read('docs/deploy/github-actions-audit.yml')) as Workflow;
  const audit = workflow.jobs.audit;
  const merge = workflow.jobs.merge;

  it('audits shards 1..N of a matrix, each with --shard I/N from the matrix and its size', () => {
    const shards = audit?.strategy?.matrix.shard ?? [];
    expect(shards.length).toBeGreaterThan(1);
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    const step = audit?.steps.find((s) => s.run?.includes('node lib/cli/audit.mjs'));
    expect(step?.env?.SHARD).toBe(`${gh('matrix.shard')}/${gh('strategy.job-total')}`);
    expect(step?.run).toContain('--shard "$SHARD"');
    // What the expression gives for each job is a shard the CLI takes, and together they cover 1..N once.
    const given = shards.map((shard) => parseShard(`${shard}/${shards.length}`));
    expect(given.map((g) => g.ok && g.shard.index)).toEqual(shards);
    expect(audit?.container).toMatch(/^debian:/);
    expectKnownOptions(step?.run ?? '');
  });

  it('uploads each shard and merges every one of them with options the CLI has', () => {
    const upload = audit?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.name).toBe(`audit-shard-${gh('matrix.shard')}`);
    expect(merge?.needs).toBe('audit');
    const download = merge?.steps.find((s) => s.uses?.startsWith('actions/download-artifact'));
    expect(download?.with).toMatchObject({ pattern: 'audit-shard-*', path: 'shards' });
    const run = merge?.steps.find((s) => s.run?.includes(' merge '))?.run ?? '';
    for (const format of ['html', 'csv', 'json']) expect(run).toContain(`merge shards/audit-shard-*/ --out summary.${format}`);
    expectKnownOptions(run);
    // A summary without a shard's pages is not passed off as complete.
    expect(merge?.steps.at(-1)).toMatchObject({ if: "needs.audit.result != 'success'", run: expect.stringContaining('exit 1') });
  });
});

describe('docs/deploy/k8s-indexed-job.yaml', () => {
  const job = yaml.load(read('docs/deploy/k8s-indexed-job.yaml')) as K8sJob;
  const container = job.spec.template.spec.containers[0];
  const shards = Number(container?.env?.find((e) => e.name === 'SHARDS')?.value);

  it('is an Indexed Job of N completions whose SHARDS is N', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(shards);
    expect(job.spec.parallelism).toBe(shards);
    expect(container?.volumeMounts.map((m) => m.mountPath)).toContain('/dev/shm');
  });

  it('turns JOB_COMPLETION_INDEX 0..N-1 into --shard 1/N..N/N and a directory per shard (run by sh)', () => {
    expect(container?.command).toEqual(['/bin/sh', '-c']);
    const script = container?.args[0] ?? '';
    expectKnownOptions(script);
    // The Job's own command, with `node` replaced by a function that prints its arguments one per line.
    const printing = `node() { shift; for a in "$@"; do printf '%s\\n' "$a"; done; }; ${script.replace(/^exec node/, 'node')}`;
    const runs = Array.from({ length: shards }, (_, index) => {
      const argv = execFileSync('/bin/sh', ['-c', printing], { env: { JOB_COMPLETION_INDEX: String(index), SHARDS: String(shards) }, encoding: 'utf8' }).split(
        '\n',
      );
      return { shard: argv[argv.indexOf('--shard') + 1] ?? '', dir: argv[argv.indexOf('--out-dir') + 1] ?? '' };
    });
    expect(runs.map((r) => r.shard)).toEqual(Array.from({ length: shards }, (_, i) => `${i + 1}/${shards}`));
    for (const run of runs) expect(parseShard(run.shard).ok).toBe(true);
    expect(new Set(runs.map((r) => r.dir)).size).toBe(shards);
  });

  it('has a merge Job that reads every shard directory', () => {
    const mergeJob = yaml.load(read('docs/deploy/k8s-merge-job.yaml')) as K8sJob;
    const script = mergeJob.spec.template.spec.containers[0]?.args[0] ?? '';
    expect(script).toContain('merge /results/shard-*/');
    expectKnownOptions(script);
  });
});
