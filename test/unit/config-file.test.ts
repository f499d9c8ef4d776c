import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../src/config/file.js';
import { loadConfig } from '../../src/config/load.js';
import { FLAG_NAMES, INPUT_NAMES } from '../../src/config/options.js';
import { ConfigError } from '../../src/errors.js';
import { applyIgnoreRules, applySeverities } from '../../src/findings/ignore.js';
import { aFinding } from './results.js';
import type { Finding } from '../../src/findings/types.js';

const FILE = '/project/migration-gate.config.json';

describe('parseConfig', () => {
  it('reads every option once, from the types the file uses', () => {
    const { values } = parseConfig(
      {
        $schema: './node_modules/migration-gate/migration-gate.schema.json',
        migrations: 'db/*.ts',
        model: 'models/',
        mysqlImage: 'mariadb:11.4',
        databaseUrl: 'mysql://gate:s%40cret@db:3307',
        context: 'sequelize',
        tables: ['users', 'posts'],
        ignoreTables: ['audit'],
        strictNames: true,
        strictColumnOrder: false,
        stepTimeout: 90,
        metaTable: 'migrations_meta',
        env: { DATABASE_URL: '{url}' },
        irreversible: [{ migration: '001-a', reason: 'archived' }],
      },
      FILE,
    );
    expect(values).toEqual({
      migrations: 'db/*.ts',
      model: 'models/',
      mysqlImage: ['mariadb:11.4'],
      databaseUrl: {
        url: 'mysql://gate:s%40cret@db:3307',
        credentials: { host: 'db', port: 3307, user: 'gate', password: 's@cret' },
        database: null,
        tls: null,
      },
      context: 'sequelize',
      tables: ['users', 'posts'],
      ignoreTables: ['audit'],
      strictNames: true,
      strictColumnOrder: false,
      stepTimeout: 90_000,
      metaTable: 'migrations_meta',
      env: { DATABASE_URL: '{url}' },
      irreversible: [{ migration: '001-a', reason: 'archived' }],
    });
  });

  it.each([
    [{ stepTimeout: '2m' }, { stepTimeout: 120_000 }],
    [{ env: ['A=1', ' B = x '] }, { env: { A: '1', B: 'x' } }],
    [{ tables: [] }, {}],
    [{ model: ' ' }, {}],
  ])('reads %j as %j', (content, values) => {
    expect(parseConfig(content, FILE).values).toEqual(values);
  });

  it.each([
    [{ migratons: 'x' }, /unknown key "migratons"; did you mean "migrations"\?/],
    [{ strictName: true }, /unknown key "strictName"; did you mean "strictNames"\?/],
    [{ frobnicate: true }, /unknown key "frobnicate" \(known: migrations, model, /],
    [{ cwd: '.' }, /unknown key "cwd"/],
    [{ strictNames: 'yes' }, /"strictNames" must be true or false/],
    [{ tables: 'users' }, /"tables" must be an array of names/],
    [{ stepTimeout: 'soon' }, /"stepTimeout" must be a positive duration such as 60, 90s or 2m, not "soon"/],
    [{ stepTimeout: -1 }, /"stepTimeout" must be a positive duration/],
    [{ context: 'knex' }, /"context" must be auto, sequelize or mysql2, not "knex"/],
    [{ databaseUrl: 'localhost:3306' }, /"databaseUrl" must start with mysql:\/\//],
    [{ charset: 'utf8mb4; DROP' }, /"charset" must be a name such as utf8mb4/],
    [{ env: { '1X': 'a' } }, /"env" takes NAME=VALUE/],
    [{ ignore: {} }, /"ignore" must be an array/],
    [{ ignore: [{ table: 'user' }] }, /ignore\[0\] needs a "reason"/],
    [{ ignore: [{ reason: 'legacy' }] }, /ignore\[0\] needs a "table"/],
    [
      { ignore: [{ table: 'user', reason: 'x', colum: 'a' }] },
      /ignore\[0\] has an unknown key "colum"; did you mean "column"\?/,
    ],
    [{ irreversible: ['001-a'] }, /irreversible\[0\] must be \{ "migration"/],
    [[], /expected an object of options/],
  ])('names the file and the key for %j', (content, message) => {
    expect(() => parseConfig(content, FILE)).toThrow(ConfigError);
    expect(() => parseConfig(content, FILE)).toThrow(message);
    expect(() => parseConfig(content, FILE)).toThrow(FILE);
  });
});

/** The ConfigError `work` rejects with. */
async function rejection(work: Promise<unknown>): Promise<ConfigError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  const project = (content?: object) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'migration-gate-config-'));
    if (content) writeFileSync(path.join(cwd, 'migration-gate.config.json'), JSON.stringify(content));
    return cwd;
  };

  it('takes options from the config file, and flags override them', async () => {
    const cwd = project({
      migrations: 'db/*.js',
      stepTimeout: '2m',
      strictNames: true,
      ignore: [{ table: 'a', reason: 'r' }],
    });
    const fromFile = await loadConfig({ cwd }, null);
    expect(fromFile).toMatchObject({ migrations: 'db/*.js', stepTimeoutMs: 120_000, strictNames: true });
    expect(fromFile.ignore).toEqual([{ table: 'a', reason: 'r' }]);
    expect(fromFile.configFile).toBe(path.join(cwd, 'migration-gate.config.json'));
    expect(fromFile.fileOptions.sort()).toEqual(['ignore', 'migrations', 'stepTimeout', 'strictNames']);
    const overridden = await loadConfig({ cwd, migrations: 'other/*.js', strictNames: false, stepTimeout: '' }, null);
    expect(overridden).toMatchObject({ migrations: 'other/*.js', strictNames: false, stepTimeoutMs: 120_000 });
    expect(overridden.fileOptions.sort()).toEqual(['ignore', 'stepTimeout']);
  });

  it("adds the flag's irreversible migrations to the file's, the flag's first", async () => {
    const cwd = project({
      migrations: 'db/*.js',
      irreversible: [
        { migration: '001-a', reason: 'archived' },
        { migration: '002-b', reason: 'dropped' },
      ],
    });
    expect((await loadConfig({ cwd, irreversible: '002-b' }, null)).irreversible).toEqual([
      { migration: '002-b', reason: 'no reason given' },
      { migration: '001-a', reason: 'archived' },
    ]);
  });

  it('lays the options of check() over the file, and flags over both', async () => {
    const cwd = project({
      migrations: 'db/*.js',
      severity: { drift: 'warning' },
      ignore: [{ table: 'a', reason: 'r' }],
    });
    const over = parseConfig(
      { tables: ['users'], severity: { 'column-order': 'off' }, ignore: [{ table: 'b', reason: 's' }] },
      'check() options',
    );
    const config = await loadConfig({ cwd, tables: 'posts' }, null, over);
    expect(config).toMatchObject({
      migrations: 'db/*.js',
      tables: ['posts'],
      severity: { drift: 'warning', 'column-order': 'off' },
      ignore: [
        { table: 'a', reason: 'r' },
        { table: 'b', reason: 's' },
      ],
    });
  });

  it('names an option the config file set by its key, in the CLI and the action alike', async () => {
    const cwd = project({ migrations: 'db/*.js', seed: 'rows.sql' });
    writeFileSync(path.join(cwd, 'rows.sql'), 'SELECT 1;\n');
    const error = await rejection(loadConfig({ cwd }, null));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.where.option).toBe('seedAfter');
    expect(error.describe(FLAG_NAMES)).toMatch(
      /^"seed" in migration-gate\.config\.json needs --seed-after <migration> .*, or --base to seed/,
    );
    expect(error.describe(INPUT_NAMES)).toMatch(
      /^"seed" in migration-gate\.config\.json needs seed-after <migration> .*, or base to seed/,
    );
    // a flag given over the file's value is the caller's again
    const flagged = await rejection(loadConfig({ cwd, seed: 'rows.sql' }, null));
    expect(flagged.describe(FLAG_NAMES)).toMatch(/^--seed needs --seed-after/);
  });

  it('reads a .ts config module, and a named file', async () => {
    const cwd = project();
    writeFileSync(
      path.join(cwd, 'gate.config.ts'),
      "const config: { migrations: string } = { migrations: 'migrations/*.ts' };\nexport default config;\n",
    );
    expect(await loadConfigFile(cwd, null)).toBeNull();
    expect((await loadConfig({ cwd }, 'gate.config.ts')).migrations).toBe('migrations/*.ts');
    await expect(loadConfig({ cwd }, 'missing.json')).rejects.toThrow(/--config missing\.json does not exist/);
  });

  it('says which file is broken', async () => {
    const cwd = project();
    writeFileSync(path.join(cwd, 'migration-gate.config.json'), '{ "migrations": ');
    await expect(loadConfig({ cwd }, null)).rejects.toThrow(/migration-gate\.config\.json: .*JSON/);
  });
});

