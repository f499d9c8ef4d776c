import { describe, expect, it } from 'vitest';
import { incrementalSnapshots, type SnapshotSource } from '../../src/schema/incremental.js';
import { noDdl, touchedTables, type DdlCounts } from '../../src/schema/touched.js';
import type { Schema } from '../../src/schema/types.js';
import { aColumn, aForeignKey, aSchema, aTable } from './builders.js';

describe('touchedTables', () => {
  const touched = (...statements: string[]) => {
    const result = touchedTables(statements, 'mg_1_chain');
    return result && { tables: [...result.tables].sort(), counts: Object.entries(result.counts).filter(([, n]) => n) };
  };

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
    expect(touched('CREATE VIEW v AS SELECT 1')).toBeNull();
    expect(touched('(a statement of unknown shape)')).toBeNull();
  });
});

/** A fake server: the schema after each step, DDL counters, and the statements a step logged. */
function source(states: Schema[], counts: DdlCounts[], logs: string[][]) {
  let step = 0;
  const calls: string[] = [];
  const fake: SnapshotSource & { next(): void; calls: string[] } = {
    calls,
    next: () => void step++,
    read: async (tables) => {
      calls.push(tables ? `some ${[...tables].sort().join(',')}` : 'all');
      const schema = tables
        ? { tables: Object.fromEntries(Object.entries(states[step]!.tables).filter(([name]) => tables.includes(name))) }
        : states[step]!;
      return { schema, counters: counts[step]! };
    },
    counters: async () => counts[step]!,
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
    expect(snapshots.reads).toEqual({ all: 1, some: 2, none: 1 });
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
