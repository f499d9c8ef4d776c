import { randomBytes } from 'node:crypto';
import { MySqlContainer } from '@testcontainers/mysql';
import type { Connection } from 'mysql2/promise';
import { DataTypes, type QueryInterface } from 'sequelize';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import { connect, connectWhenReady, readDefaultCollations, type Credentials } from '../../src/database/server.js';
import { DATA_DIRECTORY, THROWAWAY_SERVER_OPTIONS } from '../../src/database/tuning.js';
import { openChainSession } from '../../src/replay/session.js';
import { diffSchemas } from '../../src/schema/diff.js';
import { parseFlavor } from '../../src/schema/flavor.js';
import { incrementalSnapshots, type SnapshotSource } from '../../src/schema/incremental.js';
import { inspectSchema, readDdl, readDdlCounters } from '../../src/schema/inspect.js';
import { dialectOf, normalise } from '../../src/schema/normalise/index.js';
import type { Flavor, Schema } from '../../src/schema/types.js';
import { ROOT } from './helpers.js';

/**
 * Issue §9: the snapshot the gate takes after a step is what the server holds. Each case starts from a
 * few tables with foreign keys between them, runs a kind of statement real chains send on the chain's
 * own connections (so that they are reported as the gate sees them), and the incremental snapshot after
 * it must equal a read of the whole schema. Each case also says how the snapshot must be taken: from the
 * tables the statements named (`some`), from nothing (`none`: nothing a snapshot holds changed), or from
 * the whole schema (`all`: the statements cannot tell, or the counters show DDL they do not account for).
 */

const BASE = [
  `CREATE TABLE org (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL,
    UNIQUE KEY ix_org_name (name))`,
  `CREATE TABLE member (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, org_id INT NOT NULL, email VARCHAR(128),
    CONSTRAINT fk_member_org FOREIGN KEY (org_id) REFERENCES org (id))`,
  // an FK the server names itself (tag_ibfk_1): renaming the table renames it on MySQL
  `CREATE TABLE tag (id INT NOT NULL PRIMARY KEY, member_id INT, label VARCHAR(32),
    FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE)`,
  'CREATE TABLE note (id INT NOT NULL PRIMARY KEY, body TEXT)',
];

/** What a case runs on: the chain's connections, and the app's own connection, which the gate does not hear. */
interface Chain {
  schema: string;
  /** A query on the chain's mysql2 context, as a migration sends it (several statements in one string allowed). */
  sql(query: string): Promise<void>;
  /** The chain's Sequelize QueryInterface. */
  qi: QueryInterface;
  /** A connection of the app's own: nothing it runs is in the chain's statement list. */
  app: Connection;
}

interface Case {
  name: string;
  /** Run on the schema before the snapshot that starts the case. */
  given?: string[];
  run(chain: Chain): Promise<unknown>;
  read: 'some' | 'none' | 'all';
}

const sql = (name: string, query: string, read: Case['read'] = 'some', given?: string[]): Case => ({
  name,
  given,
  run: (chain) => chain.sql(query),
  read,
});

const TRIGGER = 'CREATE TRIGGER member_email BEFORE INSERT ON member FOR EACH ROW SET NEW.email = LOWER(NEW.email)';
const VIEW = 'CREATE VIEW member_email AS SELECT id, email FROM member';

