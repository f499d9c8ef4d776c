import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { projectCopy, runCli, TODOBOX, todoboxVariant } from './helpers.js';

interface Report {
  verdict: string;
  findings: { kind: string; severity: string; known?: boolean; file: string; line: number }[];
  notes: string[];
  baseline: { known: number; fixed: unknown[] } | null;
}

describe.each(inject('servers'))('adopting the gate with a baseline on $image', ({ url }) => {
  const args = (dir: string, ...more: string[]) => [
    '--cwd',
    dir,
    '--migrations',
    'migrations/*.ts',
    '--model',
    'models/',
    '--database-url',
    url,
    ...more,
  ];

  it('passes with the known drift, fails on exactly the new one, and says when known ones are fixed', async () => {
    // the outage chain: its drift is the old, known one
    const dir = todoboxVariant('outage');
    const written = await runCli(['baseline', ...args(dir)]);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('wrote .migration-gate/baseline.json: 1 known finding(s)');
    const baseline = JSON.parse(readFileSync(path.join(dir, '.migration-gate/baseline.json'), 'utf8')) as {
      findings: { kind: string; table: string; object: string }[];
    };
    expect(baseline.findings).toMatchObject([{ kind: 'drift', table: 'user', object: 'api_token' }]);

    const known = JSON.parse((await runCli(['check', ...args(dir, '--json')])).stdout) as Report;
    expect(known.verdict).toBe('pass');
    expect(known.findings).toMatchObject([{ kind: 'drift', severity: 'notice', known: true }]);
    expect(known.baseline).toMatchObject({ known: 1, fixed: [] });

    // a new migration removes a column the model has: one new finding, on the model's line
    writeFileSync(
      path.join(dir, 'migrations/20240401000000-drop-fullname.ts'),
      `module.exports = {
  async up(queryInterface: any) {
    await queryInterface.removeColumn('user', 'fullname');
  },
  async down(queryInterface: any, Sequelize: any) {
    await queryInterface.addColumn('user', 'fullname', { type: Sequelize.STRING(100), allowNull: true });
  },
};
`,
    );
    const added = await runCli(['check', ...args(dir, '--json')]);
    expect(added.code).toBe(1);
    const report = JSON.parse(added.stdout) as Report;
    const failing = report.findings.filter((finding) => finding.severity === 'error');
    expect(failing).toMatchObject([{ kind: 'drift', file: 'models/user.ts' }]);
    expect(report.findings.filter((finding) => finding.known)).toHaveLength(1);

    // on the repaired chain the old drift is gone: the baseline entry is reported as fixed
    const fixedDir = projectCopy(TODOBOX);
    writeFileSync(
      path.join(fixedDir, 'migration-gate.config.json'),
      JSON.stringify({ baseline: path.join(dir, '.migration-gate/baseline.json') }),
    );
    const text = await runCli(['check', ...args(fixedDir)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('0 known finding(s) reported as notices, 1 fixed (drift user.api_token)');
    expect(text.stdout).toContain('no longer occur: run `migration-gate baseline` to shrink it');
  });

  it('refuses a named baseline that does not exist, or is not a baseline', async () => {
    const dir = todoboxVariant('outage');
    const missing = await runCli(['check', ...args(dir, '--baseline', 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--baseline nope.json does not exist: write it with migration-gate baseline');
    writeFileSync(path.join(dir, 'other.json'), '{"tables": {}}');
    const wrong = await runCli(['check', ...args(dir, '--baseline', 'other.json')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a migration-gate baseline');
  });
});
