import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { inverse, plan, type Operation } from '../../src/generate/plan.js';
import { renderModule } from '../../src/generate/module.js';
import { columnDefinition, renderSql, statementOf } from '../../src/generate/sql.js';
import { nameAfter, styleOf } from '../../src/generate/style.js';
import { diffSchemas } from '../../src/schema/diff.js';
import type { Schema } from '../../src/schema/types.js';
import { aCheck, aColumn, aForeignKey, anIndex, aSchema, aTable } from './builders.js';

const id = aColumn({ name: 'id', autoIncrement: true });
const email = aColumn({ name: 'email', type: 'varchar(120)' });
const token = aColumn({ name: 'api_token', type: 'varchar(255)', nullable: true });
const tokenIndex = anIndex('ix_user_api_token', ['api_token'], { unique: true });

/** The plan that makes `actual` what `expected` is. */
const planned = (expected: Schema, actual: Schema, allowDestructive = false) =>
  plan(expected, actual, diffSchemas(expected, actual), { allowDestructive });
const ops = (operations: Operation[]) =>
  operations.map((operation) =>
    [
      operation.op,
      'column' in operation
        ? operation.column.name
        : 'index' in operation
          ? operation.index.name
          : 'key' in operation
            ? operation.key.name
            : '',
    ]
      .join(' ')
      .trim(),
  );

describe('the plan of a migration that closes the drift', () => {
  it("restores the outage's column and its unique index, and undoes them in reverse", () => {
    const model = aSchema(aTable('user', { columns: [id, email, token], indexes: [tokenIndex] }));
    const chain = aSchema(aTable('user', { columns: [id, email] }));
    const result = planned(model, chain);
    expect(ops(result.up)).toEqual(['addColumn api_token', 'addIndex ix_user_api_token']);
    expect(result.up[0]).toMatchObject({ after: 'email' });
    expect(ops(result.down)).toEqual(['removeIndex ix_user_api_token', 'removeColumn api_token']);
    expect(result.review).toEqual([{ operation: 1, why: expect.stringContaining('duplicates') }]);
    expect(result.skipped).toEqual([]);
  });

  it('creates a table the model adds whole, its foreign keys after every table exists', () => {
    const org = aTable('org', { columns: [id] });
    const member = aTable('member', {
      columns: [id, aColumn({ name: 'org_id' })],
      indexes: [anIndex('fk_member_org', ['org_id'])],
      foreignKeys: [aForeignKey('fk_member_org', ['org_id'], 'org', { onDelete: 'CASCADE' })],
    });
    const result = planned(aSchema(member, org), aSchema());
    expect(ops(result.up)).toEqual([
      'createTable',
      'createTable',
      'addIndex fk_member_org',
      'addForeignKey fk_member_org',
    ]);
    const created = result.up.filter((operation) => operation.op === 'createTable');
    expect(created.map((operation) => operation.op === 'createTable' && operation.table.foreignKeys)).toEqual([[], []]);
    expect(ops(result.down)).toEqual([
      'removeForeignKey fk_member_org',
      'removeIndex fk_member_org',
      'dropTable',
      'dropTable',
    ]);
    // the tables are new: no row can break their keys
    expect(result.review).toEqual([]);
  });

  it('drops what the model lost only with --allow-destructive, and last', () => {
    const model = aSchema(aTable('user', { columns: [id, email] }));
    const chain = aSchema(aTable('user', { columns: [id, email, token], indexes: [tokenIndex] }), aTable('legacy'));
    const careful = planned(model, chain);
    expect(ops(careful.up)).toEqual(['removeIndex ix_user_api_token']);
    expect(careful.skipped.map((skip) => skip.what).sort()).toEqual([
      'drop column user.api_token',
      'drop table legacy',
    ]);
    const allowed = planned(model, chain, true);
    expect(ops(allowed.up)).toEqual(['removeIndex ix_user_api_token', 'removeColumn api_token', 'dropTable']);
    expect(ops(allowed.down).slice(0, 2)).toEqual(['createTable', 'addColumn api_token']);
  });

  it('changes a column with its whole definition once, and a narrowing only with consent', () => {
    const model = aSchema(
      aTable('user', { columns: [id, aColumn({ name: 'email', type: 'varchar(255)', nullable: true, comment: 'x' })] }),
    );
    const result = planned(model, aSchema(aTable('user', { columns: [id, email] })));
    expect(ops(result.up)).toEqual(['changeColumn email']);
    expect(result.up[0]).toMatchObject({
      column: { type: 'varchar(255)', comment: 'x' },
      from: { type: 'varchar(120)' },
    });
    expect(result.down[0]).toMatchObject({ column: { type: 'varchar(120)' }, from: { type: 'varchar(255)' } });
    const narrower = aSchema(aTable('user', { columns: [id, aColumn({ name: 'email', type: 'varchar(50)' })] }));
    expect(planned(narrower, aSchema(aTable('user', { columns: [id, email] }))).skipped).toHaveLength(1);
    expect(ops(planned(narrower, aSchema(aTable('user', { columns: [id, email] })), true).up)).toEqual([
      'changeColumn email',
    ]);
  });

  it('asks for review where rows already there may be refused: NOT NULL without default, a new key or check', () => {
    const chain = aSchema(aTable('user', { columns: [id, email] }), aTable('org'));
    const model = aSchema(
      aTable('user', {
        columns: [id, email, aColumn({ name: 'org_id' })],
        foreignKeys: [aForeignKey('fk_user_org', ['org_id'], 'org')],
        checks: [aCheck('chk_email', "(`email` like '%@%')")],
      }),
      aTable('org'),
    );
    const result = planned(model, chain);
    expect(ops(result.up)).toEqual(['addColumn org_id', 'addCheck', 'addForeignKey fk_user_org']);
    expect(result.review.map((item) => item.operation)).toEqual([0, 1, 2]);
  });

  it('replaces a changed index or key by removing it first, and leaves column order alone', () => {
    const model = aSchema(aTable('user', { columns: [email, id], indexes: [anIndex('ix_email', ['email', 'id'])] }));
    const chain = aSchema(aTable('user', { columns: [id, email], indexes: [anIndex('ix_email', ['email'])] }));
    expect(ops(planned(model, chain).up)).toEqual(['removeIndex ix_email', 'addIndex ix_email']);
  });

  it('undoes every kind of operation, and undoing twice is doing', () => {
    const table = aTable('t');
    const operations: Operation[] = [
      { op: 'createTable', table },
      { op: 'addColumn', table: 't', column: token, after: 'id' },
      { op: 'changeColumn', table: 't', column: token, from: email },
      { op: 'setPrimaryKey', table: 't', columns: ['id'], from: null },
      { op: 'addIndex', table: 't', index: tokenIndex },
      { op: 'addForeignKey', table: 't', key: aForeignKey('fk', ['org_id'], 'org') },
      { op: 'addCheck', table: 't', check: aCheck('c', '1') },
      { op: 'alterTable', table: 't', attribute: 'engine', value: 'InnoDB', from: 'MyISAM' },
    ];
    // undoing a change gives back what it changed from
    expect(inverse(operations[2]!)).toMatchObject({ column: email, from: token });
    expect(inverse(operations[3]!)).toMatchObject({ columns: null, from: ['id'] });
    expect(inverse(operations[7]!)).toMatchObject({ value: 'MyISAM', from: 'InnoDB' });
    for (const operation of operations) {
      expect(
        inverse(operation).op === operation.op &&
          operation.op !== 'changeColumn' &&
          operation.op !== 'setPrimaryKey' &&
          operation.op !== 'alterTable',
      ).toBe(false);
      expect(inverse(inverse(operation))).toEqual(operation);
    }
  });
});

