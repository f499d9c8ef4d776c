import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { baselineOf } from '../../src/findings/baseline.js';
import type { Finding } from '../../src/findings/types.js';
import { containerOf, exists, interruptCli, projectCopy, runAction, runCli, TODOBOX } from './helpers.js';

/**
 * The project's code must never decide the verdict. Each case is todobox with a sixth migration that
 * misbehaves the way app code does: exits, throws from a timer, leaves a rejection unhandled, spins,
 * prints, or takes the server down.
 */
const STEP = '20240401000000-misbehave.ts';

function misbehaving(up: string): string {
  return `import { QueryInterface, DataTypes } from 'sequelize';

module.exports = {
  async up(queryInterface: QueryInterface) {
    await queryInterface.createTable('misbehave', { id: { type: DataTypes.INTEGER, primaryKey: true } });
${up
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
  },
  async down(queryInterface: QueryInterface) {
    await queryInterface.dropTable('misbehave');
  },
};
`;
}

/** The project with the misbehaving migration, and the line of `marker` in it (1-based). */
function project(up: string, marker?: string): { dir: string; line: number | null } {
  const source = misbehaving(up);
  const dir = projectCopy(TODOBOX, { write: { [`migrations/${STEP}`]: source } });
  const index = marker ? source.split('\n').findIndex((line) => line.includes(marker)) : -1;
  return { dir, line: index === -1 ? null : index + 1 };
}

const CHAIN = ['--migrations', 'migrations/*.ts'];

interface Report {
  verdict: string;
  findings: (Finding & { file: string })[];
  steps: { name: string; up: { outcome: string }; log: string }[];
  coverage: { gaps: string[] };
}

const CASES = [
  {
    name: 'process.exit(0) inside up',
    up: 'process.exit(0);',
    marker: 'process.exit(0)',
    message: /the migration ended the process with code 0/,
  },
  {
    name: 'process.exit(0) from a timer after up resolved',
    up: 'setTimeout(() => process.exit(0), 50);',
    marker: 'process.exit(0)',
    message: /the migration ended the process with code 0/,
  },
  {
    name: 'an exception thrown from a timer',
    up: "setTimeout(() => {\n  throw new Error('late boom');\n});",
    marker: "throw new Error('late boom')",
    message: /late boom/,
  },
  {
    name: 'a rejected promise left unhandled',
    up: "void Promise.reject(new Error('unhandled boom'));",
    marker: 'unhandled boom',
    message: /unhandled boom/,
  },
] as const;