describe('applyIgnoreRules', () => {
  const drift = (table: string, column: string, attribute: string | null = null): Finding => ({
    kind: 'drift',
    severity: 'error',
    message: `${table}.${column} differs`,
    file: null,
    line: null,
    table,
    column,
    migration: null,
    direction: null,
    differences: [
      {
        kind: attribute ? 'changed' : 'missing',
        object: 'column',
        table,
        name: column,
        attribute,
        expected: 1,
        actual: 2,
      },
    ],
  });

  it('turns a matched finding into a notice carrying the reason, and leaves the others', () => {
    const [ignored, kept] = applyIgnoreRules(
      [drift('legacy_users', 'nick'), drift('users', 'nick')],
      [{ table: 'legacy_*', reason: 'dropped in Q3' }],
    );
    expect(ignored).toMatchObject({ severity: 'notice', ignored: 'dropped in Q3' });
    expect(ignored!.message).toContain('(ignored: dropped in Q3)');
    expect(kept!.severity).toBe('error');
  });

  it.each([
    [{ table: 'users', column: 'nick', reason: 'r' }, true],
    [{ table: 'users', column: 'name', reason: 'r' }, false],
    [{ table: 'users', attribute: 'type', reason: 'r' }, true],
    [{ table: 'users', attribute: 'default', reason: 'r' }, false],
    [{ table: 'users', kind: 'drift' as const, reason: 'r' }, true],
    [{ table: 'users', kind: 'column-order' as const, reason: 'r' }, false],
    [{ table: 'posts', reason: 'r' }, false],
  ])('rule %j matches: %s', (rule, expected) => {
    const [finding] = applyIgnoreRules([drift('users', 'nick', 'type')], [rule]);
    expect(finding!.severity === 'notice').toBe(expected);
  });
});

