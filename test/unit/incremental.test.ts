import { describe, expect, it } from 'vitest';
import { incrementalSnapshots, type SnapshotSource } from '../../src/schema/incremental.js';
import { noDdl, statementsIn, touchedTables, type DdlCounts } from '../../src/schema/touched.js';
import type { Schema } from '../../src/schema/types.js';
import { aColumn, aForeignKey, aSchema, aTable } from './builders.js';

/** The tables the statements touched in mg_1_chain, sorted, and their DDL counts other than 0. */
const touched = (...statements: string[]) => {
  const result = touchedTables(statements, 'mg_1_chain');
  return result && { tables: [...result.tables].sort(), counts: Object.entries(result.counts).filter(([, n]) => n) };
};

describe('touchedTables', () => {
  it('names the tables of the DDL forms Sequelize and SQL migrations use, and counts them by kind', () => {
    expect(
      touched(
        'CREATE TABLE IF NOT EXISTS `user` (`id` INTEGER NOT NULL auto_increment , PRIMARY KEY (`id`)) ENGINE=InnoDB;',
        'ALTER TABLE `user` ADD `api_token` VARCHAR(255);',
        'ALTER TABLE `user` ADD UNIQUE INDEX `ix_user_api_token` (`api_token`)',
        'CREATE UNIQUE INDEX ix_a ON `mg_1_chain`.`org` (name)',
        'DROP INDEX `ix` ON tag',
        'DROP TABLE IF EXISTS `a`, b, `other_db`.`c`;',
        'RENAME TABLE `x` TO `y`, z TO w',
        'ALTER TABLE `old` RENAME `new`',
        'ALTER TABLE t2 RENAME COLUMN a TO b',
      ),
    ).toEqual({
      tables: ['a', 'b', 'new', 'old', 'org', 't2', 'tag', 'user', 'w', 'x', 'y', 'z'],
      counts: [
        ['create_table', 1],
        ['alter_table', 4],
        ['drop_table', 1],
        ['rename_table', 1],
        ['create_index', 1],
        ['drop_index', 1],
      ],
    });
  });

  it("sees both names of a rename as Sequelize's renameTable writes it, with its trailing semicolon", () => {
    expect(touched('ALTER TABLE `ApiRequest` RENAME TO `DataRequest`;')).toEqual({
      tables: ['ApiRequest', 'DataRequest'],
      counts: [['alter_table', 1]],
    });
    expect(touched('RENAME TABLE `a` TO `b`, `c` TO `d`;;  ')?.tables).toEqual(['a', 'b', 'c', 'd']);
    expect(touched('ALTER TABLE t RENAME COLUMN a TO b;')?.tables).toEqual(['t']);
  });

  it('lets reads and data changes through, with no table', () => {
    expect(
      touched(
        'SELECT 1+1 AS result',
        'SHOW INDEX FROM `user`',
        "INSERT INTO `user` (`a`) VALUES ('CREATE TABLE x')",
        'START TRANSACTION;',
        '/* comment */ UPDATE t SET a = 1',
        'SET FOREIGN_KEY_CHECKS = 0',
      ),
    ).toEqual({ tables: [], counts: [] });
  });

  it('gives up on anything else: the whole schema must then be read', () => {
    expect(touched('CALL add_columns()')).toBeNull();
    expect(touched('EXECUTE stmt')).toBeNull();
    expect(touched('CREATE PROCEDURE p() ALTER TABLE t ADD c INT')).toBeNull();
    expect(touched('(a statement of unknown shape)')).toBeNull();
    expect(touched('ALTER TABLE ?? RENAME TO ??')).toBeNull();
  });

  // As Sequelize 6.37's MySQL query generator writes them (MariaDB's inherits them).
  it.each([
    ['renameTable', 'ALTER TABLE `ApiRequest` RENAME TO `DataRequest`;', ['ApiRequest', 'DataRequest']],
    ['renameColumn', 'ALTER TABLE `user` CHANGE `email` `mail` VARCHAR(255);', ['user']],
    ['changeColumn', 'ALTER TABLE `user` CHANGE `email` `email` VARCHAR(200) NOT NULL;', ['user']],
    [
      'changeColumn to a reference',
      'ALTER TABLE `tag` ADD FOREIGN KEY (`userId`) REFERENCES `user` (`id`) ON DELETE SET NULL;',
      ['tag'],
    ],
    ['addIndex', 'ALTER TABLE `user` ADD UNIQUE INDEX `ix_user_email` (`email`)', ['user']],
    ['removeIndex', 'DROP INDEX `ix_user_email` ON `user`', ['user']],
    [
      'addConstraint',
      'ALTER TABLE `tag` ADD CONSTRAINT `fk_tag_user` FOREIGN KEY (`userId`) REFERENCES `user` (`id`);',
      ['tag'],
    ],
    ['removeConstraint', 'ALTER TABLE `user` DROP CONSTRAINT `uq_user_email`', ['user']],
    ['removeConstraint of a foreign key', 'ALTER TABLE `tag` DROP FOREIGN KEY `fk_tag_user`;', ['tag']],
    ['dropTable', 'DROP TABLE IF EXISTS `user`;', ['user']],
  ])("Sequelize's %s", (_, statement, tables) => {
    expect(touched(statement)?.tables).toEqual(tables);
  });

  it('sees a RENAME wherever it stands among the changes of one ALTER TABLE', () => {
    expect(touched('ALTER TABLE note RENAME TO memo, ADD title INT')?.tables).toEqual(['memo', 'note']);
    expect(touched('ALTER TABLE note ADD a INT, RENAME AS `memo`, ALGORITHM = COPY')?.tables).toEqual(['memo', 'note']);
    expect(touched('ALTER TABLE note RENAME memo')?.tables).toEqual(['memo', 'note']);
    expect(touched('ALTER TABLE t RENAME COLUMN a TO b, RENAME INDEX i TO j, RENAME KEY k TO l')?.tables).toEqual([
      't',
    ]);
  });

  it('reads each statement of a query that holds several, and counts each', () => {
    expect(touched('ALTER TABLE a ADD x INT; -- and\nCREATE TABLE b (id INT); RENAME TABLE c TO d;')).toEqual({
      tables: ['a', 'b', 'c', 'd'],
      counts: [
        ['create_table', 1],
        ['alter_table', 1],
        ['rename_table', 1],
      ],
    });
    expect(touched('SET FOREIGN_KEY_CHECKS = 0; DROP TABLE org; SET FOREIGN_KEY_CHECKS = 1')).toEqual({
      tables: ['org'],
      counts: [['drop_table', 1]],
    });
  });

  it('names the tables of the schema, spelled in any case, and of no other', () => {
    expect(touched('ALTER TABLE `MG_1_CHAIN`.note ADD x INT', 'DROP TABLE other.t, mg_1_chain.u')?.tables).toEqual([
      'note',
      'u',
    ]);
  });

  it('lets views and triggers through: they change no table, and the DDL counters leave them out', () => {
    expect(
      touched(
        'CREATE VIEW v AS SELECT 1',
        'CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW v AS SELECT 2',
        'ALTER VIEW v AS SELECT 3',
        'DROP VIEW IF EXISTS v',
        'CREATE DEFINER=CURRENT_USER TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1',
        'DROP TRIGGER IF EXISTS t',
      ),
    ).toEqual({ tables: [], counts: [] });
  });

  it('gives up on a trigger with a BEGIN … END body: its statements cannot be told from the query’s own', () => {
    expect(
      touched('CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; ALTER TABLE b ADD y INT; END'),
    ).toBeNull();
    expect(touched('BEGIN NOT ATOMIC ALTER TABLE b ADD y INT; END')).toBeNull();
  });
});

