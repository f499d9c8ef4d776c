import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { CheckResult } from '../../src/check.js';
import { branch, GitProject, migration } from './git.js';
import { kinds, relative, ROOT, runCheck, runCli, todoboxVariant } from './helpers.js';

const MIGRATIONS = 'migrations/*.{ts,js}';
const OAUTH = 'migrations/20240212100000-366e5694a9ad-oauth-columns.ts';
const ENSURE = 'migrations/20240320130000-d1f2e3c4b5a6-ensure-api-token.ts';
const NEXT = 'migrations/20240401000000-add-nickname.js';
const ADD_NICKNAME = migration(
  `    await queryInterface.addColumn('user', 'nickname', { type: Sequelize.STRING(40), allowNull: true });`,
  `    await queryInterface.removeColumn('user', 'nickname');`,
);

/** Rows for todobox's user table after its released chain (all five migrations). */
const SEED_SQL = `INSERT INTO \`user\` (username, email, fullname, password_hash, api_token) VALUES
  ('ann', 'ann@example.com', 'Ann Example', 'hash-a', 'token-a'),
  ('bob', 'bob@example.com', 'Bob Example', NULL, NULL),
  ('cy', 'cy@example.com', NULL, NULL, 'token-c');
`;

function findingsOf(result: CheckResult, kind: string) {
  return result.findings.filter((finding) => finding.kind === kind);
}

