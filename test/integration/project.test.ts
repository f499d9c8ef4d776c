import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import { FIXTURES, kinds, projectCopy, relative, runCheck, runCli, TODOBOX } from './helpers.js';

const APP_IMPORT = path.join(FIXTURES, 'app-import');
const MIGRATIONS = 'migrations/*.js';

describe.each(inject('servers'))('a project whose migrations import the app on $image', ({ url }) => {
  it('runs a migration that cleans data through the app model layer, connected by --env with placeholders', async () => {
    const before = process.env.DATABASE_URL;
    const result = await runCheck(url, {
      cwd: projectCopy(APP_IMPORT),
      migrations: MIGRATIONS,
      env: 'DATABASE_URL=mysql://{user}:{password}@{host}:{port}/{database}',
    });
    expect(result.findings).toEqual([]);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual([
      ['ok', 'ok', 'ok'],
      ['ok', 'ok', 'ok'],
    ]);
    // the environment is the caller's again
    expect(process.env.DATABASE_URL).toBe(before);
    expect(process.env.MIGRATION_GATE_DATABASE_URL).toBeUndefined();
  });

  it('sets MIGRATION_GATE_DATABASE_URL always, and {url} is the same', async () => {
    const result = await runCheck(url, {
      cwd: projectCopy(APP_IMPORT),
      migrations: MIGRATIONS,
      env: 'DATABASE_URL={url}',
    });
    expect(result.verdict).toBe('pass');
    const probe = projectCopy(APP_IMPORT, {
      write: {
        'migrations/20240301000000-probe.js': `module.exports = {
  async up() {
    if (process.env.MIGRATION_GATE_DATABASE_URL !== process.env.DATABASE_URL) throw new Error('different URLs');
    if (!/\\/mg_[0-9a-f]+_chain$/.test(process.env.MIGRATION_GATE_DATABASE_URL)) throw new Error('not the chain schema');
  },
  async down() {},
};
`,
      },
    });
    const probed = await runCheck(url, { cwd: probe, migrations: MIGRATIONS, env: 'DATABASE_URL={url}' });
    expect(probed.findings).toEqual([]);
  });

  it('without the variable, the import fails as a load error naming the cause', async () => {
    const result = await runCheck(url, { cwd: projectCopy(APP_IMPORT), migrations: MIGRATIONS });
    expect(kinds(result)).toEqual(['load-error']);
    expect(result.findings[0]!.message).toContain('DATABASE_URL is not set');
  });

  it('masks the password in findings that quote a value built from it', async () => {
    const { password } = credentialsFromUrl(url);
    const project = projectCopy(APP_IMPORT, {
      write: {
        'migrations/20240301000000-leaky.js': `module.exports = {
  async up() { throw new Error('cannot reach ' + process.env.DATABASE_URL + ' with key ' + process.env.API_KEY); },
  async down() {},
};
`,
      },
    });
    const result = await runCheck(url, {
      cwd: project,
      migrations: MIGRATIONS,
      env: 'DATABASE_URL={url}\nAPI_KEY=sk-live-123456',
    });
    const message = result.findings.find((finding) => finding.kind === 'migration-error')!.message;
    expect(message).toContain('cannot reach mysql://');
    expect(message).not.toContain(password);
    expect(message).not.toContain('sk-live-123456');
    expect(message).toContain('***');
  });
});