describe('a plan as SQL', () => {
  it("writes the outage's fix and its undoing, with the reason to review above the statement", () => {
    const model = aSchema(aTable('user', { columns: [id, email, token], indexes: [tokenIndex] }));
    const result = planned(model, aSchema(aTable('user', { columns: [id, email] })));
    const sql = renderSql(result.up, result.down, new Map(result.review.map((item) => [item.operation, item.why])));
    expect(sql.up).toBe(
      [
        'ALTER TABLE `user` ADD COLUMN `api_token` varchar(255) NULL AFTER `email`;',
        '',
        `-- REVIEW: ${result.review[0]!.why}`,
        'CREATE UNIQUE INDEX `ix_user_api_token` ON `user` (`api_token`);',
        '',
      ].join('\n'),
    );
    expect(sql.down).toBe('DROP INDEX `ix_user_api_token` ON `user`;\n\nALTER TABLE `user` DROP COLUMN `api_token`;\n');
  });

  it('writes every attribute of a column, a table with its options, and keys with their rules', () => {
    expect(
      columnDefinition(
        aColumn({
          name: 'updated_at',
          type: 'datetime(3)',
          nullable: false,
          default: 'CURRENT_TIMESTAMP(3)',
          onUpdate: 'CURRENT_TIMESTAMP(3)',
          collation: null,
          comment: "the row's last change",
        }),
      ),
    ).toBe(
      "`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3) COMMENT 'the row''s last change'",
    );
    expect(
      columnDefinition(aColumn({ name: 'code', type: 'varchar(8)', charset: 'ascii', collation: 'ascii_bin' })),
    ).toBe('`code` varchar(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL');
    const table = aTable('member', {
      columns: [id, aColumn({ name: 'org_id' })],
      checks: [aCheck('chk_org', '(`org_id` > 0)')],
      comment: 'members',
    });
    expect(statementOf({ op: 'createTable', table })).toBe(
      [
        'CREATE TABLE `member` (',
        '  `id` int NOT NULL AUTO_INCREMENT,',
        '  `org_id` int NOT NULL,',
        '  PRIMARY KEY (`id`),',
        '  CONSTRAINT `chk_org` CHECK ((`org_id` > 0))',
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='members';",
      ].join('\n'),
    );
    const key = aForeignKey('fk_member_org', ['org_id'], 'org', { onDelete: 'CASCADE' });
    expect(statementOf({ op: 'addForeignKey', table: 'member', key })).toBe(
      'ALTER TABLE `member` ADD CONSTRAINT `fk_member_org` FOREIGN KEY (`org_id`) REFERENCES `org` (`id`) ON DELETE CASCADE;',
    );
    const prefixed = anIndex('ix_name', [{ column: 'name', expression: null, prefix: 10, descending: true }]);
    expect(statementOf({ op: 'addIndex', table: 't', index: prefixed })).toBe(
      'CREATE INDEX `ix_name` ON `t` (`name`(10) DESC);',
    );
    expect(statementOf({ op: 'removeCheck', table: 't', check: aCheck('c', '1') })).toBe(
      'ALTER TABLE `t` DROP CONSTRAINT `c`;',
    );
    expect(statementOf({ op: 'setPrimaryKey', table: 't', columns: ['a', 'b'], from: ['a'] })).toBe(
      'ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`a`, `b`);',
    );
  });
});