describe('statementsIn', () => {
  it('cuts a query at each semicolon outside quotes and comments, and drops the comments', () => {
    expect(
      statementsIn("/* why */ ALTER TABLE `a;b` ADD x INT; -- next; not this\nSELECT ';' # nor this;\n;;"),
    ).toEqual(['ALTER TABLE `a;b` ADD x INT', "SELECT ''"]);
  });

  it('empties string literals, so that what they say names no table', () => {
    expect(statementsIn("ALTER TABLE note COMMENT 'rename to memo', COMMENT \"it's\", COMMENT 'a''b\\'c'")).toEqual([
      `ALTER TABLE note COMMENT '', COMMENT "", COMMENT ''`,
    ]);
    expect(touched("ALTER TABLE note COMMENT 'rename to memo; drop table org'")?.tables).toEqual(['note']);
  });

  it('keeps the code of executable comments, and takes -- without a space for minus signs', () => {
    expect(statementsIn('/*!40101 ALTER TABLE a ADD x INT */; /*M!100100 DROP TABLE b */')).toEqual([
      'ALTER TABLE a ADD x INT',
      'DROP TABLE b',
    ]);
    expect(statementsIn('SELECT 1--1')).toEqual(['SELECT 1--1']);
  });
});

/** A fake server: the schema after each step, DDL counters, and the statements a step logged. */
function source(states: Schema[], counts: DdlCounts[], logs: string[][]) {
  let step = 0;
  const calls: string[] = [];
  // whether each read of some tables asked for their DDL too
  const asked: boolean[] = [];
  const fake: SnapshotSource & { next(): void; calls: string[]; asked: boolean[] } = {
    calls,
    asked,
    next: () => void step++,
    read: async (tables, withDdl) => {
      calls.push(tables ? `some ${[...tables].sort().join(',')}` : 'all');
      if (tables) asked.push(Boolean(withDdl));
      const schema = tables
        ? { tables: Object.fromEntries(Object.entries(states[step]!.tables).filter(([name]) => tables.includes(name))) }
        : states[step]!;
      // the DDL of some tables comes with them when asked and every one exists, as the server's does
      const every = withDdl && tables?.every((name) => states[step]!.tables[name] !== undefined);
      const ddl = every
        ? Object.fromEntries(tables!.map((name) => [name, JSON.stringify(states[step]!.tables[name])]))
        : undefined;
      return { schema, counters: counts[step]!, ddl };
    },
    counters: async () => counts[step]!,
    // a table's DDL is its structure as text, as the server's is
    ddl: async (present, options) => {
      const tables = states[step]!.tables;
      calls.push(`ddl ${[...present].sort().join(',')} absent ${[...(options?.absent ?? [])].sort().join(',')}`);
      if (present.some((name) => !tables[name])) return null;
      return {
        ddl: Object.fromEntries(present.map((name) => [name, JSON.stringify(tables[name])])),
        existing: (options?.absent ?? []).filter((name) => tables[name]),
        counters: options?.counters ? counts[step] : undefined,
      };
    },
    statements: () => logs[step] ?? [],
  };
  return fake;
}