describe('severity per kind', () => {
  it('reads known kinds with error, warning or off, and refuses anything else naming the file', () => {
    expect(
      parseConfig({ severity: { 'column-order': 'off', 'name-only': 'error' } }, '/p/c.json').values.severity,
    ).toEqual({
      'column-order': 'off',
      'name-only': 'error',
    });
    expect(() => parseConfig({ severity: { 'column-orders': 'off' } }, '/p/c.json')).toThrow(
      /\/p\/c\.json: severity "column-orders" is not a finding kind/,
    );
    expect(() => parseConfig({ severity: { drift: 'fatal' } }, '/p/c.json')).toThrow(
      /must be "error", "warning" or "off"/,
    );
  });

  it('drops kinds turned off, changes the others, and leaves accepted notices alone', () => {
    const findings = [
      aFinding({ kind: 'column-order', severity: 'warning' }),
      aFinding({ kind: 'name-only', severity: 'warning' }),
      aFinding({ kind: 'drift', severity: 'error' }),
      aFinding({ kind: 'drift', severity: 'notice' }),
    ];
    const judged = applySeverities(findings, { 'column-order': 'off', 'name-only': 'error', drift: 'warning' });
    expect(judged.map((finding) => [finding.kind, finding.severity])).toEqual([
      ['name-only', 'error'],
      ['drift', 'warning'],
      ['drift', 'notice'],
    ]);
  });

  it('reads drift aspects, and refuses an aspect that does not exist', () => {
    expect(
      parseConfig({ severity: { 'drift:index-only-in-migrations': 'warning' } }, '/p/c.json').values.severity,
    ).toEqual({
      'drift:index-only-in-migrations': 'warning',
    });
    expect(() => parseConfig({ severity: { 'drift:indexes': 'off' } }, '/p/c.json')).toThrow(
      /severity "drift:indexes" is not a finding kind nor a drift aspect .*drift:index-only-in-migrations.*; did you mean "drift:index"\?$/,
    );
  });

  it('sets an aspect of drift before the kind, without silencing the other aspects', () => {
    const findings = [
      aFinding({ kind: 'drift', severity: 'error', aspect: 'index-only-in-migrations' }),
      aFinding({ kind: 'drift', severity: 'error', aspect: 'column-only-in-model' }),
      aFinding({ kind: 'drift', severity: 'warning', aspect: 'comment' }),
    ];
    const judged = applySeverities(findings, { 'drift:index-only-in-migrations': 'warning', 'drift:comment': 'error' });
    expect(judged.map((finding) => [finding.aspect, finding.severity])).toEqual([
      ['index-only-in-migrations', 'warning'],
      ['column-only-in-model', 'error'],
      ['comment', 'error'],
    ]);
    expect(
      applySeverities(findings, { drift: 'warning', 'drift:column-only-in-model': 'error' }).map((f) => f.severity),
    ).toEqual(['warning', 'error', 'warning']);
  });
});