describe("the generated file's name and style", () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('sorts after the newest migration, in the form of its ordering prefix', () => {
    expect(nameAfter('20240315120000-c682ef478e45-drop.ts', 'add-x', now)).toBe('20261201100000-add-x');
    // a clock behind the newest name still sorts after it
    expect(nameAfter('20991231235959-future.js', 'add-x', now)).toBe('20991231235960-add-x');
    expect(nameAfter('0002_post_slug.up.sql', 'add-x', now)).toBe('0003_add-x');
    expect(nameAfter('2024.01.03T00.00.00.add-status.mts', 'add-x', now)).toBe('2026.12.01T10.00.00.add-x');
    expect(nameAfter('20240103-create.js', 'add-x', now)).toBe('20261201-add-x');
    expect(nameAfter(null, 'add-x', now)).toBe('20261201100000-add-x');
  });

  it("reads the module form and language from the newest migration and the chain's context", () => {
    expect(
      styleOf('m/0001.js', "'use strict';\nmodule.exports = { async up(queryInterface, Sequelize) {} };", 'sequelize'),
    ).toEqual({
      sql: false,
      extension: '.js',
      typescript: false,
      esm: false,
      form: 'sequelize-cli',
    });
    expect(styleOf('m/a.mts', 'export async function up({ context }) {}', 'sequelize')).toMatchObject({
      typescript: true,
      esm: true,
      form: 'umzug',
    });
    expect(styleOf('m/a.js', 'exports.up = async ({ context }) => {}', 'mysql2')).toMatchObject({
      form: 'mysql2',
      esm: false,
    });
    expect(styleOf('m/0001.up.sql', 'CREATE TABLE t (id INT);', 'mysql2')).toEqual({ sql: true });
  });

  it('says with QueryInterface what it says exactly, and sends the statement for the rest', () => {
    const style = { form: 'sequelize-cli', typescript: false, esm: false } as const;
    const code = aColumn({ name: 'code', type: 'varchar(8)', charset: 'ascii', collation: 'ascii_bin' });
    const key = aForeignKey('fk_member_org', ['org_id'], 'org', { onDelete: 'CASCADE' });
    const text = renderModule(
      [
        { op: 'addColumn', table: 'team', column: code, after: 'id' },
        { op: 'addForeignKey', table: 'member', key },
      ],
      [],
      new Map(),
      style,
      'test',
    );
    expect(text).toContain(
      "await queryInterface.sequelize.query('ALTER TABLE `team` ADD COLUMN `code` varchar(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL AFTER `id`');",
    );
    expect(text).toContain(
      "await queryInterface.addConstraint('member', { type: 'foreign key', name: 'fk_member_org', fields: ['org_id'], references: { table: 'org', fields: ['id'] }, onDelete: 'CASCADE' });",
    );
    expect(text).toContain('    // nothing to undo');
    // a new table's multi-line statement, a comment with quotes: the module still parses
    const table = aTable('team', {
      columns: [id, aColumn({ name: 'note', type: 'varchar(10)', comment: "it's\nfine" })],
    });
    const created = renderModule([{ op: 'createTable', table }], [{ op: 'dropTable', table }], new Map(), style, 'x');
    expect(() => new Script(created)).not.toThrow();
    expect(created).toContain(
      "await queryInterface.sequelize.query('CREATE TABLE `team` (\\n  `id` int NOT NULL AUTO_INCREMENT,",
    );
    const sqlOnly = renderModule(
      [{ op: 'addColumn', table: 'team', column: code, after: null }],
      [],
      new Map(),
      { ...style, form: 'mysql2' },
      'x',
    );
    expect(sqlOnly).toContain(
      "exports.up = async ({ context }) => {\n    await context.query('ALTER TABLE `team` ADD COLUMN",
    );
  });
});
