import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { splitStatements } from '../../src/chain/sql.js';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import { loadConfig } from '../../src/config/load.js';
import type { RawOptions } from '../../src/config/resolve.js';
import { provision } from '../../src/database/provision.js';
import { connect, type Server } from '../../src/database/server.js';
import { generate, type GenerateOptions, type Generated } from '../../src/generate.js';
import { plan } from '../../src/generate/plan.js';
import { renderSql } from '../../src/generate/sql.js';
import { diffSchemas } from '../../src/schema/diff.js';
import { schemaReader } from '../../src/schema/reader.js';
import type { Flavor } from '../../src/schema/types.js';
import { FIXTURES, projectCopy, ROOT, runCheck, runCli, TODOBOX, todoboxVariant } from './helpers.js';

/** A chain's end, and a model that differs from it in every kind of object. */
const CHAIN = `
CREATE TABLE org (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL);
CREATE TABLE user (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  fullname VARCHAR(100) NULL,
  legacy_flag TINYINT(1) NOT NULL DEFAULT 0,
  org_id INT NULL,
  KEY ix_user_email (email),
  CONSTRAINT fk_user_org FOREIGN KEY (org_id) REFERENCES org (id)
);
CREATE TABLE old_audit (id INT NOT NULL PRIMARY KEY, note TEXT);
`;
const MODEL = `
CREATE TABLE org (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL COMMENT 'display name',
  CONSTRAINT chk_org_name CHECK (name <> '')
) COMMENT='organisations';
CREATE TABLE user (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  fullname VARCHAR(200) NULL,
  api_token VARCHAR(255) NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  bio TEXT NULL DEFAULT ('none'),
  org_id INT NULL,
  UNIQUE KEY ix_user_email (email),
  UNIQUE KEY ix_user_api_token (api_token),
  KEY ix_user_name (fullname(10)),
  CONSTRAINT fk_user_org FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE CASCADE
);
CREATE TABLE team (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id INT NOT NULL,
  code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  uid CHAR(36) NOT NULL DEFAULT (uuid()),
  KEY fk_team_org (org_id),
  CONSTRAINT fk_team_org FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE CASCADE ON UPDATE CASCADE
);
`;

/**
 * What the server refuses unless the migration goes around it: a column's type changed under a foreign
 * key (on either side), an index a foreign key needs replaced, two dropped tables one of which references
 * the other, adjacent columns dropped (their down adds each after the other), an AUTO_INCREMENT column
 * that comes (added or changed) with the primary key it makes, a junction table's surrogate key whose old
 * key served a foreign key.
 */
const REFUSING_CHAIN = `
CREATE TABLE account (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL);
CREATE TABLE invoice (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id INT NOT NULL,
  number VARCHAR(20) NOT NULL,
  a INT NULL,
  b INT NULL,
  KEY ix_invoice_account (account_id),
  CONSTRAINT fk_invoice_account FOREIGN KEY (account_id) REFERENCES account (id)
);
CREATE TABLE legacy_parent (id INT NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY ix_code (code));
CREATE TABLE link (a INT NOT NULL, b INT NOT NULL);
CREATE TABLE member_role (
  member_id INT NOT NULL,
  role_id INT NOT NULL,
  PRIMARY KEY (member_id, role_id),
  CONSTRAINT fk_member_role_account FOREIGN KEY (member_id) REFERENCES account (id)
);
CREATE TABLE seq (id INT NOT NULL, v INT NULL);
CREATE TABLE legacy_child (
  id INT NOT NULL PRIMARY KEY,
  parent_id INT NULL,
  KEY ix_parent (parent_id),
  CONSTRAINT fk_legacy FOREIGN KEY (parent_id) REFERENCES legacy_parent (id) ON DELETE CASCADE
);
`;
const REFUSING_MODEL = `
CREATE TABLE account (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL);
CREATE TABLE invoice (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT NOT NULL,
  number VARCHAR(20) NOT NULL,
  KEY ix_invoice_account (account_id, number),
  CONSTRAINT fk_invoice_account FOREIGN KEY (account_id) REFERENCES account (id)
);
CREATE TABLE link (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, a INT NOT NULL, b INT NOT NULL);
CREATE TABLE member_role (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id BIGINT NOT NULL,
  role_id INT NOT NULL,
  UNIQUE KEY ux_member_role (member_id, role_id),
  CONSTRAINT fk_member_role_account FOREIGN KEY (member_id) REFERENCES account (id)
);
CREATE TABLE seq (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NULL);
`;

