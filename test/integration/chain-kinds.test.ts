import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { FIXTURES, kinds, projectCopy, runCheck, TODOBOX } from './helpers.js';

const fixture = (name: string) => path.join(FIXTURES, name);

describe.each(inject('servers'))('migration and model kinds on $image', ({ url }) => {
  it('sequelize-cli JavaScript: (queryInterface, Sequelize), associations, models/index.js skipped', async () => {
    const result = await runCheck(url, {
      cwd: fixture('sequelize-cli-js'),
      migrations: 'migrations/*.js',
      model: 'models',
    });
    expect(result.context).toBe('sequelize');
    expect(kinds(result)).toEqual([]);
    expect(result.compared.sort()).toEqual(['Todos', 'Users']);
    // Sequelize puts the association's key after the timestamps; the migration put it before them.
    expect(kinds(result, 'warning')).toEqual(['column-order']);
    expect(result.steps).toHaveLength(3);
    expect(result.steps.every((step) => step.down.outcome === 'ok' && step.reup.outcome === 'ok')).toBe(true);
  });

  it('sequelize-typescript: @Table classes with declare fields and decorator metadata, export = and export default migrations', async () => {
    const result = await runCheck(url, {
      cwd: fixture('sequelize-typescript'),
      migrations: 'migrations/*.ts',
      model: 'models',
    });
    expect(result.findings).toEqual([]);
    expect(result.model).toMatchObject({ kind: 'sequelize' });
    expect(result.compared.sort()).toEqual(['authors', 'books']);
  });

  it('sequelize-typescript: drift on a foreign key is annotated on its decorated property', async () => {
    const dir = projectCopy(fixture('sequelize-typescript'));
    const migration = path.join(dir, 'migrations/20240102000000-create-books.ts');
    writeFileSync(migration, readFileSync(migration, 'utf8').replace("onDelete: 'CASCADE'", "onDelete: 'SET NULL'"));
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.ts', model: 'models' });
    expect(kinds(result)).toEqual(['drift']);
    const [drift] = result.findings;
    expect(drift).toMatchObject({ table: 'books', differences: [{ object: 'foreignKey', attribute: 'onDelete' }] });
    expect(path.relative(dir, drift!.file!)).toBe('models/book.model.ts');
    const text = readFileSync(path.join(dir, 'models/book.model.ts'), 'utf8').split('\n');
    expect(text[drift!.line! - 1]).toContain('declare authorId');
  });

  it('a single sequelize-cli model factory file as the model', async () => {
    const result = await runCheck(url, { cwd: TODOBOX, migrations: 'migrations/*.ts', model: 'models/user.ts' });
    expect(result.findings).toEqual([]);
    expect(result.model).toMatchObject({ kind: 'sequelize', tables: ['user'] });
  });

  it('umzug v3 TypeScript: named exports, export default with { name, context }, .mts, against a .sql model', async () => {
    const result = await runCheck(url, { cwd: fixture('umzug-ts'), migrations: 'migrations/*', model: 'schema.sql' });
    expect(result.findings).toEqual([]);
    expect(result.model?.kind).toBe('sql');
    expect(result.compared.sort()).toEqual(['accounts', 'transfers']);
    expect(result.steps.map((step) => step.name)).toEqual([
      '2024.01.01T00.00.00.create-accounts.ts',
      '2024.01.02T00.00.00.create-transfers.ts',
      '2024.01.03T00.00.00.add-status.mts',
    ]);
  });

  it('umzug contexts other projects use: the Sequelize instance, and { queryInterface, Sequelize }', async () => {
    const result = await runCheck(url, { cwd: fixture('umzug-ts'), migrations: 'migrations-context/*' });
    expect(result.findings).toEqual([]);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual([
      ['ok', 'ok', 'ok'],
      ['ok', 'ok', 'ok'],
    ]);
    expect(Object.keys(result.schema!.tables)).toEqual(['notes']);
  });

  it('mysql2 context: .cjs, .mjs and exports.up, against a module that defines models on the instance', async () => {
    const result = await runCheck(url, {
      cwd: fixture('mysql2-js'),
      migrations: 'migrations/*',
      model: 'models/define.mjs',
      context: 'mysql2',
    });
    expect(result.context).toBe('mysql2');
    expect(result.findings).toEqual([]);
    expect(result.model?.kind).toBe('sequelize');
    expect(result.compared).toEqual(['tags']);
  });

  it('plain SQL: NAME.up.sql + NAME.down.sql, several statements a file; auto picks mysql2 without sequelize', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migration-gate-sql-'));
    cpSync(fixture('sql-chain'), dir, { recursive: true });
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' });
    expect(result.context).toBe('mysql2');
    expect(result.findings).toEqual([]);
    expect(result.steps.map((step) => step.name)).toEqual(['0001_init.up.sql', '0002_post_slug.up.sql']);
    expect(result.compared.sort()).toEqual(['authors', 'posts']);
  });

  it('plain SQL: a failing statement is reported on its own line, and a .up.sql without .down.sql is irreversible', async () => {
    const dir = projectCopy(fixture('sql-chain'), {
      remove: ['migrations/0002_post_slug.down.sql'],
      write: {
        'migrations/0003_broken.up.sql':
          'ALTER TABLE posts ADD COLUMN views INT NOT NULL DEFAULT 0;\n\nALTER TABLE posts DROP COLUMN nope;\n',
        'migrations/0003_broken.down.sql': 'ALTER TABLE posts DROP COLUMN views;\n',
      },
    });
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' });
    const error = result.findings.find((finding) => finding.kind === 'migration-error')!;
    expect(path.basename(error.file!)).toBe('0003_broken.up.sql');
    expect(error.line).toBe(3);
    expect(kinds(result).sort()).toEqual(['irreversible', 'migration-error']);
  });

  it('an .sql model: drift is annotated on the line of the column in the DDL', async () => {
    const dir = projectCopy(fixture('sql-chain'));
    const schema = path.join(dir, 'schema.sql');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('slug VARCHAR(200) NULL', 'slug VARCHAR(120) NULL'));
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' });
    expect(kinds(result)).toEqual(['drift']);
    const [drift] = result.findings;
    expect(drift).toMatchObject({ table: 'posts', column: 'slug' });
    expect(drift!.line).toBe(
      readFileSync(schema, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('slug VARCHAR')) + 1,
    );
    expect(drift!.message).toMatch(/varchar\(120\).*varchar\(200\)/);
  });

  it('--tables limits the comparison, --ignore-tables silences tables the model lacks', async () => {
    const dir = projectCopy(fixture('sql-chain'), {
      write: {
        'schema.sql':
          "CREATE TABLE authors (\n  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  name VARCHAR(100) NOT NULL COMMENT 'display name; shown on posts'\n);\n",
      },
    });
    const all = await runCheck(url, { cwd: dir, migrations: 'migrations/*.sql', model: 'schema.sql' });
    expect(kinds(all)).toEqual(['drift']);
    expect(all.findings[0]).toMatchObject({ table: 'posts' });
    const limited = await runCheck(url, {
      cwd: dir,
      migrations: 'migrations/*.sql',
      model: 'schema.sql',
      tables: 'authors',
    });
    expect(limited.findings).toEqual([]);
    expect(limited.compared).toEqual(['authors']);
    const ignored = await runCheck(url, {
      cwd: dir,
      migrations: 'migrations/*.sql',
      model: 'schema.sql',
      ignoreTables: 'posts',
    });
    expect(ignored.findings).toEqual([]);
  });
});