describe.each(inject('servers'))('history against the base commit on $image', ({ url }) => {
  const check = (project: GitProject, options: Record<string, string> = {}) =>
    runCheck(url, { cwd: project.dir, migrations: MIGRATIONS, base: 'main', ...options });

  it('passes a new migration that sorts last, and the upgrade path matches a fresh database', async () => {
    const project = branch((p) => p.write(NEXT, ADD_NICKNAME));
    const result = await check(project);
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.history?.history?.added).toEqual(['20240401000000-add-nickname.js']);
    expect(result.history?.history?.released).toHaveLength(5);
    expect(result.history?.upgrade).toMatchObject({ released: 5, added: 1, failed: false });
  });

  it('fails an edited released migration with its diff stat, and the upgraded database that differs', async () => {
    const project = branch((p) => p.edit(OAUTH, 'STRING(50)', 'STRING(80)'));
    const result = await check(project);
    const [edited] = findingsOf(result, 'edited-migration');
    expect(edited).toMatchObject({ severity: 'error', line: 6, migration: path.basename(OAUTH) });
    expect(edited!.message).toContain('(+1 −1 lines)');
    expect(relative(result, edited!)).toBe(OAUTH);
    const [upgrade] = findingsOf(result, 'upgrade-mismatch');
    expect(upgrade).toMatchObject({ severity: 'error', table: 'user', column: 'oauth_provider', line: 6 });
    expect(upgrade!.message).toContain('fresh database varchar(80), upgraded database varchar(50)');
    expect(upgrade!.message).toContain(`edited ${path.basename(OAUTH)}`);
    expect(result.verdict).toBe('fail');
  });

  it('warns, and passes, when a released migration changed only in whitespace and line endings', async () => {
    const project = branch((p) => p.write(OAUTH, p.read(OAUTH).replace(/\n/g, '\r\n').replace(/ {2}/g, '\t')));
    const result = await check(project);
    expect(kinds(result, 'error')).toEqual([]);
    expect(kinds(result, 'warning')).toEqual(['edited-migration']);
    expect(result.findings[0]!.message).toContain('whitespace or line endings only');
    expect(result.verdict).toBe('pass');
  });

  it('fails a deleted released migration, on the file where it was', async () => {
    const project = branch((p) => p.remove(ENSURE));
    const result = await check(project);
    expect(kinds(result)).toEqual(['deleted-migration']);
    expect(relative(result, result.findings[0]!)).toBe(ENSURE);
  });

  it('fails a released migration renamed: umzug would run it again under its new name', async () => {
    const renamed = 'migrations/20240501000000-d1f2e3c4b5a6-ensure-api-token.ts';
    const project = branch((p) => p.rename(ENSURE, renamed));
    const result = await check(project);
    expect(kinds(result)).toEqual(['renamed-migration']);
    expect(result.findings[0]!.message).toContain(`released migration ${path.basename(ENSURE)} renamed`);
    expect(relative(result, result.findings[0]!)).toBe(renamed);
  });

  it('fails a new migration that sorts before the newest released one', async () => {
    const early = 'migrations/20240201000000-add-nickname.js';
    const project = branch((p) => p.write(early, ADD_NICKNAME));
    const result = await check(project);
    expect(kinds(result)).toEqual(['out-of-order']);
    expect(relative(result, result.findings[0]!)).toBe(early);
    expect(result.findings[0]!.message).toContain(`sorts before the released ${path.basename(ENSURE)}`);
    // the upgraded database has the column last: reported, as column order, not as an error
    expect(kinds(result, 'warning')).toEqual(['column-order']);
  });

  it('fails a new migration with the same ordering prefix as a released one', async () => {
    const twin = 'migrations/20240320130000-add-nickname.js';
    const project = branch((p) => p.write(twin, ADD_NICKNAME));
    const result = await check(project);
    expect(kinds(result)).toContain('duplicate');
    expect(result.findings.find((finding) => finding.kind === 'duplicate')!.message).toContain('20240320130000');
  });

  it('fails a new migration that runs on a fresh database but not on one upgraded from the base', async () => {
    const project = branch((p) => {
      // the released migration now also adds oauth_scope, which the new one widens: fine from empty,
      // but production ran the old version and has no oauth_scope
      p.edit(
        OAUTH,
        "await queryInterface.addColumn('user', 'oauth_id', { type: Sequelize.STRING(255), allowNull: true });",
        "await queryInterface.addColumn('user', 'oauth_id', { type: Sequelize.STRING(255), allowNull: true });\n    await queryInterface.addColumn('user', 'oauth_scope', { type: Sequelize.STRING(20), allowNull: true });",
      );
      p.edit(
        OAUTH,
        "await queryInterface.removeColumn('user', 'oauth_id');",
        "await queryInterface.removeColumn('user', 'oauth_scope');\n    await queryInterface.removeColumn('user', 'oauth_id');",
      );
      p.write(
        NEXT,
        migration(
          `    await queryInterface.changeColumn('user', 'oauth_scope', { type: Sequelize.STRING(200), allowNull: true });`,
          `    await queryInterface.changeColumn('user', 'oauth_scope', { type: Sequelize.STRING(20), allowNull: true });`,
        ),
      );
    });
    const result = await check(project);
    const [failure] = findingsOf(result, 'upgrade-error');
    expect(failure).toMatchObject({ severity: 'error', migration: path.basename(NEXT), direction: 'up' });
    expect(relative(result, failure!)).toBe(NEXT);
    expect(failure!.message).toMatch(/fails on a database upgraded from [0-9a-f]{7}, though it runs on a fresh one/);
    expect(kinds(result)).toContain('edited-migration');
  });

  it('treats every migration as new when the base has none', async () => {
    const project = new GitProject();
    project.git('rm', '-q', '-r', 'migrations');
    project.commit('no migrations yet');
    project.git('checkout', '-q', '-b', 'feature', 'HEAD~1');
    const result = await runCheck(url, { cwd: project.dir, migrations: MIGRATIONS, base: 'main' });
    // all five are new, so their safety is probed too; the column one drops another of them created, so
    // nothing production holds is destroyed
    expect(result.probe?.steps).toBe(5);
    expect(result.probe?.statements.some((statement) => /token_created_at/.test(statement.sql))).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.history?.history).toMatchObject({ released: [], changes: [] });
    expect(result.history?.history?.added).toHaveLength(5);
  });

  it('checks that seeded rows survive the new migrations, charging each loss to its migration', async () => {
    const purge = 'migrations/20240402000000-purge.js';
    const rename = 'migrations/20240403000000-rename-fullname.js';
    const widen = 'migrations/20240404000000-widen-username.js';
    const project = branch((p) => {
      p.write('seed.sql', SEED_SQL);
      p.write(
        purge,
        migration(
          "    await queryInterface.sequelize.query(\"DELETE FROM `user` WHERE username = 'cy'\");\n    await queryInterface.sequelize.query('UPDATE `user` SET email = LEFT(email, 3)');",
          '',
        ),
      );
      p.write(
        rename,
        migration(
          "    await queryInterface.removeColumn('user', 'fullname');\n    await queryInterface.addColumn('user', 'display_name', { type: Sequelize.STRING(100) });",
          "    await queryInterface.removeColumn('user', 'display_name');\n    await queryInterface.addColumn('user', 'fullname', { type: Sequelize.STRING(100) });",
        ),
      );
      // a type change that keeps every value is no loss
      p.write(
        widen,
        migration(
          "    await queryInterface.changeColumn('user', 'username', { type: Sequelize.STRING(128), allowNull: false });",
          "    await queryInterface.changeColumn('user', 'username', { type: Sequelize.STRING(64), allowNull: false });",
        ),
      );
    });
    const result = await check(project, { seed: 'seed.sql' });
    const losses = findingsOf(result, 'data-loss').map((finding) => [relative(result, finding), finding.message]);
    expect(losses).toEqual([
      [
        purge,
        expect.stringContaining("changes 2 of 2 seeded value(s) of user.email, e.g. 'ann@example.com' became 'ann'"),
      ],
      [purge, expect.stringContaining('loses 1 of 3 seeded row(s) of user')],
      [rename, expect.stringContaining('drops user.fullname (2 value(s)) and adds user.display_name without them')],
    ]);
    expect(result.history?.data).toMatchObject({
      after: path.basename(ENSURE),
      tables: [{ table: 'user', seeded: 3, final: 2 }],
    });
  });

  it('reports a type change that cuts seeded values as a failure of that migration on the upgrade path', async () => {
    const narrow = 'migrations/20240401000000-narrow-email.js';
    const project = branch((p) => {
      p.write('seed.sql', SEED_SQL);
      p.write(
        narrow,
        migration(
          "    await queryInterface.changeColumn('user', 'email', { type: Sequelize.STRING(5), allowNull: false });",
          "    await queryInterface.changeColumn('user', 'email', { type: Sequelize.STRING(120), allowNull: false });",
        ),
      );
    });
    const result = await check(project, { seed: 'seed.sql' });
    const [failure] = findingsOf(result, 'upgrade-error');
    expect(relative(result, failure!)).toBe(narrow);
    expect(failure!.message).toContain('with the seeded rows');
    expect(failure!.message).toMatch(/Data too long|Data truncated/);
  });

  it('seeds a chain without a base after the named migration, from a sequelize-cli seeder module', async () => {
    const project = new GitProject();
    project.write(
      'seeders/users.js',
      `module.exports = {
  async up(queryInterface) {
    await queryInterface.bulkInsert('user', [
      { username: 'ann', email: 'ann@example.com' },
      { username: 'bob', email: 'bob@example.com' },
    ]);
  },
};
`,
    );
    const result = await runCheck(url, {
      cwd: project.dir,
      migrations: MIGRATIONS,
      seed: 'seeders/users.js',
      seedAfter: '20240105090000-6793349c088c-initial',
    });
    expect(result.findings).toEqual([]);
    expect(result.history?.data).toMatchObject({
      after: '20240105090000-6793349c088c-initial.ts',
      tables: [{ table: 'user', seeded: 2, final: 2 }],
      losses: [],
    });
    expect(result.history?.base).toBeNull();
  });
});