async function run(server: Server, schema: string, sql: string): Promise<void> {
  const connection = await connect(server.credentials, schema);
  try {
    for (const statement of splitStatements(sql)) await connection.query(statement.sql);
  } finally {
    await connection.end();
  }
}

/**
 * The plan from a chain's end (`chain` run) to a model (`model` run), its SQL run up and down on the server:
 * up must make the chain's end the model, down must give it back.
 */
async function roundTrip(
  url: string,
  image: string,
  chainSql: string,
  modelSql: string | ((engine: Flavor['kind']) => string),
) {
  await using server = await provision({ credentials: credentialsFromUrl(url), image });
  const [chain, model] = [await server.createScratchSchema('generate'), await server.createScratchSchema('model')];
  await run(server, chain, chainSql);
  await run(server, model, typeof modelSql === 'string' ? modelSql : modelSql(server.flavor.kind));
  const read = async (schema: string) =>
    (await schemaReader(server, schema, { exclude: [], startedMs: Date.now() })()).schema;
  const [before, expected] = [await read(chain), await read(model)];
  const differences = diffSchemas(expected, before);
  const planned = plan(expected, before, differences, { allowDestructive: true });
  const sql = renderSql(planned.up, planned.down, new Map(), server.flavor.kind);
  await run(server, chain, sql.up);
  const up = diffSchemas(expected, await read(chain));
  await run(server, chain, sql.down);
  return { differences, planned, sql, up, down: diffSchemas(before, await read(chain)) };
}

describe.each(inject('servers'))('a generated SQL migration on $image', ({ url, image }) => {
  it("makes the chain's end the model with its up, and gives the chain's end back with its down", async () => {
    // and an index the optimizer leaves alone, which each engine says its own way
    const hidden = (engine: Flavor['kind']) =>
      `${MODEL}\nCREATE INDEX ix_user_updated ON user (updated_at) ${engine === 'mysql' ? 'INVISIBLE' : 'IGNORED'};`;
    const trip = await roundTrip(url, image, CHAIN, hidden);
    expect(trip.differences.length).toBeGreaterThan(10);
    expect(trip.planned.skipped).toEqual([]);
    expect(trip.up).toEqual([]);
    expect(trip.down).toEqual([]);
  });

  it('goes around what the server refuses: keys over changed columns and replaced indexes, tables that reference each other, adjacent columns', async () => {
    const { sql, up, down } = await roundTrip(url, image, REFUSING_CHAIN, REFUSING_MODEL);
    // the key comes off before its columns change and its index goes, and back on after
    const at = (text: string, last = false) => {
      const index = last ? sql.up.lastIndexOf(text) : sql.up.indexOf(text);
      expect(index, text).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(at('DROP FOREIGN KEY `fk_invoice_account`')).toBeLessThan(at('MODIFY COLUMN'));
    expect(at('ADD CONSTRAINT `fk_invoice_account`')).toBeGreaterThan(at('INDEX `ix_invoice_account`', true));
    expect(up).toEqual([]);
    expect(down).toEqual([]);
  });
});

/** generate() as the CLI runs it, on the test server. */
async function runGenerate(url: string, options: RawOptions, flags: Partial<GenerateOptions> = {}): Promise<Generated> {
  const config = await loadConfig({ ...options, databaseUrl: url }, null);
  return generate(config, { dryRun: false, allowDestructive: false, name: null, now: NOW, ...flags });
}

const NOW = new Date('2026-12-01T10:00:00Z');

/** A copy of a fixture whose schema.sql model has `text` where it had `replace`. */
function withModel(fixture: string, replace: string, text: string): string {
  const dir = projectCopy(path.join(FIXTURES, fixture));
  const model = readFileSync(path.join(dir, 'schema.sql'), 'utf8');
  if (!model.includes(replace)) throw new Error(`${fixture}/schema.sql has no ${replace}`);
  writeFileSync(path.join(dir, 'schema.sql'), model.replace(replace, text));
  return dir;
}
const TODOBOX_CHAIN = { migrations: 'migrations/*.ts', model: 'models/' };
/** The repository's Prettier, which the projects under test/.tmp find as a monorepo's package finds its root's. */
const PRETTIER = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules/prettier/package.json'), 'utf8')) as { version: string }
).version;

