import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { GitProject, migration } from './git.js';
import { projectCopy, runAction, TODOBOX, todoboxVariant, type ActionRun } from './helpers.js';

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
  /** The one ::error line of a run that could not start. */
  const errorLine = (run: ActionRun) => run.stdout.split('\n').filter((line) => line.startsWith('::error'));

  // Each names the action input, as action.yml spells it, and never a CLI flag (`--seed`).
  it.each([
    ['migrations', { migrations: 'nothing/*.ts' }, "migrations 'nothing/*.ts' matched no migration in "],
    ['seed', { seed: 'does-not-exist.sql' }, 'seed does-not-exist.sql does not exist (relative to '],
    ['seed-after', { 'seed-after': '001-a' }, 'seed-after needs seed <file>'],
    ['config', { config: 'missing.json' }, 'config missing.json does not exist'],
    ['base', { base: '-upload-pack=x' }, 'base -upload-pack=x is not a git ref'],
    ['step-timeout', { 'step-timeout': 'soon' }, 'step-timeout must be a positive duration'],
    ['strict-names', { 'strict-names': 'ture' }, 'strict-names: "ture" is not a boolean: use true or false'],
    ['new-only', { 'new-only': 'yes' }, 'new-only: "yes" is not a boolean: use true or false'],
  ])('exits 2 with one message naming the input %s, and a summary', async (_input, given, message) => {
    const run = await runAction(REPOSITORY, {
      migrations: 'migrations/*.ts',
      'working-directory': 'todobox',
      model: 'models/',
      ...given,
    });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toEqual([expect.stringContaining(`::error::migration-gate: ${message}`)]);
    expect(errorLine(run)[0]).not.toMatch(/ --[a-z]/);
    expect(run.outputs.result).toBe('error');
    expect(run.summary).toMatch(/migration-gate could not run/);
    expect(run.summary).toContain(message);
  });

  it.each([['true'], ['True'], ['TRUE'], ['false'], ['False'], ['FALSE']])(
    'takes %s as a boolean, as core.getBooleanInput does',
    async (value) => {
      // past the boolean inputs, the run stops at the next problem: no migration matched
      const run = await runAction(REPOSITORY, {
        migrations: 'nothing/*.ts',
        'working-directory': 'todobox',
        'strict-names': value,
        'strict-column-order': value,
      });
      expect(errorLine(run)).toEqual([expect.stringContaining("migrations 'nothing/*.ts' matched no migration")]);
    },
  );
});

const MIGRATIONS = 'migrations/*.{ts,js}';
const ADD_NICKNAME = migration(
  `    await queryInterface.addColumn('user', 'nickname', { type: Sequelize.STRING(40), allowNull: true });`,
  `    await queryInterface.removeColumn('user', 'nickname');`,
);
const ADD_BIO = migration(
  `    await queryInterface.addColumn('user', 'bio', { type: Sequelize.TEXT, allowNull: true });`,
  `    await queryInterface.removeColumn('user', 'bio');`,
);
/** Sorts before ADD_BIO's name, and after every migration of todobox. */
const NICKNAME = 'migrations/20240401000000-add-nickname.js';
const BIO = 'migrations/20240501000000-add-bio.js';

const PERSON = { name: 'Ann Example', email: 'ann@example.com', username: 'ann' };

/** A commit as webhook payloads describe one (head_commit, commits[]). */
function commitOf(project: GitProject, sha: string) {
  const [tree, timestamp, message] = project.git('show', '-s', '--format=%T%n%cI%n%s', sha).split('\n');
  return { id: sha, tree_id: tree, message, timestamp, author: PERSON, committer: PERSON };
}

const REPOSITORY_PAYLOAD = { id: 1, name: 'todobox', full_name: 'acme/todobox', default_branch: 'main' };
const SENDER = { login: 'ann', id: 2, type: 'User' };