describe('the CLI with --env', () => {
  const { url } = inject('servers')[0]!;

  it('ends when its work ends, though the app left its connection open', async () => {
    const run = await runCli([
      'check',
      '--cwd',
      projectCopy(APP_IMPORT),
      '--migrations',
      MIGRATIONS,
      '--database-url',
      url,
      '--env',
      'DATABASE_URL={url}',
      '--env',
      'APP_MODE=test',
    ]);
    expect(run.stdout).toContain('PASS');
    expect(run.code).toBe(0);
  });

  it('refuses an --env without NAME=VALUE, naming the flag', async () => {
    const run = await runCli(['check', '--migrations', MIGRATIONS, '--cwd', APP_IMPORT, '--env', 'DATABASE_URL']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--env takes NAME=VALUE');
  });
});

describe.each(inject('servers'))("the project's own Sequelize options on $image", ({ url }) => {
  const SEQUELIZE_OPTIONS = path.join(FIXTURES, 'sequelize-options');
  const options = { cwd: SEQUELIZE_OPTIONS, migrations: MIGRATIONS, model: 'models/' };

  it('takes define defaults from the sequelize-cli config module, and the models then match', async () => {
    const result = await runCheck(url, { ...options, sequelizeConfig: 'config/database.js' });
    expect(result.findings).toEqual([]);
    expect(result.compared).toEqual(['UserAccount']);
  });

  it('takes them from the config file too', async () => {
    const project = projectCopy(SEQUELIZE_OPTIONS, {
      write: {
        'migration-gate.config.json': JSON.stringify({
          sequelize: {
            define: { underscored: true, freezeTableName: true, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
          },
        }),
      },
    });
    const result = await runCheck(url, { ...options, cwd: project });
    expect(result.findings).toEqual([]);
  });

  it('without them the models describe other tables, and say so', async () => {
    const result = await runCheck(url, options);
    expect(result.verdict).toBe('fail');
    expect(result.model?.tables).toEqual(['UserAccounts']);
  });
});

describe.each(inject('servers'))('scratch schemas with the project charset and collation on $image', ({ url }) => {
  // The migrations give each table utf8mb4_unicode_ci, as production's database has by default; the
  // models give none and take the schema's default.
  const project = () =>
    projectCopy(path.join(FIXTURES, 'sequelize-options'), {
      write: {
        'migration-gate.config.json': JSON.stringify({
          sequelize: { define: { underscored: true, freezeTableName: true } },
        }),
      },
    });
  const options = { migrations: MIGRATIONS, model: 'models/' };

  it('compares equal when the scratch schemas have production collation', async () => {
    const result = await runCheck(url, {
      ...options,
      cwd: project(),
      charset: 'utf8mb4',
      collation: 'utf8mb4_unicode_ci',
    });
    expect(result.findings).toEqual([]);
  });

  it("reports collation drift that comes only from the server's defaults without them", async () => {
    const result = await runCheck(url, { ...options, cwd: project() });
    expect(kinds(result)).toContain('drift');
    expect(result.findings.some((finding) => finding.message.includes('collation'))).toBe(true);
  });

  it('refuses a name that is not one', async () => {
    await expect(runCheck(url, { ...options, cwd: project(), collation: 'utf8mb4; DROP' })).rejects.toThrow(
      '--collation must be a name such as utf8mb4 or utf8mb4_unicode_ci',
    );
  });
});

describe.each(inject('servers'))('nondeterministic migrations on $image', ({ url }) => {
  it('reports a default frozen at migration time once, as a warning, and Promise.all column order at most as a warning', async () => {
    const frozen = 'migrations/20240401000000-joined-on.ts';
    const cwd = projectCopy(TODOBOX, {
      write: {
        [frozen]: `module.exports = {
  async up(queryInterface: any, Sequelize: any) {
    // a second passes between the first up and the re-up, so the frozen defaults differ
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await queryInterface.addColumn('user', 'joined_at', { type: Sequelize.DATE, allowNull: false, defaultValue: new Date() });
  },
  async down(queryInterface: any) {
    await queryInterface.removeColumn('user', 'joined_at');
  },
};
`,
        'migrations/20240402000000-profile-columns.ts': `module.exports = {
  async up(queryInterface: any, Sequelize: any) {
    await Promise.all([
      queryInterface.addColumn('user', 'bio', { type: Sequelize.TEXT, allowNull: true }),
      queryInterface.addColumn('user', 'avatar_url', { type: Sequelize.STRING(500), allowNull: true }),
      queryInterface.addColumn('user', 'locale', { type: Sequelize.STRING(10), allowNull: true }),
    ]);
  },
  async down(queryInterface: any) {
    await Promise.all(['bio', 'avatar_url', 'locale'].map((column) => queryInterface.removeColumn('user', column)));
  },
};
`,
      },
    });
    const result = await runCheck(url, { cwd, migrations: 'migrations/*.ts' });
    expect(kinds(result, 'error')).toEqual([]);
    const [warning] = result.findings.filter((finding) => finding.kind === 'frozen-default');
    expect(warning).toMatchObject({ severity: 'warning', table: 'user', column: 'joined_at', line: 2 });
    expect(relative(result, warning!)).toBe(frozen);
    expect(new Set(kinds(result, 'warning'))).toEqual(
      new Set(kinds(result, 'warning').filter((kind) => kind === 'frozen-default' || kind === 'column-order')),
    );
  });
});

describe.each(inject('servers'))('models the server refuses on $image', ({ url, flavor }) => {
  const factory = (
    name: string,
    table: string,
    body: string,
    associate = '',
  ) => `module.exports = (sequelize, DataTypes) => {
  const ${name} = sequelize.define('${name}', {
${body}
  }, { tableName: '${table}', timestamps: false });
${associate}
  return ${name};
};
`;

  it('gives one model-error per refused table, with the server error, and still compares every other model', async () => {
    const cwd = projectCopy(TODOBOX, {
      write: {
        // MySQL refuses a unique key on TEXT without a length; MariaDB makes it a hash key
        'models/note.js': factory('Note', 'note', '    body: { type: DataTypes.TEXT, unique: true },'),
        // no server takes a foreign key to a column without an index
        'models/bad-ref.js': factory(
          'BadRef',
          'bad_ref',
          "    owner_name: { type: DataTypes.STRING(100), references: { model: 'user', key: 'fullname' } },",
        ),
        // two tables that reference each other: synced one at a time with foreign-key checks off
        'models/cycle-a.js': factory(
          'CycleA',
          'cycle_a',
          "    b_id: { type: DataTypes.INTEGER, references: { model: 'cycle_b', key: 'id' } },",
        ),
        'models/cycle-b.js': factory(
          'CycleB',
          'cycle_b',
          "    a_id: { type: DataTypes.INTEGER, references: { model: 'cycle_a', key: 'id' } },",
        ),
      },
    });
    const result = await runCheck(url, { cwd, migrations: 'migrations/*.ts', model: 'models/' });
    const refused = result.findings.filter((finding) => finding.kind === 'model-error');
    expect(refused.map((finding) => finding.table).sort()).toEqual(
      flavor === 'mysql' ? ['bad_ref', 'note'] : ['bad_ref'],
    );
    for (const finding of refused) {
      expect(finding.message).toMatch(/cannot be created: .+/);
      expect(relative(result, finding)).toMatch(/^models\/(note|bad-ref)\.js$/);
    }
    // the cyclic pair was created and compared: the migrations lack both tables
    expect(result.model?.tables).toEqual(expect.arrayContaining(['cycle_a', 'cycle_b', 'user']));
    const missing = result.findings
      .filter((finding) => finding.kind === 'drift' && finding.column === null)
      .map((finding) => finding.table);
    expect(missing).toEqual(expect.arrayContaining(['cycle_a', 'cycle_b']));
    expect(result.verdict).toBe('fail');
  });
});
