import { readdirSync, readFileSync, rmSync } from 'node:fs';
import mysql from 'mysql2/promise';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { interpreterOf, onPath } from '../../src/project/process.js';
import type { CheckResult } from '../../src/check.js';
import { GitProject } from './git.js';
import { kinds, lineOf, projectCopy, relative, ROOT, runAction, runCheck, runCli } from './helpers.js';

/** The outage's own stack: Flask, SQLAlchemy and Alembic, with the five revisions of todobox. */
const FLASK = path.join(ROOT, 'examples/flask-todobox');
const VERSIONS = 'migrations/versions';
const C682 = `${VERSIONS}/c682ef478e45_drop_token_created_at.py`;
const ENSURE = `${VERSIONS}/d1f2e3c4b5a6_ensure_api_token.py`;
// The Python that runs `alembic` has SQLAlchemy (Debian's packages here, a virtualenv elsewhere).
const PYTHON = (interpreterOf(onPath('alembic') ?? '') ?? ['python3']).join(' ');
const MODEL = `${PYTHON} print_ddl.py`;

/** Whether a process still runs 5 s on: one that ended is gone, or a zombie until init reaps it. */
async function stillRunning(pid: number): Promise<boolean> {
  const running = () => {
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return false;
    }
  };
  // a killed process ends when the kernel next schedules it: moments, not at once
  for (const deadline = Date.now() + 5_000; running() && Date.now() < deadline;)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return running();
}

/** A copy of flask-todobox with revisions replaced, added or removed. */
function variant(write: Record<string, string> = {}, remove: string[] = []): string {
  return projectCopy(FLASK, { write, remove });
}

/** c682ef478e45 as it first shipped: generated from a model that had lost api_token. */
const OUTAGE = readFileSync(path.join(FLASK, C682), 'utf8').replace(
  `def upgrade():
    op.drop_column('user', 'token_created_at')


def downgrade():
    op.add_column('user', sa.Column('token_created_at', sa.DateTime(), nullable=True))`,
  `def upgrade():
    op.drop_column('user', 'token_created_at')
    op.drop_index('ix_user_api_token', table_name='user')
    op.drop_column('user', 'api_token')


def downgrade():
    op.add_column('user', sa.Column('api_token', sa.String(length=255), nullable=True))
    op.create_index('ix_user_api_token', 'user', ['api_token'], unique=True)
    op.add_column('user', sa.Column('token_created_at', sa.DateTime(), nullable=True))`,
);

/** A revision after `parent` with the given bodies. */
function revision(id: string, parent: string, upgrade: string, downgrade = '    pass'): string {
  return `"""${id}"""
from alembic import op
import sqlalchemy as sa

revision = '${id}'
down_revision = '${parent}'
branch_labels = None
depends_on = None


def upgrade():
${upgrade}


def downgrade():
${downgrade}
`;
}

/** A revision on 3e5106ee570c beside c682ef478e45: a second branch. */
const NICKNAME = {
  [`${VERSIONS}/aa11bb22cc33_nickname.py`]: revision(
    'aa11bb22cc33',
    '3e5106ee570c',
    "    op.add_column('user', sa.Column('nickname', sa.String(40), nullable=True))",
    "    op.drop_column('user', 'nickname')",
  ),
};
/** A merge revision joining the two branches. */
const MERGE = `"""merge"""
revision = 'ee55ff66aa77'
down_revision = ('d1f2e3c4b5a6', 'aa11bb22cc33')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
`;

/** Each step's name and how its up, down and re-up went. */
const passes = (result: CheckResult) =>
  result.steps.map((step) => [step.name, step.up.outcome, step.down.outcome, step.reup.outcome].join(' '));