const CASES: Case[] = [
  sql('RENAME TABLE a TO b, c TO d, c being referenced', 'RENAME TABLE note TO memo, org TO organisation'),
  sql('ALTER TABLE `a` RENAME TO `b`; as Sequelize writes it', 'ALTER TABLE `note` RENAME TO `memo`;'),
  sql('ALTER TABLE a RENAME TO b, bare and without a semicolon', 'ALTER TABLE note RENAME TO memo'),
  {
    name: 'ALTER TABLE a RENAME b and RENAME AS b',
    run: async (chain) => {
      await chain.sql('ALTER TABLE note RENAME memo');
      await chain.sql('ALTER TABLE tag RENAME AS label');
    },
    read: 'some',
  },
  {
    name: 'ALTER TABLE `schema`.`a` RENAME TO `schema`.`b`;',
    run: (chain) => chain.sql(`ALTER TABLE \`${chain.schema}\`.\`note\` RENAME TO \`${chain.schema}\`.\`memo\`;`),
    read: 'some',
  },
  sql('a RENAME after other changes of one ALTER TABLE', 'ALTER TABLE note ADD title VARCHAR(10), RENAME TO memo'),
  sql('a RENAME before other changes of one ALTER TABLE', 'ALTER TABLE note RENAME TO memo, ADD title VARCHAR(10)'),
  sql('a RENAME before table options', 'ALTER TABLE note RENAME TO memo, ALGORITHM = COPY'),
  sql('renaming a table other tables reference', 'ALTER TABLE `org` RENAME TO `organisation`;'),
  sql('ALTER TABLE … RENAME COLUMN', 'ALTER TABLE member RENAME COLUMN email TO mail'),
  sql('ALTER TABLE … RENAME COLUMN of a referenced column', 'ALTER TABLE org RENAME COLUMN id TO org_id'),
  sql('ALTER TABLE … CHANGE COLUMN', 'ALTER TABLE member CHANGE COLUMN email mail VARCHAR(200) NULL'),
  sql('CREATE TABLE … LIKE', 'CREATE TABLE member_copy LIKE member'),
  sql('CREATE TABLE … AS SELECT', 'CREATE TABLE org_names AS SELECT id, name FROM org'),
  sql('CREATE TABLE … SELECT', 'CREATE TABLE org_names (extra INT) SELECT id, name FROM org'),
  sql('DROP TABLE a, b', 'DROP TABLE tag, note'),
  sql(
    'DROP TABLE of a referenced table, with foreign key checks off',
    'SET FOREIGN_KEY_CHECKS = 0; DROP TABLE org; SET FOREIGN_KEY_CHECKS = 1',
  ),
  sql('CREATE VIEW', VIEW, 'none'),
  sql('CREATE OR REPLACE VIEW', 'CREATE OR REPLACE VIEW member_email AS SELECT email FROM member', 'none', [VIEW]),
  sql('ALTER VIEW', 'ALTER VIEW member_email AS SELECT id FROM member', 'none', [VIEW]),
  sql('DROP VIEW', 'DROP VIEW member_email', 'none', [VIEW]),
  sql('CREATE TRIGGER with a one-statement body', TRIGGER, 'none'),
  sql('DROP TRIGGER', 'DROP TRIGGER IF EXISTS member_email', 'none', [TRIGGER]),
  // its body's statements cannot be told apart from the query's own
  sql(
    'CREATE TRIGGER with a BEGIN … END body',
    'CREATE TRIGGER member_email BEFORE INSERT ON member FOR EACH ROW BEGIN SET NEW.email = LOWER(NEW.email); END',
    'all',
  ),
  sql('CREATE INDEX', 'CREATE INDEX ix_member_email ON member (email)'),
  sql('CREATE UNIQUE INDEX … USING', 'CREATE UNIQUE INDEX ix_note_body USING BTREE ON note (body(20))'),
  sql('DROP INDEX', 'DROP INDEX ix_org_name ON org'),
  sql(
    'ALTER TABLE ADD FOREIGN KEY referencing another table',
    'ALTER TABLE note ADD org_id INT, ADD CONSTRAINT fk_note_org FOREIGN KEY (org_id) REFERENCES org (id)',
  ),
  {
    name: "DDL on the app's own connection, which the chain's statements do not show",
    run: (chain) => chain.app.query('ALTER TABLE note ADD title VARCHAR(10)'),
    read: 'all',
  },
  {
    name: "DDL on the app's own connection besides the chain's own",
    run: async (chain) => {
      await chain.sql('ALTER TABLE tag ADD weight INT');
      await chain.app.query('RENAME TABLE note TO memo');
    },
    read: 'all',
  },
  sql(
    'comments and several statements in one query',
    '/* why */ ALTER TABLE note ADD a INT; -- next\nALTER TABLE `tag` ADD b INT; # done\n',
  ),
  sql('an executable comment', '/*!40101 ALTER TABLE note ADD c INT */'),
  sql('a rename written in a string literal', "ALTER TABLE note COMMENT 'rename to memo; drop table org'"),
  {
    name: 'a statement the server refuses',
    run: (chain) => chain.sql('ALTER TABLE nowhere ADD x INT').catch(() => {}),
    read: 'some',
  },
  sql('CREATE TABLE with a mixed-case name', 'CREATE TABLE Foo (id INT NOT NULL PRIMARY KEY)'),
  {
    // lower_case_table_names=0 (Linux's default) refuses the second spelling; 1 and 2 take it
    name: 'CREATE TABLE Foo, then alter table foo',
    run: async (chain) => {
      await chain.sql('CREATE TABLE Foo (id INT NOT NULL PRIMARY KEY)');
      await chain.sql('alter table foo add x int').catch(() => {});
    },
    read: 'some',
  },
  {
    name: 'mixed-case names and a foreign key between them, then a rename',
    run: async (chain) => {
      await chain.sql('CREATE TABLE Parent (id INT NOT NULL PRIMARY KEY)');
      await chain.sql('CREATE TABLE Child (parent_id INT, FOREIGN KEY (parent_id) REFERENCES Parent (id))');
      await chain.sql('RENAME TABLE Parent TO Guardian');
    },
    read: 'some',
  },
  sql(
    'several DDL statements in one query',
    'CREATE TABLE Parent (id INT NOT NULL PRIMARY KEY); CREATE TABLE Child (parent_id INT, FOREIGN KEY (parent_id) REFERENCES Parent (id)); RENAME TABLE Parent TO Guardian',
  ),
  {
    name: 'Sequelize renameTable',
    run: (chain) => chain.qi.renameTable('org', 'organisation'),
    read: 'some',
  },
  { name: 'Sequelize renameColumn', run: (chain) => chain.qi.renameColumn('member', 'email', 'mail'), read: 'some' },
  {
    name: 'Sequelize changeColumn',
    run: (chain) => chain.qi.changeColumn('member', 'email', { type: DataTypes.STRING(200), allowNull: false }),
    read: 'some',
  },
  {
    name: 'Sequelize changeColumn to a reference',
    run: (chain) =>
      chain.qi.changeColumn('tag', 'member_id', {
        type: DataTypes.INTEGER,
        references: { model: 'org', key: 'id' },
        onDelete: 'SET NULL',
      }),
    read: 'some',
  },
  {
    name: 'Sequelize addIndex and removeIndex',
    run: async (chain) => {
      await chain.qi.addIndex('member', ['email'], { name: 'ix_member_email', unique: true });
      await chain.qi.removeIndex('org', 'ix_org_name');
    },
    read: 'some',
  },
  {
    name: 'Sequelize addConstraint and removeConstraint',
    run: async (chain) => {
      await chain.qi.addColumn('note', 'member_id', DataTypes.INTEGER);
      await chain.qi.addConstraint('note', {
        type: 'foreign key',
        fields: ['member_id'],
        name: 'fk_note_member',
        references: { table: 'member', field: 'id' },
        onDelete: 'CASCADE',
        onUpdate: 'CASCADE',
      });
      await chain.qi.addConstraint('note', { type: 'unique', fields: ['body'], name: 'uq_note_body' }).catch(() => {});
      await chain.qi.removeConstraint('member', 'fk_member_org');
    },
    read: 'some',
  },
  {
    name: 'Sequelize removeColumn of a foreign key column',
    run: (chain) => chain.qi.removeColumn('tag', 'member_id'),
    read: 'some',
  },
  {
    name: 'Sequelize createTable and dropTable',
    run: async (chain) => {
      await chain.qi.createTable('Invoice', {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        orgId: { type: DataTypes.INTEGER, references: { model: 'org', key: 'id' } },
      });
      await chain.qi.dropTable('note');
    },
    read: 'some',
  },
];

