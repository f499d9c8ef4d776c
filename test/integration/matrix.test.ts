import { describe, expect, inject, it } from 'vitest';
import { runCli, TODOBOX, todoboxVariant } from './helpers.js';

const servers = inject('servers');
const mysql = servers.find((server) => server.flavor === 'mysql');
const mariadb = servers.find((server) => server.flavor === 'mariadb');
const CHAIN = ['--migrations', 'migrations/*.ts', '--model', 'models/'];
const API_TOKEN = 'migrations/20240301110000-3e5106ee570c-api-token.ts';

interface Report {
  verdict: string;
  engines: { image: string; label: string; verdict: string; errors: number; steps: { up: { outcome: string } }[] }[];
  findings: { kind: string; file: string | null; message: string; engines: string[] }[];
  coverage: { gaps: string[] };
}

// Each check here starts a container of each image, at once, as a user's `--mysql-image a,b` does.
describe('a check on several engines at once (--mysql-image a,b)', () => {
  if (!mysql || !mariadb)
    throw new Error('the engine matrix needs a MySQL and a MariaDB image in MIGRATION_GATE_TEST_IMAGES');
  const images = `${mysql.image},${mariadb.image}`;

  it('passes the example on both: a verdict per engine, one report', async () => {
    const run = await runCli(['check', '--cwd', TODOBOX, ...CHAIN, '--mysql-image', images]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^migration-gate on 2 servers/m);
    expect(run.stdout).toMatch(
      new RegExp(`^PASS  MySQL [\\d.]+ \\(${escape(mysql.image)}\\): 0 error\\(s\\).*5 of 5 steps ok`, 'm'),
    );
    expect(run.stdout).toMatch(
      new RegExp(`^PASS  MariaDB [\\d.]+ \\(${escape(mariadb.image)}\\): 0 error\\(s\\).*5 of 5 steps ok`, 'm'),
    );
    expect(run.stdout).not.toMatch(/works on/);
    expect(run.stdout).toMatch(/^PASS {2}0 error\(s\), 0 warning\(s\); 5 migration\(s\)/m);
    // each engine's progress is named by its image
    expect(run.stderr).toMatch(new RegExp(`^  \\[${escape(mariadb.image)}\\] server: .*MariaDB`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^  \\[${escape(mysql.image)}\\] server: `, 'm'));
  });

  it('fails when only MariaDB fails, and says so first: the finding is tagged with the engine, the exit code fails', async () => {
    const run = await runCli([
      'check',
      '--cwd',
      todoboxVariant('mysql-only'),
      ...CHAIN,
      '--mysql-image',
      images,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.verdict).toBe('fail');
    expect(report.engines.map((engine) => [engine.image, engine.verdict])).toEqual([
      [mysql.image, 'pass'],
      [mariadb.image, 'fail'],
    ]);
    expect(report.engines[0]!.steps.every((step) => step.up.outcome === 'ok')).toBe(true);
    expect(report.engines[1]!.steps.map((step) => step.up.outcome)).toEqual([
      'ok',
      'ok',
      'failed',
      'skipped',
      'skipped',
    ]);
    const error = report.findings.find((finding) => finding.kind === 'migration-error');
    expect(error).toMatchObject({ file: API_TOKEN, engines: [mariadb.image] });
    expect(error!.message).toMatch(/sql_require_primary_key/);
    // nothing went wrong on MySQL: every finding, and every gap, is MariaDB's alone
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => finding.engines.join() === mariadb.image)).toBe(true);
    expect(report.coverage.gaps.length).toBeGreaterThan(0);
    expect(report.coverage.gaps.every((gap) => / \(only on MariaDB [\d.]+\)$/.test(gap))).toBe(true);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