describe.each(inject('servers'))('an Alembic chain on $image', ({ url, flavor, image }) => {
  const check = (cwd: string, options: Record<string, string> = {}) =>
    runCheck(url, { cwd, modelCommand: MODEL, ...options });

  it('passes the outage app as it is now, each revision run by alembic up, down and up', async () => {
    const result = await check(FLASK);
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.context).toBe('alembic');
    expect(result.server.flavor.kind).toBe(flavor);
    expect(result.steps.map((step) => step.name)).toEqual([
      '6793349c088c',
      '366e5694a9ad',
      '3e5106ee570c',
      'c682ef478e45',
      'd1f2e3c4b5a6',
    ]);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual(
      Array(5).fill(['ok', 'ok', 'ok']),
    );
    expect(result.compared).toEqual(['user']);
    expect(result.model?.kind).toBe('command');
  });

  it('fails the outage on user.api_token, on the model line, blamed on c682ef478e45', async () => {
    const dir = variant({ [C682]: OUTAGE }, [ENSURE]);
    const result = await check(dir);
    expect(result.verdict).toBe('fail');
    expect(kinds(result)).toEqual(['drift']);
    const [drift] = result.findings;
    expect(drift).toMatchObject({ table: 'user', column: 'api_token', migration: 'c682ef478e45' });
    expect(relative(result, drift!)).toBe('todobox/models.py');
    expect(drift!.line).toBe(lineOf(dir, 'todobox/models.py', 'api_token = Column('));
    expect(drift!.message).toContain('user.api_token');
    expect(drift!.differences.map((difference) => difference.object)).toEqual(['column', 'index']);
  });

  it("reports a revision the server refuses on the op's line, with the server's error", async () => {
    const dir = variant({
      [C682]: readFileSync(path.join(FLASK, C682), 'utf8').replace(
        "op.drop_column('user', 'token_created_at')\n\n\ndef downgrade",
        "op.drop_column('user', 'token_creation_at')\n\n\ndef downgrade",
      ),
    });
    const result = await check(dir);
    expect(kinds(result)).toEqual(['migration-error']);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ migration: 'c682ef478e45', direction: 'up' });
    expect(relative(result, finding!)).toBe(C682);
    expect(finding!.line).toBe(lineOf(dir, C682, "'token_creation_at'"));
    expect(finding!.message).toMatch(/1091.*token_creation_at/);
    expect(result.steps.map((step) => step.up.outcome)).toEqual(['ok', 'ok', 'ok', 'failed', 'skipped']);
  });

  it('reports a downgrade that leaves a column behind on that revision', async () => {
    const oauth = `${VERSIONS}/366e5694a9ad_oauth_columns.py`;
    const dir = variant({
      [oauth]: readFileSync(path.join(FLASK, oauth), 'utf8').replace(
        "    op.drop_column('user', 'oauth_id')\n",
        "    print('kept oauth_id for the tokens job')\n",
      ),
    });
    const result = await check(dir);
    expect(kinds(result)).toEqual(['down-mismatch']);
    // what the revision printed is its step's log; Alembic's own lines of every step are not
    expect(result.steps[1]!.log).toContain('kept oauth_id for the tokens job');
    expect(result.steps.map((step) => step.log).join('')).not.toContain('Running downgrade');
    expect(result.findings[0]).toMatchObject({ migration: '366e5694a9ad', direction: 'down' });
    expect(result.findings[0]!.differences).toMatchObject([{ kind: 'extra', object: 'column', name: 'oauth_id' }]);
    expect(relative(result, result.findings[0]!)).toBe(oauth);
  });

  it('stops a revision that hangs past --step-timeout, with the processes it started', async () => {
    const dir = variant({
      [C682]: readFileSync(path.join(FLASK, C682), 'utf8').replace(
        "def upgrade():\n    op.drop_column('user', 'token_created_at')",
        "def upgrade():\n    import os, time\n    open('hang.pid', 'w').write(str(os.getpid()))\n    time.sleep(600)\n    op.drop_column('user', 'token_created_at')",
      ),
    });
    const started = Date.now();
    const result = await check(dir, { stepTimeout: '2' });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(kinds(result)).toEqual(['migration-error']);
    expect(result.findings[0]!.message).toMatch(/timed out/);
    expect(result.steps[3]!.up.outcome).toBe('timeout');
    // the process that ran the revision is gone
    const pid = Number(readFileSync(path.join(dir, 'hang.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    expect(await stillRunning(pid)).toBe(false);
  });

  it("reports two heads, and reverts each branch's revisions alone", async () => {
    const result = await check(variant(NICKNAME));
    // nickname is not in the model: the drift is the only other finding, no down or re-up mismatch
    expect(kinds(result).sort()).toEqual(['drift', 'duplicate']);
    const duplicate = result.findings.find((finding) => finding.kind === 'duplicate')!;
    expect(duplicate.message).toMatch(/^(aa11bb22cc33|d1f2e3c4b5a6) and (aa11bb22cc33|d1f2e3c4b5a6) are both heads/);
    expect(duplicate.message).toContain('alembic merge heads');
    expect(passes(result).every((line) => line.endsWith('ok ok ok'))).toBe(true);
  });

  it('warns of a merge revision, and reverts the merge alone', async () => {
    const result = await check(variant({ ...NICKNAME, [`${VERSIONS}/ee55ff66aa77_merge.py`]: MERGE }));
    expect(kinds(result)).toEqual(['drift']);
    expect(result.findings.find((finding) => finding.kind === 'duplicate')).toMatchObject({
      severity: 'warning',
      migration: 'ee55ff66aa77',
    });
    expect(result.steps.at(-1)!.name).toBe('ee55ff66aa77');
    // each down ran alone: where the other branch's revision ran before c682ef478e45, its down puts
    // token_created_at back after nickname, a column-order warning, and that is all
    const mismatched = passes(result).filter((line) => !line.endsWith('ok ok ok'));
    expect([[], ['c682ef478e45 ok mismatch ok']]).toContainEqual(mismatched);
    expect(kinds(result, 'warning').filter((kind) => kind !== 'column-order')).toEqual(['duplicate']);
  });

  it('seeds rows after a revision and charges their loss to the revision that lost them', async () => {
    const seed =
      "INSERT INTO `user` (username, email, api_token) VALUES ('ann', 'ann@example.com', 'token-a'), ('bob', 'bob@example.com', NULL);\n";
    const options = { seed: 'seed.sql', seedAfter: '3e5106ee570c' };
    const fixed = await check(variant({ 'seed.sql': seed }), options);
    expect(fixed.findings).toEqual([]);
    expect(fixed.history?.data).toMatchObject({ tables: [{ table: 'user', seeded: 2, final: 2 }], losses: [] });
    const purge = readFileSync(path.join(FLASK, C682), 'utf8').replace(
      "def upgrade():\n    op.drop_column('user', 'token_created_at')",
      "def upgrade():\n    op.drop_column('user', 'token_created_at')\n    op.execute('DELETE FROM `user` WHERE api_token IS NULL')",
    );
    const purged = await check(variant({ 'seed.sql': seed, [C682]: purge }), options);
    const loss = purged.findings.find((finding) => finding.kind === 'data-loss');
    expect(loss).toMatchObject({ migration: 'c682ef478e45' });
    expect(loss!.message).toContain('loses 1 of 2 seeded row(s) of user');
  });

  it('fails the outage in the action bundle, from its inputs, with the annotation on the model line', async () => {
    const dir = variant({ [C682]: OUTAGE }, [ENSURE]);
    const project = path.basename(dir);
    const run = await runAction(path.dirname(dir), {
      'working-directory': project,
      'mysql-image': image,
      runner: 'alembic',
      migrations: 'alembic.ini',
      env: 'DATABASE_URL={url}',
      'model-command': MODEL,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail', errors: '1' });
    const annotation = run.stdout.split('\n').find((line) => line.startsWith('::error '));
    expect(annotation).toContain(
      `file=${project}/todobox/models.py,line=${lineOf(dir, 'todobox/models.py', 'api_token = Column(')}`,
    );
    expect(annotation).toContain('title=migration-gate%3A drift');
    expect(run.summary).toMatch(/\| 4 \| `c682ef478e45` \| ✅ \| ✅ \| ✅ \|/);
  });

  it("stops a tool's step that hangs past --step-timeout, with its shell and what it started", async () => {
    const dir = variant();
    const result = await check(dir, {
      runner: 'command',
      list: `echo 6793349c088c ${VERSIONS}/6793349c088c_initial.py`,
      up: 'sh -c "echo \\$\\$ > hang.pid; exec sleep 600"',
      metaTable: 'alembic_version',
      stepTimeout: '2',
    });
    expect(kinds(result)).toEqual(['migration-error']);
    expect(result.findings[0]!.message).toMatch(/timed out/);
    expect(result.steps[0]!.up.outcome).toBe('timeout');
    expect(await stillRunning(Number(readFileSync(path.join(dir, 'hang.pid'), 'utf8')))).toBe(false);
  });

  it('runs any tool one step at a time through --list, --up and --down', async () => {
    const list = [
      '6793349c088c_initial',
      '366e5694a9ad_oauth_columns',
      '3e5106ee570c_api_token',
      'c682ef478e45_drop_token_created_at',
    ]
      .map((name) => `${name.slice(0, 12)} ${VERSIONS}/${name}.py`)
      .join('\\n');
    const result = await check(variant({ [C682]: OUTAGE }, [ENSURE]), {
      runner: 'command',
      list: `printf '${list}\\n'`,
      up: 'alembic upgrade {step}',
      down: 'alembic downgrade {step}-1',
      metaTable: 'alembic_version',
    });
    expect(result.context).toBe('command');
    expect(result.steps.map((step) => step.up.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(kinds(result)).toEqual(['drift']);
    expect(result.findings[0]).toMatchObject({ column: 'api_token', migration: 'c682ef478e45' });
  });
});

/**
 * The same app as microblog and most Flask apps write it: Flask-SQLAlchemy models, Flask-Migrate's
 * `flask db init` (its alembic.ini names no script directory; its env.py needs the app), and the example's
 * revisions and DDL printer.
 */
function flaskMigrate(changes: { write?: Record<string, string>; remove?: string[] } = {}): string {
  const versions = readdirSync(path.join(FLASK, VERSIONS)).filter((file) => file.endsWith('.py'));
  const write = Object.fromEntries(
    versions.map((file) => [`${VERSIONS}/${file}`, readFileSync(path.join(FLASK, VERSIONS, file), 'utf8')]),
  );
  write['print_ddl.py'] = readFileSync(path.join(FLASK, 'print_ddl.py'), 'utf8').replace(
    'from todobox.models import Base',
    'from app import db\n\nBase = db.Model',
  );
  const dir = projectCopy(path.join(ROOT, 'test/fixtures/flask-migrate'), { write: { ...write, ...changes.write } });
  for (const file of changes.remove ?? []) rmSync(path.join(dir, file));
  return dir;
}

describe.each(inject('servers'))('a Flask-Migrate chain on $image', ({ url }) => {
  const options = {
    runner: 'alembic',
    migrations: 'migrations/alembic.ini',
    env: ['DATABASE_URL={url}', 'FLASK_APP=todobox.py'],
    modelCommand: MODEL,
  };

  it('passes as it is, each revision run by flask db upgrade and downgrade', async () => {
    const result = await runCheck(url, { cwd: flaskMigrate(), ...options });
    expect(result.findings).toEqual([]);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual(
      Array(5).fill(['ok', 'ok', 'ok']),
    );
    expect(result.compared).toEqual(['user']);
  });

  it('fails the outage on the db.Column line of the model', async () => {
    const dir = flaskMigrate({ write: { [C682]: OUTAGE }, remove: [ENSURE] });
    const result = await runCheck(url, { cwd: dir, ...options });
    expect(kinds(result)).toEqual(['drift']);
    expect(result.findings[0]).toMatchObject({ column: 'api_token', migration: 'c682ef478e45' });
    expect(relative(result, result.findings[0]!)).toBe('app/models.py');
    expect(result.findings[0]!.line).toBe(lineOf(dir, 'app/models.py', 'api_token = db.Column('));
  });
});

describe('an Alembic project that cannot be run', () => {
  const { url } = inject('servers')[0]!;

  it('says alembic is not on PATH, in one line, exit 2', async () => {
    const node = path.dirname(process.execPath);
    const run = await runCli(['--cwd', FLASK, '--database-url', url, '--model-command', MODEL], {
      PATH: `${node}:/nonexistent`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the `alembic` command \(.*runner.*\) is not on PATH/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which command failed to list, or did not end', async () => {
    const failing = runCheck(url, { cwd: FLASK, runner: 'command', list: 'echo broken >&2; exit 3', up: 'true' });
    await expect(failing).rejects.toThrow(/the list command \(--list\) failed .* exit code 3: broken/);
    const hanging = runCheck(url, { cwd: FLASK, runner: 'command', list: 'sleep 60', up: 'true', stepTimeout: '1' });
    await expect(hanging).rejects.toThrow(/--list\) did not end within 1 s/);
    await expect(runCheck(url, { cwd: FLASK, migrations: 'nope.ini' })).rejects.toThrow(
      /reads the Alembic config file nope\.ini, which does not exist/,
    );
    await expect(runCheck(url, { cwd: FLASK, modelCommand: 'exit 4' })).rejects.toThrow(
      /--model-command 'exit 4' failed with exit code 4/,
    );
    const empty = projectCopy(FLASK, {
      remove: readdirSync(path.join(FLASK, VERSIONS)).map((file) => `${VERSIONS}/${file}`),
    });
    await expect(runCheck(url, { cwd: empty, modelCommand: MODEL })).rejects.toThrow(
      /--migrations alembic\.ini has no revision in its script directory: nothing to check/,
    );
    const bare = runCheck(url, { cwd: FLASK, runner: 'command', list: 'echo 0001_users', up: 'true' });
    await expect(bare).rejects.toThrow(
      /printed 0001_users, and 0001_users is no file in .*: print each step's file after its name/,
    );
  });

  it('says the tool worked on another database when the scratch schema stays empty', async () => {
    const admin = await mysql.createConnection(url);
    await admin.query('CREATE DATABASE IF NOT EXISTS mg_elsewhere');
    try {
      const elsewhere = runCheck(url, { cwd: FLASK, modelCommand: MODEL, env: [`DATABASE_URL=${url}/mg_elsewhere`] });
      await expect(elsewhere).rejects.toThrow(
        /5 step\(s\) of --runner alembic ran, and the scratch schema \S+ has no table, not even alembic_version: the tool works on another database/,
      );
    } finally {
      await admin.query('DROP DATABASE mg_elsewhere');
      await admin.end();
    }
  });
});

describe.each(inject('servers'))('Alembic history against the base commit on $image', ({ url }) => {
  it('flags an edited released revision, and runs the base chain then the new revision (the upgrade path)', async () => {
    const project = new GitProject(FLASK);
    project.git('checkout', '-q', '-b', 'feature');
    project.edit(
      C682,
      "op.drop_column('user', 'token_created_at')\n\n",
      "op.drop_column('user', 'token_created_at')\n    # edited\n\n",
    );
    project.write(
      `${VERSIONS}/aa11bb22cc33_nickname.py`,
      revision(
        'aa11bb22cc33',
        'd1f2e3c4b5a6',
        "    op.add_column('user', sa.Column('nickname', sa.String(40), nullable=True))",
        "    op.drop_column('user', 'nickname')",
      ),
    );
    project.commit('the pull request');
    const result = await runCheck(url, { cwd: project.dir, modelCommand: MODEL, base: 'main' });
    expect(result.history?.history?.added).toEqual(['aa11bb22cc33']);
    expect(result.history?.history?.released).toHaveLength(5);
    expect(result.history?.upgrade).toMatchObject({ released: 5, added: 1, failed: false });
    const edited = result.findings.find((finding) => finding.kind === 'edited-migration');
    expect(edited).toMatchObject({ migration: 'c682ef478e45' });
    expect(relative({ cwd: project.dir } as never, edited!)).toBe(C682);
  });

  it("fails, naming the base, when the base commit's revisions cannot be listed", async () => {
    const project = new GitProject(FLASK);
    project.write(`${VERSIONS}/0bad0bad0bad_broken.py`, 'revision = (\n');
    project.commit('a broken revision');
    project.git('checkout', '-q', '-b', 'feature');
    project.remove(`${VERSIONS}/0bad0bad0bad_broken.py`);
    project.commit('the pull request');
    await expect(runCheck(url, { cwd: project.dir, modelCommand: MODEL, base: 'main' })).rejects.toThrow(
      /^the base commit's chain: listing the Alembic revisions \(--migrations\) failed with exit code 1: SyntaxError: .* in \//,
    );
  });

  it('takes a base from before the project used Alembic as one without revisions: all are new', async () => {
    const project = new GitProject(FLASK);
    project.remove('alembic.ini');
    project.commit('before Alembic');
    project.git('checkout', '-q', '-b', 'feature');
    project.write('alembic.ini', readFileSync(path.join(FLASK, 'alembic.ini'), 'utf8'));
    project.commit('the pull request');
    const result = await runCheck(url, { cwd: project.dir, modelCommand: MODEL, base: 'main' });
    expect(result.findings).toEqual([]);
    expect(result.history?.history?.added).toHaveLength(5);
    expect(result.history?.upgrade).toMatchObject({ released: 0, added: 5, failed: false });
  });

  it('judges a merge of a new branch by its graph: no back-dated revision, each down alone', async () => {
    const project = new GitProject(FLASK);
    project.git('checkout', '-q', '-b', 'feature');
    for (const [file, text] of Object.entries(NICKNAME)) project.write(file, text);
    project.write(`${VERSIONS}/ee55ff66aa77_merge.py`, MERGE);
    project.edit('todobox/models.py', '    api_token =', '    nickname = Column(String(40))\n    api_token =');
    project.commit('the pull request');
    const result = await runCheck(url, { cwd: project.dir, modelCommand: MODEL, base: 'main' });
    expect(result.history?.history?.added).toEqual(expect.arrayContaining(['aa11bb22cc33', 'ee55ff66aa77']));
    expect(kinds(result)).toEqual([]);
    expect(result.findings.map((finding) => finding.kind)).not.toContain('out-of-order');
  });

  it('judges what a new revision destroys and breaks from its snapshots', async () => {
    const project = new GitProject(FLASK);
    project.git('checkout', '-q', '-b', 'feature');
    project.write(
      `${VERSIONS}/bb22cc33dd44_drop_fullname.py`,
      revision(
        'bb22cc33dd44',
        'd1f2e3c4b5a6',
        "    op.drop_column('user', 'fullname')",
        "    op.add_column('user', sa.Column('fullname', sa.String(100), nullable=True))",
      ),
    );
    project.edit('todobox/models.py', '    fullname = Column(String(100))\n', '');
    project.commit('the pull request');
    const result = await runCheck(url, { cwd: project.dir, modelCommand: MODEL, base: 'main' });
    expect(result.findings.map((finding) => [finding.kind, finding.severity, finding.migration])).toEqual(
      expect.arrayContaining([
        ['breaking-change', 'error', 'bb22cc33dd44'],
        ['destructive', 'warning', 'bb22cc33dd44'],
      ]),
    );
    expect(result.notes.join('\n')).toMatch(/What the new migrations cost \(table copies, locks\) was not measured/);
  });

  it("reports a new revision that follows an older one than the base's head: two heads", async () => {
    const project = new GitProject(FLASK);
    project.git('checkout', '-q', '-b', 'feature');
    for (const [file, text] of Object.entries(NICKNAME)) project.write(file, text);
    project.commit('the pull request');
    const result = await runCheck(url, { cwd: project.dir, modelCommand: MODEL, base: 'main' });
    expect(result.history?.history?.added).toEqual(['aa11bb22cc33']);
    const duplicate = result.findings.find((finding) => finding.kind === 'duplicate');
    expect(duplicate).toMatchObject({ severity: 'error' });
    expect(duplicate!.message).toMatch(/are both heads/);
  });
});