describe.each(inject('servers'))('the action bundle on $image, by event', ({ url }) => {
  const inputs = { migrations: MIGRATIONS, 'database-url': url };
  const outOfOrder = (run: ActionRun) =>
    run.stdout.split('\n').filter((line) => line.startsWith('::error ') && line.includes('out-of-order'));

  it("merge_group: a queued migration that sorts before one merged meanwhile is out of order against the queue's base", async () => {
    // main: todobox's chain. The pull request, branched from it, adds a migration; meanwhile main merges
    // another that sorts after it. The queue tests the pull request merged onto main's new tip.
    const project = new GitProject();
    project.git('checkout', '-q', '-b', 'feature');
    project.write(NICKNAME, ADD_NICKNAME);
    const head = project.commit('Add a nickname');
    project.git('checkout', '-q', 'main');
    project.write(BIO, ADD_BIO);
    const tip = project.commit('Add a bio (#41)');
    const queue = `gh-readonly-queue/main/pr-42-${head}`;
    project.git('checkout', '-q', '-b', queue);
    project.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #42 from acme/feature', 'feature');
    const merged = project.git('rev-parse', 'HEAD');
    const payload = {
      action: 'checks_requested',
      merge_group: {
        head_sha: merged,
        head_ref: `refs/heads/${queue}`,
        base_sha: tip,
        base_ref: 'refs/heads/main',
        head_commit: commitOf(project, merged),
      },
      repository: REPOSITORY_PAYLOAD,
      sender: SENDER,
    };
    const run = await runAction(project.dir, inputs, { name: 'merge_group', payload });
    expect(run.code).toBe(1);
    expect(outOfOrder(run)).toEqual([expect.stringContaining(`file=${NICKNAME}`)]);
    expect(outOfOrder(run)[0]).toContain('sorts before the released 20240501000000-add-bio.js');
    expect(run.summary).toContain(`History checked against ${tip.slice(0, 7)} (merge_group: the merge queue's base).`);
    expect(run.summary).toContain(`Since ${tip.slice(0, 7)}: 6 released migration(s), 1 new`);
    // the queued migration is the new one: the bundle probes it, and the summary says what the server chose
    expect(run.summary).toMatch(/### Probe\n\nProbed on .*: 1 statement\(s\) of 1 migration\(s\) \(1 INSTANT\)/);
    expect(run.summary).toContain('| 20240401000000-add-nickname.js | ALTER TABLE');
  });

  it('push: checks the pushed commits against the commit before the push', async () => {
    const project = new GitProject();
    const before = project.git('rev-parse', 'HEAD');
    const early = 'migrations/20240201000000-add-nickname.js';
    project.write(early, ADD_NICKNAME);
    const after = project.commit('Add a nickname');
    const commit = { ...commitOf(project, after), distinct: true, added: [early], removed: [], modified: [] };
    const payload = {
      ref: 'refs/heads/main',
      before,
      after,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `https://github.com/acme/todobox/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: [commit],
      head_commit: commit,
      repository: REPOSITORY_PAYLOAD,
      pusher: { name: 'ann', email: PERSON.email },
      sender: SENDER,
    };
    const run = await runAction(project.dir, inputs, { name: 'push', payload });
    expect(run.code).toBe(1);
    expect(outOfOrder(run)).toEqual([expect.stringContaining(`file=${early}`)]);
    expect(run.summary).toContain(`History checked against ${before.slice(0, 7)} (push: the commit before the push).`);
  });

  it('push of a new branch: no commit before it, so a notice and no history check', async () => {
    const project = new GitProject();
    project.git('checkout', '-q', '-b', 'feature');
    const early = 'migrations/20240201000000-add-nickname.js';
    project.write(early, ADD_NICKNAME);
    const after = project.commit('Add a nickname');
    const commit = { ...commitOf(project, after), distinct: true, added: [early], removed: [], modified: [] };
    const payload = {
      ref: 'refs/heads/feature',
      before: '0000000000000000000000000000000000000000',
      after,
      created: true,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: 'https://github.com/acme/todobox/commit/' + after.slice(0, 12),
      commits: [commit],
      head_commit: commit,
      repository: REPOSITORY_PAYLOAD,
      pusher: { name: 'ann', email: PERSON.email },
      sender: SENDER,
    };
    const run = await runAction(project.dir, inputs, { name: 'push', payload });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice::No history check: push of a new branch \(before is 0000000…\)\.$/m);
    expect(run.summary).toContain('No history check: push of a new branch (before is 0000000…).');
    expect(run.summary).not.toContain('Since ');
    expect(outOfOrder(run)).toEqual([]);
  });

  it('names the model input in an error found after the replay', async () => {
    const project = projectCopy(TODOBOX, { write: { 'empty/README.md': 'no models here\n' } });
    const run = await runAction(path.dirname(project), {
      ...inputs,
      migrations: 'migrations/*.ts',
      model: 'empty',
      'working-directory': path.basename(project),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^::error::migration-gate: model \S+empty has no model files \(\.js or \.ts, other than index\)$/m,
    );
  });
});