/** The text of a statement a session reports (its statements carry what the server answered, too). */
function sqlOf(statement: string | { sql: string }): string {
  return typeof statement === 'string' ? statement : statement.sql;
}

/**
 * A case that falls back to a whole read because of another test's DDL on the shared server is run again,
 * up to 7 s later: the server's DDL counters are global.
 */
const ATTEMPTS = 8;

describe.each(inject('servers'))('incremental snapshots on $image equal a whole read', ({ url }) => {
  fidelity(async () => ({ credentials: credentialsFromUrl(url), [Symbol.asyncDispose]: async () => {} }), CASES);
});

/**
 * With lower_case_table_names=1 (Windows' and macOS's default, and some hosted servers') the server stores
 * and compares names in lower case, whatever case the statements spell them in. The shared servers run
 * Linux's 0, so these cases start servers of their own.
 */
const LOWER_CASE: Case[] = [
  sql('CREATE TABLE Foo, kept as foo', 'CREATE TABLE Foo (id INT NOT NULL PRIMARY KEY)'),
  {
    name: 'CREATE TABLE Foo, then ALTER TABLE FOO',
    run: async (chain) => {
      await chain.sql('CREATE TABLE Foo (id INT NOT NULL PRIMARY KEY)');
      await chain.sql('ALTER TABLE FOO ADD x INT');
    },
    read: 'some',
  },
  sql('ALTER TABLE Note RENAME TO Memo', 'ALTER TABLE Note RENAME TO Memo'),
  sql('RENAME TABLE of a referenced table spelled in upper case', 'RENAME TABLE ORG TO Organisation'),
  {
    name: 'ALTER TABLE `SCHEMA`.`a` …, the schema spelled in upper case',
    run: (chain) => chain.sql(`ALTER TABLE \`${chain.schema.toUpperCase()}\`.note ADD title VARCHAR(10)`),
    read: 'some',
  },
  {
    name: 'Sequelize createTable and renameTable with mixed-case names',
    run: async (chain) => {
      await chain.qi.createTable('Invoice', {
        id: { type: DataTypes.INTEGER, primaryKey: true },
        orgId: { type: DataTypes.INTEGER, references: { model: 'Org', key: 'id' } },
      });
      await chain.qi.renameTable('Invoice', 'Bill');
      await chain.qi.renameColumn('Org', 'name', 'title');
    },
    read: 'some',
  },
];

