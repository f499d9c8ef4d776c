import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ROOT, TODOBOX, todoboxVariant } from './helpers.js';

interface ActionRun {
  code: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

/**
 * Runs the committed bundle exactly as the runner does: `node dist/index.js` with the inputs in INPUT_*
 * variables (hyphens kept, as in INPUT_MYSQL-IMAGE), GITHUB_WORKSPACE, and real summary and output files.
 */
function runAction(workspace: string, inputs: Record<string, string>): Promise<ActionRun> {
  const temp = mkdtempSync(path.join(tmpdir(), 'migration-gate-action-'));
  const summaryFile = path.join(temp, 'summary.md');
  const outputFile = path.join(temp, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: process.env.DOCKER_HOST,
    TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: temp,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'dist/index.js')], { env, maxBuffer: 16 << 20 }, (error, stdout) => {
      resolve({
        code: error ? Number(error.code) : 0,
        stdout,
        summary: readFileSync(summaryFile, 'utf8'),
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
      });
    });
  });
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return outputs;
}

const REPOSITORY = path.dirname(TODOBOX);

describe.each(inject('servers'))('the action bundle on $image', ({ image }) => {
  const inputs = { migrations: 'migrations/*.ts', model: 'models/', 'mysql-image': image };

  it('passes the correct example: exit 0, summary, outputs, report', async () => {
    const run = await runAction(REPOSITORY, { ...inputs, 'working-directory': 'todobox' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', errors: '0', warnings: '0' });
    expect(JSON.parse(readFileSync(run.outputs.report!, 'utf8'))).toMatchObject({ verdict: 'pass' });
    expect(run.summary).toMatch(/^## ✅ migration-gate passed: 5 migrations, 1 tables compared/m);
    expect(run.summary).toMatch(/\| 5 \| `20240320130000-d1f2e3c4b5a6-ensure-api-token.ts` \| ✅ \| ✅ \| ✅ \|/);
    expect(run.stdout).toMatch(/^::group::Replay up, down, up$/m);
    expect(run.stdout).not.toMatch(/^::error/m);
  });

  const broken: { variant: string; file: string; kind: string }[] = [
    { variant: 'outage', file: 'models/user.ts', kind: 'drift' },
    {
      variant: 'down-mismatch',
      file: 'migrations/20240212100000-366e5694a9ad-oauth-columns.ts',
      kind: 'down-mismatch',
    },
    { variant: 'irreversible', file: 'migrations/20240301110000-3e5106ee570c-api-token.ts', kind: 'irreversible' },
    {
      variant: 'migration-error',
      file: 'migrations/20240315120000-c682ef478e45-drop-token-created-at.ts',
      kind: 'migration-error',
    },
  ];

  it.each(broken)(
    'fails $variant with ::error on $file, relative to the repository root',
    async ({ variant, file, kind }) => {
      const project = todoboxVariant(variant);
      const repository = path.dirname(project);
      const run = await runAction(repository, { ...inputs, 'working-directory': path.basename(project) });
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ result: 'fail', errors: '1' });
      const expectedFile = `${path.basename(project)}/${file}`;
      const annotation = run.stdout.split('\n').find((line) => line.startsWith('::error '));
      expect(annotation).toBeDefined();
      expect(annotation).toContain(`file=${expectedFile}`);
      expect(annotation).toMatch(/line=\d+/);
      // the runner decodes %3A back to ":" in the title
      expect(annotation).toContain(`title=migration-gate%3A ${kind}`);
      expect(run.summary).toMatch(/^## ❌ migration-gate failed: 1 error\(s\)/m);
    },
  );

  it('masks the database password in the logs', async () => {
    const run = await runAction(REPOSITORY, { ...inputs, 'working-directory': 'todobox' });
    const masked = run.stdout.match(/^::add-mask::(.+)$/m);
    expect(masked).not.toBeNull();
    expect(
      run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(masked![1]);
  });
});

describe('the action bundle with bad input', () => {
  it('exits 2 with one message naming the input, and a summary', async () => {
    const run = await runAction(REPOSITORY, {
      migrations: 'nothing/*.ts',
      'working-directory': 'todobox',
      model: 'models/',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error::migration-gate: --migrations 'nothing\/\*\.ts' matched no migration/m);
    expect(run.summary).toMatch(/migration-gate could not run/);
  });
});