describe('history through the CLI and the action', () => {
  const { image, url } = inject('servers')[0]!;

  it('shows history, upgrade path and data in the text report and the JSON report', async () => {
    const project = new GitProject();
    project.git('checkout', '-q', '-b', 'feature');
    project.edit(OAUTH, 'STRING(50)', 'STRING(80)');
    project.write('seed.sql', SEED_SQL);
    project.write(NEXT, ADD_NICKNAME);
    const args = ['check', '--cwd', project.dir, '--migrations', MIGRATIONS, '--database-url', url];
    const text = await runCli([...args, '--base', 'main', '--seed', 'seed.sql']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /Since main \([0-9a-f]{7}\): 5 released migration\(s\), 1 new; .*oauth-columns\.ts edited \(\+1 −1\)/,
    );
    expect(text.stdout).toMatch(
      /Upgrade path: the base's 5 migration\(s\), then 1 new, in [\d.]+ s: differs from a fresh database/,
    );
    expect(text.stdout).toContain(
      'Seed seed.sql after 20240320130000-d1f2e3c4b5a6-ensure-api-token.ts: rows user 3 → 3',
    );
    expect(text.stdout).toMatch(/:6 error edited-migration: /);
    const json = await runCli([...args, '--base', 'main', '--seed', 'seed.sql', '--json']);
    const report = JSON.parse(json.stdout) as {
      history: { history: { changes: { kind: string; file: string }[] }; data: { seed: string } };
    };
    expect(report.history.history.changes).toEqual([expect.objectContaining({ kind: 'edited', file: OAUTH })]);
    expect(report.history.data.seed).toBe('seed.sql');
  });

  it('gives one clear message and exit code 2 for a base that does not exist, or a directory outside git', async () => {
    const project = new GitProject();
    const args = ['check', '--cwd', project.dir, '--migrations', MIGRATIONS, '--database-url', url];
    const missing = await runCli([...args, '--base', 'no-such-branch']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--base no-such-branch is not a commit of');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const option = await runCli([...args, '--base=--upload-pack=touch /tmp/x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('is not a git ref');
    const outside = mkdtempSync(path.join(tmpdir(), 'migration-gate-nogit-'));
    writeFileSync(path.join(outside, 'x.sql'), 'CREATE TABLE t (id INT PRIMARY KEY);');
    const noRepo = await runCli([
      'check',
      '--cwd',
      outside,
      '--migrations',
      '*.sql',
      '--base',
      'main',
      '--mysql-image',
      image,
    ]);
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toContain('--base needs a git repository');
    const noStep = await runCli([...args, '--seed', 'package.json']);
    expect(noStep.code).toBe(2);
    expect(noStep.stderr).toContain('--seed needs --seed-after <migration>');
    project.write('bad-seed.sql', 'INSERT INTO no_such_table VALUES (1);');
    const badSeed = await runCli([...args, '--base', 'main', '--seed', 'bad-seed.sql']);
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toMatch(/--seed .*bad-seed\.sql failed: .*no_such_table/);
  });

  it('the action defaults to the pull request base from the event, fetching it into a shallow checkout', async () => {
    const origin = new GitProject();
    const baseSha = origin.git('rev-parse', 'HEAD');
    origin.edit(OAUTH, 'STRING(50)', 'STRING(80)');
    origin.write(NEXT, ADD_NICKNAME);
    origin.commit('the pull request');
    // actions/checkout: one commit, the base not in it
    const workspace = mkdtempSync(path.join(ROOT, 'test/.tmp/checkout-'));
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, workspace]);
    execFileSync('ln', ['-s', path.join(ROOT, 'node_modules'), path.join(workspace, 'node_modules')]);
    expect(() =>
      execFileSync('git', ['cat-file', '-e', `${baseSha}^{commit}`], { cwd: workspace, stdio: 'ignore' }),
    ).toThrow();
    const event = path.join(workspace, '..', `${path.basename(workspace)}-event.json`);
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: baseSha } } }));
    const summary = path.join(workspace, '..', `${path.basename(workspace)}-summary.md`);
    writeFileSync(summary, '');
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [path.join(ROOT, 'dist/index.js')], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: workspace,
          GITHUB_EVENT_PATH: event,
          GITHUB_STEP_SUMMARY: summary,
          RUNNER_TEMP: path.dirname(workspace),
          INPUT_MIGRATIONS: MIGRATIONS,
          'INPUT_MYSQL-IMAGE': image,
        },
      });
    } catch (error) {
      stdout = (error as { stdout: string }).stdout;
      expect((error as { status: number }).status).toBe(1);
    }
    expect(stdout).toMatch(
      new RegExp(
        `::error title=migration-gate%3A edited-migration,file=${OAUTH.replace(/\./g, '\\.')},line=6::released migration`,
      ),
    );
    expect(stdout).toContain('::error title=migration-gate%3A upgrade-mismatch');
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('### Baseline, history and data');
    expect(markdown).toContain(`Since ${baseSha.slice(0, 7)}: `);
  });
});

