import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
import { FIXTURES, projectCopy, runCheck, runCli, TODOBOX, todoboxVariant } from './helpers.js';

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
  KEY fk_team_org (org_id),
  CONSTRAINT fk_team_org FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE CASCADE ON UPDATE CASCADE
);
`;

async function run(server: Server, schema: string, sql: string): Promise<void> {
  const connection = await connect(server.credentials, schema);
  try {
    for (const statement of splitStatements(sql)) await connection.query(statement.sql);
  } finally {
    await connection.end();
  }
}

describe.each(inject('servers'))('a generated SQL migration on $image', ({ url, image }) => {
  it("makes the chain's end the model with its up, and gives the chain's end back with its down", async () => {
    await using server = await provision({ credentials: credentialsFromUrl(url), image });
    const [chain, model] = [await server.createScratchSchema('generate'), await server.createScratchSchema('model')];
    await run(server, chain, CHAIN);
    await run(server, model, MODEL);
    const read = async (schema: string) =>
      (await schemaReader(server, schema, { exclude: [], startedMs: Date.now() })()).schema;
    const [before, expected] = [await read(chain), await read(model)];
    const differences = diffSchemas(expected, before);
    expect(differences.length).toBeGreaterThan(10);
    const planned = plan(expected, before, differences, { allowDestructive: true });
    expect(planned.skipped).toEqual([]);
    const sql = renderSql(planned.up, planned.down, new Map());
    await run(server, chain, sql.up);
    expect(diffSchemas(expected, await read(chain))).toEqual([]);
    await run(server, chain, sql.down);
    expect(diffSchemas(before, await read(chain))).toEqual([]);
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
    expect(text).toContain(
      "await queryInterface.addColumn('user', 'api_token', { type: Sequelize.STRING(255), allowNull: true, after: 'oauth_id' });",
    );
    expect(text).toContain(
      "await queryInterface.addIndex('user', ['api_token'], { name: 'ix_user_api_token', unique: true });",
    );
    expect(text).toMatch(/\/\/ REVIEW: rows already in the table may hold duplicates/);
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
    // the foreign key needs its index: the server refuses to drop it to make it unique
    const dir = withModel(
      'sql-chain',
      '  CONSTRAINT fk_posts_author',
      '  UNIQUE KEY fk_posts_author (author_id),\n  CONSTRAINT fk_posts_author',
    );
    const before = readdirSync(path.join(dir, 'migrations'));
    const generated = await runGenerate(url, { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' });
    expect(generated.outcome).toBe('unproven');
    expect(generated.problems.join('\n')).toMatch(/migration-error/);
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
      "export const up: MigrationFn<QueryInterface> = async ({ context: queryInterface }) => {\n    await queryInterface.addColumn('accounts', 'email', { type: DataTypes.STRING(120), allowNull: false, defaultValue: '', after: 'handle' });",
    );
    expect((await runCheck(url, options)).verdict).toBe('pass');
  });
});