describe.each(inject('servers'))('the project’s code does not decide the verdict, on $image', ({ url }) => {
  it.each(CASES)('$name: exit 1, a migration-error on that step and line', async ({ up, marker, message }) => {
    const { dir, line } = project(up, marker);
    const run = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.verdict).toBe('fail');
    // however often the code runs (a timer fires after every up of the step), one defect, one finding
    const errors = report.findings.filter((finding) => finding.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'migration-error', migration: STEP, file: `migrations/${STEP}`, line });
    expect(errors[0]!.message).toMatch(message);
  });

  it('a module that spins while it loads: exit 2 after --step-timeout, naming what was loading', async () => {
    const dir = projectCopy(TODOBOX, { write: { [`migrations/${STEP}`]: 'for (;;) {}\nmodule.exports = {};\n' } });
    const run = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--step-timeout', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^migration-gate: the project's code did not finish within 3 s \(--step-timeout\) while the gate loaded the project \(.*misbehave\.ts\)$/m,
    );
  });

  it('a config module that calls process.exit(0): exit 2 naming it, never a pass', async () => {
    const dir = projectCopy(TODOBOX, {
      write: { 'migration-gate.config.js': "process.exit(0);\nmodule.exports = { migrations: 'migrations/*.ts' };\n" },
    });
    const run = await runCli(['check', '--cwd', dir, '--database-url', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `migration-gate.config.js:1 ended the process with code 0 while the gate read a config module`,
    );
  });

  it('a CPU-bound loop in up is stopped after --step-timeout: a timeout finding, the rest unchecked', async () => {
    const { dir } = project('for (;;) {}');
    const started = Date.now();
    const run = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--step-timeout', '3', '--json']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([
      expect.objectContaining({
        kind: 'migration-error',
        migration: STEP,
        message: expect.stringMatching(/timed out/),
      }),
    ]);
    expect(report.coverage.gaps).toEqual(['the up pass ran 5 of 6 migration(s)']);
  });

  it('what the code prints stays with its step: the JSON report on stdout stays valid', async () => {
    const { dir } = project("console.log('migrating misbehave');\nprocess.stdout.write('{not json');");
    const run = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.verdict).toBe('pass');
    expect(report.steps.at(-1)).toMatchObject({ name: STEP, log: expect.stringContaining('migrating misbehave\n') });
    expect(report.steps.at(-1)!.log).toContain('{not json');
    const text = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url]);
    expect(text.stdout).toContain(`  ${STEP}:\n    migrating misbehave\n    {not json`);
  });

  it('a baseline that holds a load-error never makes a chain that does not load pass', async () => {
    const dir = projectCopy(TODOBOX, { write: { [`migrations/${STEP}`]: 'module.exports = { up(: {} };\n' } });
    const first = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--json']);
    const findings = (JSON.parse(first.stdout) as Report).findings.map((finding) => ({
      ...finding,
      file: path.join(dir, finding.file),
    }));
    expect(findings.map((finding) => finding.kind)).toEqual(['load-error']);
    // a baseline written before the gate refused to write one over a gap
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify(baselineOf(findings)));
    const run = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--baseline', 'baseline.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Not checked: 1 migration\(s\) could not be loaded$/m);
    expect(run.stdout).toMatch(/^FAIL /m);
    const baseline = await runCli(['baseline', '--cwd', dir, ...CHAIN, '--database-url', url]);
    expect(baseline.code).toBe(1);
    expect(baseline.stderr).toContain('no baseline written: 1 migration(s) could not be loaded');
  });

  it.each(CASES)('through the action bundle, $name: exit 1 and the annotation on the line', async ({ up, marker }) => {
    const { dir, line } = project(up, marker);
    const run = await runAction(path.dirname(dir), {
      'working-directory': path.basename(dir),
      migrations: 'migrations/*.ts',
      'database-url': url,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    const errors = run.stdout.split('\n').filter((text) => text.startsWith('::error ') && text.includes('file='));
    expect(errors).toEqual([expect.stringContaining(`migrations/${STEP},line=${line}::`)]);
  });

  it('through the action bundle, a CPU-bound loop: a timeout annotation and a summary that says what went unchecked', async () => {
    const { dir } = project('for (;;) {}');
    const run = await runAction(path.dirname(dir), {
      'working-directory': path.basename(dir),
      migrations: 'migrations/*.ts',
      'database-url': url,
      'step-timeout': '3',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error .*timed out/m);
    expect(run.summary).toContain('> ⚠️ **Not checked:** the up pass ran 5 of 6 migration(s).');
  });

  it('through the action bundle, output: kept in the report with its step, out of the step log’s commands', async () => {
    const { dir } = project("console.log('::error::not from the gate');");
    const run = await runAction(path.dirname(dir), {
      'working-directory': path.basename(dir),
      migrations: 'migrations/*.ts',
      'database-url': url,
    });
    expect(run.code).toBe(0);
    // a workflow command printed by the project's code would otherwise annotate the pull request
    expect(run.stdout).not.toContain('::error::not from the gate');
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as Report;
    // printed by the up and again by the re-up
    expect(report.steps.at(-1)!.log).toBe('::error::not from the gate\n'.repeat(2));
  });

  it('through the action bundle, a baseline that holds a load-error: exit 1 and the gap in the summary', async () => {
    const dir = projectCopy(TODOBOX, { write: { [`migrations/${STEP}`]: 'module.exports = { up(: {} };\n' } });
    const first = await runCli(['check', '--cwd', dir, ...CHAIN, '--database-url', url, '--json']);
    const findings = (JSON.parse(first.stdout) as Report).findings.map((finding) => ({
      ...finding,
      file: path.join(dir, finding.file),
    }));
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify(baselineOf(findings)));
    const run = await runAction(path.dirname(dir), {
      'working-directory': path.basename(dir),
      migrations: 'migrations/*.ts',
      'database-url': url,
      baseline: 'baseline.json',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.summary).toContain('> ⚠️ **Not checked:** 1 migration(s) could not be loaded.');
  });
});

describe.each(inject('servers'))('the gate ends cleanly whatever the code does, on its own $image', ({ image }) => {
  it('the server stops mid-step: exit 2, where the run was, and what the server logged last', async () => {
    const { dir } = project("await queryInterface.sequelize.query('SHUTDOWN');");
    const run = await runCli(['check', '--cwd', dir, ...CHAIN, '--mysql-image', image]);
    expect(run.code).toBe(2);
    // MySQL answers SHUTDOWN before it goes: the next query of the step, or of the down after it, finds it gone
    expect(run.stderr).toMatch(new RegExp(`migration-gate: the database server stopped during (up|down) of ${STEP}`));
    expect(run.stderr).toMatch(/its last log lines:\n/);
    expect(exists(containerOf(run.stderr))).toBe(false);
  });

  it('through the action bundle, the server stops mid-step: exit 2 and the step named', async () => {
    const { dir } = project("await queryInterface.sequelize.query('SHUTDOWN');");
    const run = await runAction(path.dirname(dir), {
      'working-directory': path.basename(dir),
      migrations: 'migrations/*.ts',
      'mysql-image': image,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      new RegExp(`^::error::migration-gate: the database server stopped during (up|down) of ${STEP}`, 'm'),
    );
    expect(run.outputs.result).toBe('error');
  });

  it('SIGTERM during a CPU-bound step ends the run within seconds and removes the container', async () => {
    const { dir } = project('for (;;) {}');
    const run = await interruptCli(
      ['check', '--cwd', dir, ...CHAIN, '--mysql-image', image],
      `up 6/6 ${STEP}`,
      'SIGTERM',
    );
    expect(run.existed).toBe(true);
    expect(run.code).toBe(143);
    expect(run.ms).toBeLessThan(15_000);
    expect(exists(run.container)).toBe(false);
  });
});