describe.each(inject('servers'))('--new-only against the base commit on $image', ({ url }) => {
  it('fails only on the finding the pull request introduces, and knows the base commit own ones', async () => {
    // the base already carries the outage's drift (user.api_token): an old, known defect
    const project = new GitProject(todoboxVariant('outage'));
    project.git('checkout', '-q', '-b', 'feature');
    project.write(
      'migrations/20240401000000-drop-fullname.ts',
      migration(
        "    await queryInterface.removeColumn('user', 'fullname');",
        "    await queryInterface.addColumn('user', 'fullname', { type: Sequelize.STRING(100), allowNull: true });",
      ),
    );
    project.commit('the pull request');
    const options = { cwd: project.dir, migrations: MIGRATIONS, model: 'models/', base: 'main' };
    const all = await runCheck(url, options);
    expect(kinds(all).filter((kind) => kind === 'drift')).toHaveLength(2);
    const result = await runCheck(url, { ...options, newOnly: true });
    const errors = result.findings.filter((finding) => finding.severity === 'error');
    expect(errors).toMatchObject([{ kind: 'drift', column: 'fullname' }]);
    expect(relative(result, errors[0]!)).toBe('models/user.ts');
    const known = result.findings.filter((finding) => finding.known);
    expect(known).toMatchObject([{ kind: 'drift', column: 'api_token', severity: 'notice' }]);
    expect(known[0]!.message).toMatch(/\(known: in the base commit [0-9a-f]{7}\)$/);
    expect(result.baseline).toMatchObject({ known: 1, fixed: [] });
  });
});