describe.each(inject('servers'))('with lower_case_table_names=1 on $image', ({ image }) => {
  fidelity(async () => {
    const password = randomBytes(12).toString('hex');
    const container = await new MySqlContainer(image)
      .withRootPassword(password)
      .withUserPassword(password)
      .withTmpFs({ [DATA_DIRECTORY]: 'rw' })
      .withCommand([...THROWAWAY_SERVER_OPTIONS])
      // a file, not an option: MySQL takes the setting only when its data directory is initialised
      .withCopyContentToContainer([
        { content: '[mysqld]\nlower_case_table_names=1\n', target: '/etc/mysql/conf.d/lower-case.cnf', mode: 0o644 },
      ])
      .withLabels({ 'org.migration-gate': 'throwaway' })
      .start();
    const server = {
      credentials: { host: container.getHost(), port: container.getPort(), user: 'root', password },
      [Symbol.asyncDispose]: async () => void (await container.stop({ timeout: 0 })),
    };
    const connection = await connectWhenReady(server.credentials, 60_000);
    const [rows] = await connection.query('SELECT @@lower_case_table_names AS setting');
    await connection.end();
    expect(Number((rows as { setting: number }[])[0]!.setting)).toBe(1);
    return server;
  }, LOWER_CASE);
});

/** Runs each case, in a schema of its own, on the server `start` gives. */
function fidelity(start: () => Promise<{ credentials: Credentials } & AsyncDisposable>, cases: Case[]): void {
  let server: { credentials: Credentials } & AsyncDisposable;
  let admin: Connection;
  let flavor: Flavor;
  let defaultCollations: Record<string, string>;
  let count = 0;

  beforeAll(async () => {
    server = await start();
    admin = await connectWhenReady(server.credentials, 60_000);
    const [rows] = await admin.query('SELECT VERSION() AS version');
    flavor = parseFlavor((rows as { version: string }[])[0]!.version);
    defaultCollations = await readDefaultCollations(admin);
  });
  afterAll(async () => {
    await admin?.end();
    await server?.[Symbol.asyncDispose]();
  });

  const reader =
    (schema: string): SnapshotSource['read'] =>
    async (tables) => {
      const raw = await inspectSchema(admin, schema, dialectOf(flavor), { tables, counters: true });
      return { schema: normalise(raw, flavor, { defaultCollations }), counters: raw.counters! };
    };

  /** Runs a case in a schema of its own: the snapshot after it, the whole schema then, and how it was read. */
  async function replay(c: Case): Promise<{ incremental: Schema; whole: Schema; read: Case['read'] }> {
    const { credentials } = server;
    const schema = `mg_fidelity_${process.pid}_${count++}`;
    await admin.query(`CREATE DATABASE \`${schema}\``);
    try {
      for (const statement of [...BASE, ...(c.given ?? [])]) await admin.query(`USE \`${schema}\`; ${statement}`);
      const project = { cwd: ROOT, sequelize: {} };
      await using plain = await openChainSession(credentials, schema, { ...project, context: 'mysql2' });
      await using orm = await openChainSession(credentials, schema, { ...project, context: 'sequelize' });
      const app = await connect(credentials, schema);
      try {
        const read = reader(schema);
        const snapshots = incrementalSnapshots(
          {
            read,
            counters: () => readDdlCounters(admin),
            ddl: (present, options) => readDdl(admin, schema, present, options),
            statements: () => [...plain.statements(), ...orm.statements()].map(sqlOf),
          },
          schema,
        );
        await snapshots.snapshot();
        const before = { ...snapshots.reads };
        await c.run({
          schema,
          sql: async (query) => void (await (plain.step.context as Connection).query(query)),
          qi: orm.step.context as QueryInterface,
          app,
        });
        const incremental = await snapshots.snapshot();
        const kind = (['some', 'none', 'all'] as const).find((k) => snapshots.reads[k] > before[k])!;
        return { incremental, whole: (await read()).schema, read: kind };
      } finally {
        await app.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${schema}\``);
    }
  }

  it.each(cases)('$name', async (c) => {
    let result = await replay(c);
    for (let attempt = 1; attempt < ATTEMPTS && result.read === 'all' && c.read !== 'all'; attempt++) {
      // another test's chain may run DDL for seconds (a replay, a probe): wait longer each time
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      result = await replay(c);
    }
    expect(diffSchemas(result.whole, result.incremental)).toEqual([]);
    expect(result.incremental).toEqual(result.whole);
    expect(result.read).toBe(c.read);
  });
}