const ddl = (create: number, alter = 0): DdlCounts => ({ ...noDdl(), create_table: create, alter_table: alter });

describe('incrementalSnapshots', () => {
  const org = aTable('org', { columns: [aColumn({ name: 'id' })] });
  const user = aTable('user', {
    columns: [aColumn({ name: 'id' }), aColumn({ name: 'org_id' })],
    foreignKeys: [aForeignKey('fk_user_org', ['org_id'], 'org')],
  });
  const org2 = aTable('org', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'name' })] });

  it('reads only the tables a step changed, with those whose foreign keys point at them, when the counters agree', async () => {
    const states = [aSchema(), aSchema(org, user), aSchema(org2, user), aSchema(org2, user)];
    const counts = [ddl(0), ddl(2), ddl(2, 1), ddl(2, 1)];
    const logs = [
      [],
      ['CREATE TABLE org (id INT)', 'CREATE TABLE user (id INT)'],
      ['ALTER TABLE org ADD name INT'],
      ['SELECT 1'],
    ];
    const fake = source(states, counts, logs);
    const snapshots = incrementalSnapshots(fake, 'db');
    const taken: Schema[] = [];
    for (let i = 0; i < states.length; i++, fake.next()) taken.push(await snapshots.snapshot());
    expect(taken).toEqual(states);
    expect(fake.calls).toEqual(['all', 'some org,user', 'some org,user']);
    expect(snapshots.reads).toEqual({ all: 1, some: 2, none: 1, same: 0 });
  });

  it('finds a step that gave back the schema expected by its DDL alone: nothing read, the same tables', async () => {
    // up: org, then user; down of the second: user dropped; down of the first: org dropped
    const states = [aSchema(), aSchema(org), aSchema(org, user), aSchema(org), aSchema()];
    const counts = [ddl(0), ddl(1), ddl(2), { ...ddl(2), drop_table: 1 }, { ...ddl(2), drop_table: 2 }];
    const logs = [
      [],
      ['CREATE TABLE org (id INT)'],
      ['CREATE TABLE user (id INT)'],
      ['DROP TABLE user'],
      ['DROP TABLE org'],
    ];
    const fake = source(states, counts, logs);
    const snapshots = incrementalSnapshots(fake, 'db');
    const up: Schema[] = [];
    for (let i = 0; i < 3; i++, fake.next()) up.push(await snapshots.snapshot());
    const down1 = await snapshots.snapshot(up[1]);
    fake.next();
    const down0 = await snapshots.snapshot(up[0]);
    expect([down1, down0]).toEqual([states[3], states[4]]);
    // the very tables the up pass read: a diff of the two skips them
    expect(down1.tables.org).toBe(up[1]!.tables.org);
    expect(fake.calls).toEqual(['all', 'some org', 'some user', 'ddl  absent user', 'ddl  absent org']);
    expect(snapshots.reads).toMatchObject({ some: 2, same: 2 });
  });

  it('asks for the DDL of the tables a step changed, but not after a step that dropped one (it would fail and read again)', async () => {
    const states = [aSchema(), aSchema(org), aSchema(org, user), aSchema(org)];
    const counts = [ddl(0), ddl(1), ddl(2), { ...ddl(2), drop_table: 1 }];
    const logs = [[], ['CREATE TABLE org (id INT)'], ['CREATE TABLE user (id INT)'], ['DROP TABLE user']];
    const fake = source(states, counts, logs);
    const snapshots = incrementalSnapshots(fake, 'db');
    for (let i = 0; i < states.length; i++, fake.next()) await snapshots.snapshot();
    expect(fake.asked).toEqual([true, true, false]);
  });

  it('reads what differs from the schema expected, and a table that should be gone but is not', async () => {
    const states = [aSchema(org), aSchema(org2), aSchema(org), aSchema(org, user), aSchema(org, user)];
    const counts = [ddl(1), ddl(1, 1), ddl(1, 2), ddl(2, 2), { ...ddl(2, 2), drop_table: 1 }];
    const logs = [
      [],
      ['ALTER TABLE org ADD name INT'],
      ['ALTER TABLE org DROP name'],
      ['CREATE TABLE user (id INT)'],
      ['DROP TABLE IF EXISTS user'],
    ];
    const fake = source(states, counts, logs);
    const snapshots = incrementalSnapshots(fake, 'db');
    const first = await snapshots.snapshot();
    fake.next();
    await snapshots.snapshot();
    fake.next();
    // org read at the start (a whole read) has no DDL known: read
    expect(await snapshots.snapshot(first)).toEqual(states[2]);
    fake.next();
    const before = await snapshots.snapshot();
    fake.next();
    // user should be gone (the schema before it): it is still there, so it is read
    expect(await snapshots.snapshot(aSchema(org))).toEqual(states[4]);
    expect(before).toEqual(states[3]);
    expect(fake.calls).toEqual(['all', 'some org', 'some org', 'some user', 'ddl  absent user', 'some user']);
    expect(snapshots.reads).toMatchObject({ same: 0 });
  });

  it('reads the whole schema when the counters show DDL the statements do not account for', async () => {
    const states = [aSchema(), aSchema(org), aSchema(org, user)];
    // step 2: the app's own connection created user: the counter moved, the log is silent
    const fake = source(states, [ddl(0), ddl(1), ddl(2)], [[], ['CREATE TABLE org (id INT)'], []]);
    const snapshots = incrementalSnapshots(fake, 'db');
    const taken: Schema[] = [];
    for (let i = 0; i < states.length; i++, fake.next()) taken.push(await snapshots.snapshot());
    expect(taken).toEqual(states);
    expect(fake.calls).toEqual(['all', 'some org', 'all']);
  });

  it('reads a known table again when a statement spells its name in another case', async () => {
    const states = [aSchema(org), aSchema()];
    const fake = source(states, [ddl(1), { ...ddl(1), drop_table: 1 }], [[], ['DROP TABLE ORG']]);
    const snapshots = incrementalSnapshots(fake, 'db');
    await snapshots.snapshot();
    fake.next();
    expect(await snapshots.snapshot()).toEqual(aSchema());
    expect(fake.calls).toEqual(['all', 'some ORG,org']);
  });

  it('reads the whole schema after it was invalidated', async () => {
    const fake = source([aSchema(org), aSchema(org)], [ddl(1), ddl(1)], [[], []]);
    const snapshots = incrementalSnapshots(fake, 'db');
    await snapshots.snapshot();
    snapshots.invalidate();
    fake.next();
    await snapshots.snapshot();
    expect(fake.calls).toEqual(['all', 'all']);
  });
});