describe.each(inject('servers'))('migration-gate generate on $image', ({ url }) => {
  it("writes the outage's fix in the project's style, proven: the chain with it passes check", async () => {
    const dir = todoboxVariant('outage');
    const printed = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN }, { dryRun: true });
    expect(printed.outcome).toBe('printed');
    expect(printed.files.map((file) => file.file)).toEqual(['migrations/20261201100000-add-api-token.ts']);
    expect(existsSync(path.join(dir, printed.files[0]!.file))).toBe(false);
    const text = printed.files[0]!.text;
    expect(text).toContain(
      'module.exports = {\n  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {',
    );
    // formatted as the repository this project sits in formats its files (printWidth 120)
    expect(printed.notes).toEqual([`formatted with the project's Prettier ${PRETTIER} (../../../package.json)`]);
    expect(text).toContain(
      "    await queryInterface.addColumn('user', 'api_token', {\n      type: Sequelize.STRING(255),\n      allowNull: true,\n      after: 'oauth_id',\n    });\n",
    );
    expect(text).toContain(
      "await queryInterface.addIndex('user', ['api_token'], { name: 'ix_user_api_token', unique: true });",
    );
    // a unique index over a column it adds with no value: no row already there can collide
    expect(text).not.toContain('REVIEW');
    const written = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN });
    expect(written.outcome).toBe('written');
    expect(readFileSync(path.join(dir, written.files[0]!.file), 'utf8')).toBe(text);
    const checked = await runCheck(url, { cwd: dir, ...TODOBOX_CHAIN });
    expect(checked.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(checked.steps).toHaveLength(5);
  });

  it('has nothing to generate where the chain ends at the model, and writes nothing', async () => {
    const dir = projectCopy(TODOBOX);
    const before = readdirSync(path.join(dir, 'migrations'));
    expect(await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN })).toMatchObject({ outcome: 'nothing', files: [] });
    expect(readdirSync(path.join(dir, 'migrations'))).toEqual(before);
  });

  it('closes no drift an ignore rule accepts: the column, with the index that went with it', async () => {
    const dir = todoboxVariant('outage');
    writeFileSync(
      path.join(dir, 'migration-gate.config.json'),
      JSON.stringify({ ignore: [{ table: 'user', column: 'api_token', reason: 'restored by d1f2e3c4b5a6' }] }),
    );
    expect(await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN })).toMatchObject({ outcome: 'nothing', files: [] });
  });

  it('leaves out a drop without --allow-destructive, and writes it with', async () => {
    const dir = projectCopy(TODOBOX, {
      write: {
        'models/user.ts': readFileSync(path.join(TODOBOX, 'models/user.ts'), 'utf8').replace(
          '      fullname: { type: DataTypes.STRING(100) },\n',
          '',
        ),
      },
    });
    const careful = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN });
    expect(careful).toMatchObject({ outcome: 'skipped', files: [] });
    expect(careful.skipped).toEqual([expect.stringMatching(/^drop column user\.fullname: it destroys data/)]);
    const allowed = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN }, { allowDestructive: true });
    expect(allowed.outcome).toBe('written');
    expect(allowed.files[0]!.text).toContain("await queryInterface.removeColumn('user', 'fullname');");
    expect((await runCheck(url, { cwd: dir, ...TODOBOX_CHAIN })).verdict).toBe('pass');
  });

  it('writes what it may when a drop is left out, and proves the rest', async () => {
    const model = readFileSync(path.join(TODOBOX, 'models/user.ts'), 'utf8')
      .replace('      fullname: { type: DataTypes.STRING(100) },\n', '')
      .replace('      api_token: {', '      nickname: { type: DataTypes.STRING(40) },\n      api_token: {');
    const dir = projectCopy(TODOBOX, { write: { 'models/user.ts': model } });
    const generated = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN });
    expect(generated.outcome).toBe('written');
    expect(generated.skipped).toEqual([expect.stringMatching(/^drop column user\.fullname/)]);
    expect(generated.files[0]!.text).toContain("await queryInterface.addColumn('user', 'nickname'");
    expect(generated.files[0]!.text).not.toContain('fullname');
  });

  it('takes the file back when the chain with it does not pass: nothing is left in the project', async () => {
    // an AUTO_INCREMENT column the server takes only with its key, which comes in a statement after it
    const dir = chainProject(
      {
        '0001_links.up.sql': 'CREATE TABLE links (a INT NOT NULL PRIMARY KEY);\n',
        '0001_links.down.sql': 'DROP TABLE links;\n',
      },
      'CREATE TABLE links (a INT NOT NULL PRIMARY KEY, seq INT NOT NULL AUTO_INCREMENT, UNIQUE KEY ix_seq (seq));\n',
    );
    const before = readdirSync(path.join(dir, 'migrations'));
    const generated = await runGenerate(url, { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' });
    expect(generated.outcome).toBe('unproven');
    expect(generated.problems.join('\n')).toMatch(/migration-error: .*(1075|there can be only one auto column)/);
    expect(readdirSync(path.join(dir, 'migrations'))).toEqual(before);
  });

  it('writes an SQL chain its .up.sql and .down.sql, numbered after the last', async () => {
    const dir = withModel(
      'sql-chain',
      '  slug VARCHAR(200) NULL,',
      '  slug VARCHAR(200) NULL,\n  published_at DATETIME(3) NULL,\n  KEY ix_posts_published (published_at),',
    );
    const options = { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' };
    const generated = await runGenerate(url, options, { name: 'publish-dates' });
    expect(generated.outcome).toBe('written');
    expect(generated.files.map((file) => file.file)).toEqual([
      'migrations/0003_publish-dates.up.sql',
      'migrations/0003_publish-dates.down.sql',
    ]);
    expect(generated.files[0]!.text).toContain(
      'ALTER TABLE `posts` ADD COLUMN `published_at` datetime(3) NULL AFTER `slug`;',
    );
    expect((await runCheck(url, options)).verdict).toBe('pass');
  });

  it('runs from the CLI: the proven file on standard output with --dry-run, exit 0; nothing to generate, exit 0', async () => {
    const flags = ['--migrations', 'migrations/*.ts', '--model', 'models/', '--database-url', url];
    const dry = await runCli([
      'generate',
      '--cwd',
      todoboxVariant('outage'),
      ...flags,
      '--dry-run',
      '--name',
      'restore-api-token',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^-- migrations\/\d{14}-restore-api-token\.ts\n/);
    expect(dry.stdout).toContain("await queryInterface.removeColumn('user', 'api_token');");
    expect(dry.stderr).toContain('proven: the chain with it runs up, down and up again and ends where the model is');
    const nothing = await runCli(['generate', '--cwd', projectCopy(TODOBOX), ...flags]);
    expect([nothing.code, nothing.stdout]).toEqual([0, '']);
    expect(nothing.stderr).toContain('nothing to generate: the chain ends where the model is');
  });

  it("writes an umzug ES module in umzug's own style and naming", async () => {
    const dir = withModel(
      'umzug-ts',
      '  handle VARCHAR(40) NOT NULL,',
      "  handle VARCHAR(40) NOT NULL,\n  email VARCHAR(120) NOT NULL DEFAULT '',",
    );
    const options = { cwd: dir, migrations: 'migrations/*', model: 'schema.sql' };
    const generated = await runGenerate(url, options);
    expect(generated.outcome).toBe('written');
    expect(generated.files.map((file) => file.file)).toEqual(['migrations/2026.12.01T10.00.00.add-email.mts']);
    expect(generated.files[0]!.text).toContain(
      "export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {\n  await queryInterface.addColumn('accounts', 'email', {\n    type: DataTypes.STRING(120),\n",
    );
    expect((await runCheck(url, options)).verdict).toBe('pass');
  });

  it("formats the file with the project's own Prettier and config, and keeps it as generated when Prettier fails", async () => {
    const dir = todoboxVariant('outage');
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'todobox', devDependencies: { prettier: '^3.0.0' } }),
    );
    writeFileSync(path.join(dir, '.prettierrc'), JSON.stringify({ useTabs: true, singleQuote: false, semi: false }));
    const formatted = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN }, { dryRun: true });
    expect(formatted.outcome).toBe('printed');
    expect(formatted.notes).toEqual([`formatted with the project's Prettier ${PRETTIER} (package.json)`]);
    expect(formatted.files[0]!.text).toContain(
      '\tasync up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {\n',
    );
    expect(formatted.files[0]!.text).toContain('\t\tawait queryInterface.removeColumn("user", "api_token")\n');

    writeFileSync(path.join(dir, '.prettierrc'), '{ "useTabs": ');
    const failed = await runGenerate(url, { cwd: dir, ...TODOBOX_CHAIN }, { dryRun: true });
    expect(failed.outcome).toBe('printed');
    expect(failed.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the project's Prettier ${PRETTIER.replace(/\./g, '\\.')} \\(package\\.json\\) did not format it, so it is as generated: it failed with exit code 2`,
        ),
      ),
    ]);
    expect(failed.files[0]!.text).toContain("    await queryInterface.removeColumn('user', 'api_token');\n");
  });
});

