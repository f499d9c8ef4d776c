import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { inverse, plan, type Operation } from '../../src/generate/plan.js';
import { renderModule } from '../../src/generate/module.js';
import { columnDefinition, renderSql, statementOf } from '../../src/generate/sql.js';
import { nameAfter, styleOf } from '../../src/generate/style.js';
import { diffSchemas } from '../../src/schema/diff.js';
import type { Column, Schema, Table } from '../../src/schema/types.js';
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
    // the new column is NULL in every row already there: NULLs never collide
    expect(result.review).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('asks for review of a unique index or foreign key only where rows already there can break it', () => {
    const user = (columns: Column[], more: Partial<Table> = {}) =>
      aTable('user', { columns: [id, email, ...columns], ...more });
    const chain = aSchema(user([]), aTable('org'));
    const orgId = (column: Partial<Column>) => aColumn({ name: 'org_id', nullable: true, ...column });
    const reviewed = (column: Partial<Column>, indexColumns: string[]) =>
      planned(
        aSchema(
          user([orgId(column)], {
            indexes: [anIndex('ix_user', indexColumns, { unique: true })],
            foreignKeys: [aForeignKey('fk_user_org', ['org_id'], 'org')],
          }),
          aTable('org'),
        ),
        chain,
      ).review.map((item) => item.why);
    expect(reviewed({}, ['email', 'org_id'])).toEqual([]);
    // a default gives every row already there a value: duplicates, and references to nothing
    expect(reviewed({ default: "'1'" }, ['email', 'org_id'])).toEqual([
      expect.stringContaining('duplicates'),
      expect.stringContaining('reference nothing'),
    ]);
    expect(reviewed({ nullable: false }, ['org_id'])).toEqual([
      expect.stringContaining('NOT NULL column without a default'),
      expect.stringContaining('duplicates'),
      expect.stringContaining('reference nothing'),
    ]);
    // an index over columns that were there already may meet duplicates, whatever else the migration adds
    expect(reviewed({}, ['email'])).toEqual([expect.stringContaining('duplicates')]);
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

  it('changes a column with its whole definition once, and a narrowing with the reason to review it', () => {
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
    const narrowed = planned(narrower, aSchema(aTable('user', { columns: [id, email] })));
    expect(narrowed.skipped).toEqual([]);
    expect(ops(narrowed.up)).toEqual(['changeColumn email']);
    expect(narrowed.review).toEqual([
      {
        operation: 0,
        why: expect.stringMatching(
          /^it narrows varchar\(120\) to varchar\(50\) \(.+\): values already there that do not fit are cut/,
        ),
      },
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

  it('takes a foreign key off around a change of its column on either side, or of the index it needs', () => {
    const account = (type: string) =>
      aTable('account', { columns: [aColumn({ name: 'id', type, autoIncrement: true })] });
    const fk = aForeignKey('fk_invoice_account', ['account_id'], 'account');
    const invoice = (type: string, index: string[]) =>
      aTable('invoice', {
        columns: [id, aColumn({ name: 'account_id', type }), aColumn({ name: 'number', type: 'varchar(20)' })],
        indexes: [anIndex('ix_invoice_account', index)],
        foreignKeys: [fk],
      });
    const chain = aSchema(account('int'), invoice('int', ['account_id']));
    expect(ops(planned(aSchema(account('bigint'), invoice('bigint', ['account_id'])), chain).up)).toEqual([
      'removeForeignKey fk_invoice_account',
      'changeColumn id',
      'changeColumn account_id',
      'addForeignKey fk_invoice_account',
    ]);
    // the referenced side alone
    expect(ops(planned(aSchema(account('bigint'), invoice('int', ['account_id'])), chain).up)[0]).toBe(
      'removeForeignKey fk_invoice_account',
    );
    expect(ops(planned(aSchema(account('int'), invoice('int', ['account_id', 'number'])), chain).up)).toEqual([
      'removeForeignKey fk_invoice_account',
      'removeIndex ix_invoice_account',
      'addIndex ix_invoice_account',
      'addForeignKey fk_invoice_account',
    ]);
    // a change the server makes under the key (a comment) leaves it on
    const commented = aSchema(account('int'), invoice('int', ['account_id']));
    commented.tables.invoice!.columns[1]!.comment = 'the payer';
    expect(ops(planned(commented, chain).up)).toEqual(['changeColumn account_id']);
  });

  it('puts a key the model names otherwise back as it was, and takes keys off around a new primary key or a replaced referenced index', () => {
    const account = aTable('account', { columns: [aColumn({ name: 'id', type: 'bigint', autoIncrement: true })] });
    const invoice = (type: string, name: string) =>
      aTable('invoice', {
        columns: [id, aColumn({ name: 'account_id', type })],
        indexes: [anIndex('ix_account', ['account_id'])],
        foreignKeys: [aForeignKey(name, ['account_id'], 'account')],
      });
    // without --strict-names a difference in names alone is not closed (generate.ts leaves it out)
    const [model, chain] = [
      aSchema(account, invoice('bigint', 'invoice_ibfk_1')),
      aSchema(account, invoice('int', 'fk_invoice')),
    ];
    const differences = diffSchemas(model, chain).filter((difference) => difference.kind !== 'renamed');
    const renamed = plan(model, chain, differences, { allowDestructive: false });
    expect(ops(renamed.up)).toEqual([
      'removeForeignKey fk_invoice',
      'changeColumn account_id',
      'addForeignKey fk_invoice',
    ]);
    // put back as it was: the rows it held, it holds
    expect(renamed.review).toEqual([]);

    // a junction table gets a surrogate key: its old primary key served the foreign key on its first column
    const pair = [aColumn({ name: 'member_id' }), aColumn({ name: 'role_id' })];
    const fk = aForeignKey('fk_member', ['member_id'], 'account');
    const junction = aSchema(
      account,
      aTable('member_role', { columns: pair, primaryKey: ['member_id', 'role_id'], foreignKeys: [fk] }),
    );
    const surrogateModel = aSchema(
      account,
      aTable('member_role', {
        columns: [aColumn({ name: 'id', autoIncrement: true }), ...pair],
        primaryKey: ['id'],
        indexes: [anIndex('ux_member_role', ['member_id', 'role_id'], { unique: true })],
        foreignKeys: [fk],
      }),
    );
    const surrogate = planned(surrogateModel, junction);
    expect(ops(surrogate.up)).toEqual([
      'removeForeignKey fk_member',
      'addColumn id',
      'addIndex ux_member_role',
      'addForeignKey fk_member',
    ]);
    expect(statementOf(surrogate.up[1]!, 'mysql')).toBe(
      'ALTER TABLE `member_role` DROP PRIMARY KEY, ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`);',
    );
    expect(statementOf(surrogate.down.at(-2)!, 'mysql')).toBe(
      'ALTER TABLE `member_role` DROP PRIMARY KEY, DROP COLUMN `id`, ADD PRIMARY KEY (`member_id`, `role_id`);',
    );

    // the index a foreign key references is replaced on the referenced table
    const parent = (unique: string[]) =>
      aTable('parent', {
        columns: [id, aColumn({ name: 'code', type: 'varchar(10)' })],
        indexes: [anIndex('ux_code', unique, { unique: true })],
      });
    const child = aTable('child', {
      columns: [id, aColumn({ name: 'code', type: 'varchar(10)' })],
      indexes: [anIndex('fk_child_code', ['code'])],
      foreignKeys: [aForeignKey('fk_child_code', ['code'], 'parent', { referencedColumns: ['code'] })],
    });
    expect(ops(planned(aSchema(parent(['code', 'id']), child), aSchema(parent(['code']), child)).up)).toEqual([
      'removeForeignKey fk_child_code',
      'removeIndex ux_code',
      'addIndex ux_code',
      'addForeignKey fk_child_code',
    ]);
  });

  it('makes a column AUTO_INCREMENT with the primary key it needs, in one statement, and undoes both in one', () => {
    const plain = aColumn({ name: 'id' });
    const result = planned(
      aSchema(aTable('seq', { columns: [{ ...plain, autoIncrement: true }], primaryKey: ['id'] })),
      aSchema(aTable('seq', { columns: [plain], primaryKey: null })),
    );
    expect(result.up.map((operation) => statementOf(operation, 'mariadb'))).toEqual([
      'ALTER TABLE `seq` MODIFY COLUMN `id` int NOT NULL AUTO_INCREMENT, ADD PRIMARY KEY (`id`);',
    ]);
    expect(result.down.map((operation) => statementOf(operation, 'mariadb'))).toEqual([
      'ALTER TABLE `seq` DROP PRIMARY KEY, MODIFY COLUMN `id` int NOT NULL;',
    ]);
  });

  it('drops a table with its keys first, so that its down makes it whole again, and drops adjacent columns last first', () => {
    const parent = aTable('parent', {
      columns: [id, aColumn({ name: 'code', type: 'varchar(10)' })],
      indexes: [anIndex('ix_code', ['code'], { unique: true })],
    });
    const child = aTable('child', {
      columns: [id, aColumn({ name: 'parent_id', nullable: true })],
      indexes: [anIndex('ix_parent', ['parent_id'])],
      foreignKeys: [aForeignKey('fk_child', ['parent_id'], 'parent')],
    });
    const result = planned(aSchema(), aSchema(parent, child), true);
    expect(ops(result.up)).toEqual(['removeForeignKey fk_child', 'dropTable', 'dropTable']);
    expect(ops(result.down)).toEqual(['createTable', 'createTable', 'addForeignKey fk_child']);
    // each table comes back with its indexes; the foreign key follows once both are there
    expect(result.down.slice(0, 2)).toEqual([
      { op: 'createTable', table: parent },
      { op: 'createTable', table: { ...child, foreignKeys: [] } },
    ]);
    expect(statementOf(result.down[0]!, 'mysql')).toContain('  UNIQUE KEY `ix_code` (`code`)\n');
    expect(planned(aSchema(), aSchema(parent, child)).skipped.map((item) => item.what)).toEqual([
      'drop table child',
      'drop table parent',
    ]);
    const wide = aTable('t', { columns: ['id', 'a', 'b', 'c'].map((name) => aColumn({ name, nullable: true })) });
    const dropped = planned(
      aSchema(aTable('t', { columns: [wide.columns[0]!, wide.columns[3]!] })),
      aSchema(wide),
      true,
    );
    expect(
      dropped.up.map(
        (operation) => 'column' in operation && [operation.column.name, 'after' in operation && operation.after],
      ),
    ).toEqual([
      ['b', 'a'],
      ['a', 'id'],
    ]);
    // back in the down first to last: each one's column before it is there
    expect(ops(dropped.down)).toEqual(['addColumn a', 'addColumn b']);
  });

  it('adds an AUTO_INCREMENT column with the primary key it makes, in one statement, and its down gives the old key back', () => {
    const a = aColumn({ name: 'a' });
    const model = aSchema(aTable('link', { columns: [id, a], primaryKey: ['id'] }));
    for (const [from, up, down] of [
      [
        null,
        'ALTER TABLE `link` ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`);',
        'ALTER TABLE `link` DROP PRIMARY KEY, DROP COLUMN `id`;',
      ],
      [
        ['a'],
        'ALTER TABLE `link` DROP PRIMARY KEY, ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`);',
        'ALTER TABLE `link` DROP PRIMARY KEY, DROP COLUMN `id`, ADD PRIMARY KEY (`a`);',
      ],
    ] as const) {
      const result = planned(model, aSchema(aTable('link', { columns: [a], primaryKey: from && [...from] })));
      expect(ops(result.up)).toEqual(['addColumn id']);
      expect(result.up.map((operation) => statementOf(operation, 'mysql'))).toEqual([up]);
      expect(result.down.map((operation) => statementOf(operation, 'mysql'))).toEqual([down]);
      expect(result.review).toEqual([{ operation: 0, why: expect.stringContaining('a new primary key') }]);
    }
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
    const emailIndex = anIndex('ix_user_email', ['email'], { unique: true });
    const model = aSchema(aTable('user', { columns: [id, email, token], indexes: [emailIndex, tokenIndex] }));
    const result = planned(model, aSchema(aTable('user', { columns: [id, email] })));
    const sql = renderSql(
      result.up,
      result.down,
      new Map(result.review.map((item) => [item.operation, item.why])),
      'mysql',
    );
    expect(result.review).toEqual([{ operation: 1, why: expect.stringContaining('duplicates') }]);
    expect(sql.up).toBe(
      [
        'ALTER TABLE `user` ADD COLUMN `api_token` varchar(255) NULL AFTER `email`;',
        '',
        `-- REVIEW: ${result.review[0]!.why}`,
        'CREATE UNIQUE INDEX `ix_user_email` ON `user` (`email`);',
        '',
        'CREATE UNIQUE INDEX `ix_user_api_token` ON `user` (`api_token`);',
        '',
      ].join('\n'),
    );
    expect(sql.down).toBe(
      [
        'DROP INDEX `ix_user_api_token` ON `user`;',
        'DROP INDEX `ix_user_email` ON `user`;',
        'ALTER TABLE `user` DROP COLUMN `api_token`;\n',
      ].join('\n\n'),
    );
  });

  it("writes an index the optimizer leaves alone in each engine's words, and never as addIndex, which cannot say it", () => {
    const hidden: Operation = { op: 'addIndex', table: 't', index: anIndex('ix_a', ['a'], { visible: false }) };
    expect(statementOf(hidden, 'mysql')).toBe('CREATE INDEX `ix_a` ON `t` (`a`) INVISIBLE;');
    expect(statementOf(hidden, 'mariadb')).toBe('CREATE INDEX `ix_a` ON `t` (`a`) IGNORED;');
    const style = { form: 'sequelize-cli', typescript: false, esm: false, engine: 'mariadb' } as const;
    expect(renderModule([hidden], [], new Map(), style, 'x')).toContain(
      "await queryInterface.sequelize.query('CREATE INDEX `ix_a` ON `t` (`a`) IGNORED');",
    );
  });

  it('writes an expression default, and any default of a TEXT, BLOB or JSON column, in parentheses', () => {
    const definition = (type: string, value: string) => columnDefinition(aColumn({ name: 'c', type, default: value }));
    expect(definition('varchar(10)', "'x'")).toBe("`c` varchar(10) NOT NULL DEFAULT 'x'");
    expect(definition('int', "'0'")).toBe("`c` int NOT NULL DEFAULT '0'");
    // both engines give literals back quoted: an unquoted number is an expression
    expect(definition('int', '42')).toBe('`c` int NOT NULL DEFAULT (42)');
    expect(definition('datetime(3)', 'CURRENT_TIMESTAMP(3)')).toBe(
      '`c` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
    );
    expect(definition('char(36)', 'uuid()')).toBe('`c` char(36) NOT NULL DEFAULT (uuid())');
    expect(definition('text', "'none'")).toBe("`c` text NOT NULL DEFAULT ('none')");
    expect(definition('json', "'[]'")).toBe("`c` json NOT NULL DEFAULT ('[]')");
    // and QueryInterface's defaultValue, which Sequelize would write bare, is not used for them
    const text = renderModule(
      [{ op: 'addColumn', table: 't', column: aColumn({ name: 'c', type: 'text', default: "'none'" }), after: 'id' }],
      [],
      new Map(),
      { form: 'sequelize-cli', typescript: false, esm: false, engine: 'mysql' },
      'x',
    );
    expect(text).toContain(
      "await queryInterface.sequelize.query('ALTER TABLE `t` ADD COLUMN `c` text NOT NULL DEFAULT (\\'none\\') AFTER `id`');",
    );
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
    expect(statementOf({ op: 'createTable', table }, 'mysql')).toBe(
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
    expect(statementOf({ op: 'addForeignKey', table: 'member', key }, 'mysql')).toBe(
      'ALTER TABLE `member` ADD CONSTRAINT `fk_member_org` FOREIGN KEY (`org_id`) REFERENCES `org` (`id`) ON DELETE CASCADE;',
    );
    const prefixed = anIndex('ix_name', [{ column: 'name', expression: null, prefix: 10, descending: true }]);
    expect(statementOf({ op: 'addIndex', table: 't', index: prefixed }, 'mysql')).toBe(
      'CREATE INDEX `ix_name` ON `t` (`name`(10) DESC);',
    );
    expect(statementOf({ op: 'removeCheck', table: 't', check: aCheck('c', '1') }, 'mysql')).toBe(
      'ALTER TABLE `t` DROP CONSTRAINT `c`;',
    );
    expect(statementOf({ op: 'setPrimaryKey', table: 't', columns: ['a', 'b'], from: ['a'] }, 'mysql')).toBe(
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
      styleOf(
        'm/0001.js',
        "'use strict';\nmodule.exports = { async up(queryInterface, Sequelize) {} };",
        'sequelize',
        'mysql',
      ),
    ).toEqual({
      sql: false,
      extension: '.js',
      typescript: false,
      esm: false,
      form: 'sequelize-cli',
      engine: 'mysql',
    });
    expect(styleOf('m/a.mts', 'export async function up({ context }) {}', 'sequelize', 'mariadb')).toMatchObject({
      typescript: true,
      esm: true,
      form: 'umzug',
    });
    expect(styleOf('m/a.js', 'exports.up = async ({ context }) => {}', 'mysql2', 'mysql')).toMatchObject({
      form: 'mysql2',
      esm: false,
    });
    expect(styleOf('m/0001.up.sql', 'CREATE TABLE t (id INT);', 'mysql2', 'mariadb')).toEqual({
      sql: true,
      engine: 'mariadb',
    });
  });

  it('says with QueryInterface what it says exactly, and sends the statement for the rest', () => {
    const style = { form: 'sequelize-cli', typescript: false, esm: false, engine: 'mysql' } as const;
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
    // a new table of plain columns is createTable, a column a line; the module parses
    const note = aColumn({ name: 'note', type: 'varchar(10)', comment: "it's\nfine" });
    const table = aTable('team', { columns: [id, note], collation: null });
    const created = renderModule([{ op: 'createTable', table }], [{ op: 'dropTable', table }], new Map(), style, 'x');
    expect(() => new Script(created)).not.toThrow();
    expect(created).toContain(
      [
        "    await queryInterface.createTable('team', {",
        '      id: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },',
        '      note: { type: Sequelize.STRING(10), allowNull: false, comment: "it\'s\\nfine" },',
        "    }, { charset: 'utf8mb4' });",
      ].join('\n'),
    );
    // what createTable cannot say (a check, a column's charset, a key out of column order) is the statement,
    // a multi-line one in one string literal
    for (const unsaid of [
      { ...table, checks: [aCheck('chk_note', "`note` <> ''")] },
      { ...table, columns: [id, code] },
      { ...table, columns: [note, id], primaryKey: ['id', 'note'] },
    ]) {
      const statement = renderModule([{ op: 'createTable', table: unsaid }], [], new Map(), style, 'x');
      expect(() => new Script(statement)).not.toThrow();
      expect(statement).toContain("    await queryInterface.sequelize.query('CREATE TABLE `team` (\\n  `");
    }
    const sqlOnly = renderModule(
      [{ op: 'addColumn', table: 'team', column: code, after: null }],
      [],
      new Map(),
      { ...style, form: 'mysql2' },
      'x',
    );
    expect(sqlOnly).toContain(
      "exports.up = async ({ context }) => {\n  await context.query('ALTER TABLE `team` ADD COLUMN",
    );
  });
});