describe('verify', () => {
  const org = aTable('org', { columns: [aColumn({ name: 'id' })] });
  const org2 = aTable('org', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'name' })] });
  const user = aTable('user', { columns: [aColumn({ name: 'id' })] });
  const user2 = aTable('user', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'email' })] });

  it('reads the whole schema once, and finds nothing when the incremental snapshot holds it', async () => {
    const fake = source(
      [aSchema(org, user), aSchema(org2, user)],
      [ddl(2), ddl(2, 1)],
      [[], ['ALTER TABLE org ADD name INT']],
    );
    const snapshots = incrementalSnapshots(fake, 'db');
    await snapshots.snapshot();
    fake.next();
    await snapshots.snapshot();
    expect(await snapshots.verify()).toEqual([]);
    expect(fake.calls).toEqual(['all', 'some org', 'all']);
    expect(snapshots.reads).toEqual({ all: 2, some: 1, none: 0, same: 0 });
  });

  it('returns what the incremental snapshot missed, and reads whole schemas from then on', async () => {
    // step 1 changed user too, in a way neither its statements nor the counters show
    const states = [aSchema(org, user), aSchema(org2, user2), aSchema(org2, user2)];
    const logs = [[], ['ALTER TABLE org ADD name INT'], ['SELECT 1']];
    const fake = source(states, [ddl(2), ddl(2, 1), ddl(2, 1)], logs);
    const snapshots = incrementalSnapshots(fake, 'db');
    await snapshots.snapshot();
    fake.next();
    expect(await snapshots.snapshot()).toEqual(aSchema(org2, user));
    const differences = await snapshots.verify();
    expect(differences.map(({ kind, object, table, name }) => [kind, object, table, name])).toEqual([
      ['missing', 'column', 'user', 'email'],
    ]);
    fake.next();
    expect(await snapshots.snapshot()).toEqual(states[2]);
    // the step ran no DDL, and still the whole schema is read
    expect(fake.calls).toEqual(['all', 'some org', 'all', 'all']);
    expect(snapshots.reads).toEqual({ all: 3, some: 1, none: 0, same: 0 });
  });

  it('reads nothing when there is nothing to check: no snapshot yet, or the last one read the whole schema', async () => {
    const fake = source([aSchema(org)], [ddl(1)], [[]]);
    const snapshots = incrementalSnapshots(fake, 'db');
    expect(await snapshots.verify()).toEqual([]);
    await snapshots.snapshot();
    expect(await snapshots.verify()).toEqual([]);
    snapshots.invalidate();
    expect(await snapshots.verify()).toEqual([]);
    expect(fake.calls).toEqual(['all']);
  });
});