/** A plain table the model adds: createTable with its columns' attributes, then its index and foreign key. */
const TAG = `
CREATE TABLE tag (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  label VARCHAR(40) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  org_id INT NULL,
  UNIQUE KEY ix_tag_label (label),
  CONSTRAINT fk_tag_org FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE SET NULL
) COMMENT='labels';
`;

/** The statements of CHAIN as a migration runs them, one query each, and the down that drops its tables. */
const CHAIN_CALLS = {
  up: splitStatements(CHAIN)
    .map((statement) => `  await queryInterface.sequelize.query(${JSON.stringify(statement.sql)});`)
    .join('\n'),
  down: "  for (const table of ['old_audit', 'user', 'org']) await queryInterface.dropTable(table);",
};

/** A project of these migrations, whose model is `model` (schema.sql). */
function chainProject(migrations: Record<string, string>, model: string): string {
  const base = path.join(ROOT, 'test/.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, 'chain-'));
  mkdirSync(path.join(dir, 'migrations'));
  for (const [file, text] of Object.entries(migrations)) writeFileSync(path.join(dir, 'migrations', file), text);
  writeFileSync(path.join(dir, 'schema.sql'), model);
  return dir;
}

describe.each(inject('servers'))(
  'generate closes every kind of drift, in SQL and both module forms, on $image',
  ({ url }) => {
    it('in an SQL chain: each object kind as its statement in .up.sql, undone in .down.sql, proven, and check passes', async () => {
      const dir = chainProject(
        {
          '0001_chain.up.sql': CHAIN,
          '0001_chain.down.sql': 'DROP TABLE old_audit;\nDROP TABLE user;\nDROP TABLE org;\n',
        },
        `${MODEL}${TAG}`,
      );
      const options = { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' };
      const generated = await runGenerate(url, options, { allowDestructive: true, name: 'close-drift' });
      expect(generated.problems).toEqual([]);
      expect(generated.outcome).toBe('written');
      const [up, down] = generated.files;
      expect([up!.file, down!.file]).toEqual([
        'migrations/0002_close-drift.up.sql',
        'migrations/0002_close-drift.down.sql',
      ]);
      for (const statement of [
        'CREATE TABLE `tag` (',
        'CREATE UNIQUE INDEX `ix_tag_label` ON `tag` (`label`);',
        'ALTER TABLE `tag` ADD CONSTRAINT `fk_tag_org` FOREIGN KEY (`org_id`) REFERENCES `org` (`id`) ON DELETE SET NULL;',
        'ALTER TABLE `user` ADD COLUMN `api_token` varchar(255) NULL AFTER `fullname`;',
        'ALTER TABLE `user` MODIFY COLUMN `fullname` varchar(200) NULL;',
        'ALTER TABLE `user` DROP COLUMN `legacy_flag`;',
        "ALTER TABLE `org` ADD CONSTRAINT `chk_org_name` CHECK (name <> '');",
        'DROP TABLE `old_audit`;',
      ])
        expect(up!.text).toContain(statement);
      for (const statement of [
        'DROP TABLE `tag`;',
        'ALTER TABLE `user` DROP COLUMN `api_token`;',
        'CREATE TABLE `old_audit` (',
      ])
        expect(down!.text).toContain(statement);
      expect((await runCheck(url, options)).verdict).toBe('pass');
    });

    it.each([
      {
        form: 'sequelize-cli, JavaScript, CommonJS',
        file: '20240101000000-chain.js',
        text: `module.exports = {\n  async up(queryInterface) {\n${CHAIN_CALLS.up}\n  },\n  async down(queryInterface) {\n${CHAIN_CALLS.down}\n  },\n};\n`,
        written: /^migrations\/20261201100000-close-model-drift\.js$/,
      },
      {
        form: 'umzug, TypeScript, ES module',
        file: '2024.01.01T00.00.00.chain.mts',
        text: `export const up = async ({ context: queryInterface }) => {\n${CHAIN_CALLS.up}\n};\nexport const down = async ({ context: queryInterface }) => {\n${CHAIN_CALLS.down}\n};\n`,
        written: /^migrations\/2026\.12\.01T10\.00\.00\.close-model-drift\.mts$/,
      },
    ])(
      '$form: each object kind as its QueryInterface call where one says it, proven, and check passes',
      async ({ file, text, written }) => {
        const dir = chainProject({ [file]: text }, `${MODEL}${TAG}`);
        const options = { cwd: dir, migrations: 'migrations/*', model: 'schema.sql' };
        const generated = await runGenerate(url, options, { allowDestructive: true });
        expect(generated.problems).toEqual([]);
        expect(generated.outcome).toBe('written');
        expect(generated.files.map((item) => item.file)).toEqual([expect.stringMatching(written)]);
        // Prettier may wrap any call: compared without whitespace and trailing commas
        const flat = (code: string) => code.replace(/\s+/g, '').replace(/,([)}\]])/g, '$1');
        const calls = flat(generated.files[0]!.text.replaceAll('Sequelize.', 'DataTypes.'));
        for (const call of [
          // table create, with its index, unique index and foreign key with its rule
          "queryInterface.createTable('tag', { id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true }",
          "label: { type: DataTypes.STRING(40), allowNull: false, defaultValue: '' }",
          "queryInterface.addIndex('tag', ['label'], { name: 'ix_tag_label', unique: true })",
          "queryInterface.addConstraint('tag', { type: 'foreign key', name: 'fk_tag_org', fields: ['org_id'], references: { table: 'org', fields: ['id'] }, onDelete: 'SET NULL' })",
          // column add, change and drop
          "queryInterface.addColumn('user', 'api_token', { type: DataTypes.STRING(255), allowNull: true, after: 'fullname' })",
          "queryInterface.changeColumn('user', 'fullname', { type: DataTypes.STRING(200), allowNull: true })",
          "queryInterface.removeColumn('user', 'legacy_flag')",
          // an index made unique, a foreign key whose rule changed: removed, then added as the model has it
          "queryInterface.removeIndex('user', 'ix_user_email')",
          "queryInterface.addIndex('user', ['email'], { name: 'ix_user_email', unique: true })",
          "queryInterface.removeConstraint('user', 'fk_user_org')",
          "fields: ['org_id'], references: { table: 'org', fields: ['id'] }, onDelete: 'CASCADE' })",
          // a check constraint and a table QueryInterface cannot say: the statement
          'ADD CONSTRAINT `chk_org_name` CHECK',
          'CREATE TABLE `team`',
          "queryInterface.dropTable('old_audit')",
        ])
          expect(calls).toContain(flat(call));
        expect((await runCheck(url, options)).verdict).toBe('pass');
      },
    );
  },
);
