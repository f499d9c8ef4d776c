import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_NAMES as INPUT_NAMES, OPTIONS } from '../../src/config/options.js';
import { resolveConfig, type RawOptions } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/errors.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'migration-gate-config-'));
  mkdirSync(path.join(cwd, 'models'));
  writeFileSync(path.join(cwd, 'schema.sql'), 'CREATE TABLE t (id INT);\n');
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const resolve = (options: RawOptions = {}) => resolveConfig({ cwd, migrations: 'migrations/*.js', ...options });

/** The ConfigError that `work` throws. */
function configError(work: () => unknown): ConfigError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, got none');
}

describe('resolveConfig', () => {
  it('fills in the defaults', () => {
    expect(resolve()).toEqual({
      cwd,
      migrations: 'migrations/*.js',
      tool: { kind: 'umzug' },
      model: null,
      modelCommand: null,
      mysqlImages: ['mysql:8.4'],
      database: null,
      databaseName: null,
      tls: null,
      scratch: null,
      connectTimeoutMs: 10_000,
      context: 'auto',
      tables: null,
      ignoreTables: [],
      strictNames: false,
      strictColumnOrder: false,
      stepTimeoutMs: 60_000,
      metaTable: 'SequelizeMeta',
      irreversible: [],
      unsafe: [],
      lintAll: false,
      minimumDowngrade: null,
      base: null,
      seed: null,
      env: {},
      sequelize: {},
      severity: {},
      baseline: null,
      newOnly: false,
      charset: null,
      collation: null,
      ignore: [],
      configFile: null,
      fileOptions: [],
    });
  });

  it("agrees with the option table's defaults", () => {
    const config = resolve();
    expect([config.mysqlImages, config.context, config.stepTimeoutMs, config.metaTable]).toEqual([
      OPTIONS.mysqlImage.default,
      OPTIONS.context.default,
      OPTIONS.stepTimeout.default,
      OPTIONS.metaTable.default,
    ]);
  });

  it('reads the runner: Alembic by its config file, any tool by its commands, and no option of another runner', () => {
    writeFileSync(path.join(cwd, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
    expect(resolveConfig({ cwd, runner: 'alembic' })).toMatchObject({
      tool: { kind: 'alembic', ini: path.join(cwd, 'alembic.ini'), flask: false },
      migrations: 'alembic.ini',
      metaTable: 'alembic_version',
    });
    // Flask-Migrate's alembic.ini names no script directory: `flask db` runs its steps
    mkdirSync(path.join(cwd, 'migrations'), { recursive: true });
    writeFileSync(path.join(cwd, 'migrations/alembic.ini'), '[alembic]\n# file_template = %%(rev)s\n');
    expect(resolveConfig({ cwd, runner: 'alembic', migrations: 'migrations/alembic.ini' }).tool).toMatchObject({
      flask: true,
    });
    expect(resolveConfig({ cwd, runner: 'alembic', metaTable: 'versions' }).metaTable).toBe('versions');
    expect(configError(() => resolveConfig({ cwd, runner: 'alembic', migrations: 'db/alembic.ini' })).message).toMatch(
      /--runner alembic reads the Alembic config file db\/alembic\.ini, which does not exist .*give its path as --migrations/,
    );
    expect(
      resolveConfig({ cwd, runner: 'command', list: 'ls db', up: 'migrate up {step}', down: 'migrate down {step}' })
        .tool,
    ).toEqual({ kind: 'command', list: 'ls db', up: 'migrate up {step}', down: 'migrate down {step}' });
    expect(resolveConfig({ cwd, runner: 'command', list: 'ls db', up: 'up {step}' }).tool).toMatchObject({
      down: null,
    });
    expect(configError(() => resolveConfig({ cwd, runner: 'command', up: 'x' })).where.option).toBe('list');
    expect(configError(() => resolveConfig({ cwd, runner: 'command', list: 'ls' })).message).toMatch(
      /--runner command needs --up: a command that runs \{step\} up/,
    );
    expect(configError(() => resolve({ up: 'migrate up' })).message).toBe(
      '--up is for --runner command (the runner is umzug)',
    );
    expect(configError(() => resolve({ runner: 'knex' })).message).toMatch(/must be umzug, alembic or command/);
    expect(configError(() => resolve({ model: 'schema.sql', modelCommand: 'print-ddl' })).message).toBe(
      '--model and --model-command both give the model: give one',
    );
    // what only umzug does is an error with another runner, not a check silently left out
    expect(configError(() => resolveConfig({ cwd, runner: 'alembic', lintAll: true })).message).toMatch(
      /^--lint-all probes the statements of umzug's migrations; --runner alembic runs steps/,
    );
    expect(configError(() => resolveConfig({ cwd, runner: 'alembic', model: 'models' })).message).toMatch(
      /^--model models: --runner alembic compares with a model given as DDL/,
    );
    expect(resolveConfig({ cwd, runner: 'alembic', model: 'schema.sql' }).model).toBe('schema.sql');
    // a script_location of another section is not the [alembic] section's
    writeFileSync(
      path.join(cwd, 'other.ini'),
      '[alembic]\nsqlalchemy.url = x\n\n[post_write_hooks]\nscript_location = y\n',
    );
    expect(resolveConfig({ cwd, runner: 'alembic', migrations: 'other.ini' }).tool).toMatchObject({ flask: true });
  });

  it('treats blank strings as not given', () => {
    const config = resolve({
      model: '  ',
      mysqlImage: '',
      databaseUrl: ' ',
      context: '',
      stepTimeout: ' ',
      metaTable: '',
    });
    expect(config).toMatchObject({
      model: null,
      mysqlImages: ['mysql:8.4'],
      context: 'auto',
      stepTimeoutMs: 60_000,
      metaTable: 'SequelizeMeta',
    });
  });

  it('reads several images, from a flag and from the config file, and refuses one named twice', () => {
    expect(resolve({ mysqlImage: ' mysql:8.4, mariadb:11.4 ' }).mysqlImages).toEqual(['mysql:8.4', 'mariadb:11.4']);
    expect(OPTIONS.mysqlImage.kind.file!(['mysql:9.4', 'mariadb:10.11'], 'mysqlImage')).toEqual([
      'mysql:9.4',
      'mariadb:10.11',
    ]);
    expect(OPTIONS.mysqlImage.kind.file!('mysql:9.4', 'mysqlImage')).toEqual(['mysql:9.4']);
    expect(() => resolve({ mysqlImage: 'mysql:8.4,mysql:8.4' })).toThrow(/mysql:8\.4 twice/);
  });

  it('trims and keeps given values', () => {
    const config = resolve({
      migrations: '  db/migrate/*.ts ',
      mysqlImage: 'mariadb:11.8',
      metaTable: 'migrations_meta',
      strictNames: true,
      strictColumnOrder: true,
      context: 'mysql2',
    });
    expect(config).toMatchObject({
      migrations: 'db/migrate/*.ts',
      mysqlImages: ['mariadb:11.8'],
      metaTable: 'migrations_meta',
      strictNames: true,
      strictColumnOrder: true,
      context: 'mysql2',
    });
  });

  it('resolves cwd to an absolute path', () => {
    const config = resolveConfig({ cwd: path.relative(process.cwd(), cwd) || '.', migrations: 'x' });
    expect(config.cwd).toBe(cwd);
  });

  it.each([[undefined], [''], ['   ']])('requires --migrations (given %j)', (migrations) => {
    const error = configError(() => resolveConfig({ cwd, migrations }));
    expect(error.message).toMatch(/^--migrations is required/);
    expect(error.where.option).toBe('migrations');
  });

  it('names the option as the caller spells it when described, and as the CLI flag in its message', () => {
    const names = { ...INPUT_NAMES, seed: 'seed', seedAfter: 'seed-after', base: 'base' };
    const error = configError(() => resolve({ seed: 'schema.sql' }));
    expect(error.describe(names)).toMatch(/^seed needs seed-after <migration> .*, or base to seed/);
    expect(error.describe(INPUT_NAMES)).toBe(error.message);
    expect(error.message).toMatch(/^--seed needs --seed-after <migration> .*, or --base to seed/);
  });

  it.each([
    ['a missing directory', () => path.join(cwd, 'nope')],
    ['a file', () => path.join(cwd, 'schema.sql')],
  ])('refuses a cwd that is %s', (_what, dir) => {
    const error = configError(() => resolveConfig({ cwd: dir(), migrations: 'x' }));
    expect(error.where.option).toBe('cwd');
    expect(error.message).toContain(dir());
  });

  describe('--base and --seed', () => {
    it('takes the seed file relative to cwd, with the step it runs after', () => {
      expect(resolve({ seed: 'schema.sql', seedAfter: '001-a' }).seed).toEqual({
        file: path.join(cwd, 'schema.sql'),
        after: '001-a',
      });
      expect(resolve({ seed: 'schema.sql', base: 'main' })).toMatchObject({
        base: 'main',
        seed: { file: path.join(cwd, 'schema.sql'), after: null },
      });
    });

    it.each([
      [{ seed: 'missing.sql', seedAfter: 'x' }, 'seed', '--seed missing.sql does not exist'],
      [{ seed: 'models', seedAfter: 'x' }, 'seed', '--seed models does not exist'],
      [{ seed: 'schema.sql' }, 'seedAfter', '--seed needs --seed-after <migration>'],
      [{ seedAfter: '001-a' }, 'seedAfter', '--seed-after needs --seed <file>'],
    ])('refuses %j', (options, option, message) => {
      const error = configError(() => resolve(options));
      expect(error.where.option).toBe(option);
      expect(error.message).toContain(message);
    });
  });

  describe('--model', () => {
    it.each([['models'], ['schema.sql'], ['./models/']])('accepts the existing path %s', (model) => {
      expect(resolve({ model }).model).toBe(model);
    });

    it('refuses a path that does not exist, relative to cwd', () => {
      const error = configError(() => resolve({ model: 'models/missing.js' }));
      expect(error.where).toEqual({ option: 'model', file: path.join(cwd, 'models/missing.js') });
      expect(error.message).toContain('models/missing.js does not exist');
      expect(error.message).toContain(cwd);
    });
  });

  describe('--context', () => {
    it.each([['auto'], ['sequelize'], ['mysql2']])('accepts %s', (context) => {
      expect(resolve({ context }).context).toBe(context);
    });

    it.each([['typeorm'], ['Sequelize'], ['mysql']])('refuses %s, naming the input and the value', (context) => {
      const error = configError(() => resolve({ context }));
      expect(error.where.option).toBe('context');
      expect(error.message).toContain('--context must be auto, sequelize or mysql2');
      expect(error.message).toContain(`"${context}"`);
    });
  });

  describe('--step-timeout', () => {
    it.each([
      ['60', 60_000],
      ['90s', 90_000],
      ['2m', 120_000],
      ['500ms', 500],
      ['1.5s', 1_500],
      ['0.5m', 30_000],
      ['30 s', 30_000],
      [' 45 ', 45_000],
    ])('reads %j as %i ms', (stepTimeout, ms) => {
      expect(resolve({ stepTimeout }).stepTimeoutMs).toBe(ms);
    });

    it.each([['abc'], ['0'], ['-1'], ['0s'], ['1h'], ['1e3'], ['s'], ['5 minutes']])('refuses %j', (stepTimeout) => {
      const error = configError(() => resolve({ stepTimeout }));
      expect(error.where.option).toBe('stepTimeout');
      expect(error.message).toContain('--step-timeout must be a positive duration');
      expect(error.message).toContain(`"${stepTimeout.trim()}"`);
    });
  });

  describe('--database-url', () => {
    it.each([
      ['mysql://root:pw@127.0.0.1:3306', { host: '127.0.0.1', port: 3306, user: 'root', password: 'pw' }],
      ['mariadb://user@db.example:3307', { host: 'db.example', port: 3307, user: 'user', password: '' }],
      ['mysql://localhost', { host: 'localhost', port: 3306, user: 'root', password: '' }],
      ['mysql://a%40b:p%3Aw@h', { host: 'h', port: 3306, user: 'a@b', password: 'p:w' }],
    ])('reads %s once, into credentials', (databaseUrl, credentials) => {
      const config = resolve({ databaseUrl });
      expect(config.database).toEqual(credentials);
    });

    it.each([
      ['not a url', /is not a URL/],
      ['localhost:3306', /must start with mysql:\/\/ \(got localhost:\/\/\)/],
      ['postgres://u@h/db', /must start with mysql:\/\/ \(got postgres:\/\/\)/],
      ['http://localhost:3306', /must start with mysql:\/\//],
    ])('refuses %j', (databaseUrl, message) => {
      const error = configError(() => resolve({ databaseUrl }));
      expect(error.where.option).toBe('databaseUrl');
      expect(error.message).toMatch(message);
    });
  });

  describe('lists', () => {
    it.each([
      ['users', ['users']],
      ['users,orgs', ['users', 'orgs']],
      [' users , orgs ,', ['users', 'orgs']],
      ['users\norgs\r\n', ['users', 'orgs']],
      ['users,\n  orgs\n\n,tags', ['users', 'orgs', 'tags']],
    ])('split %j on commas and newlines', (value, expected) => {
      const config = resolve({ tables: value, ignoreTables: value });
      expect(config.tables).toEqual(expected);
      expect(config.ignoreTables).toEqual(expected);
    });

    it.each([[undefined], [''], [' , \n ']])('give null tables and no ignored tables for %j', (value) => {
      const config = resolve({ tables: value, ignoreTables: value });
      expect(config.tables).toBeNull();
      expect(config.ignoreTables).toEqual([]);
    });
  });
});
