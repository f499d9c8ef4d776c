import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atLeast, describeFlavor, parseFlavor } from '../../src/schema/flavor.js';
import { canonicalExpression, isCurrentTimestamp, quoteLiteral } from '../../src/schema/normalise/expression.js';
import {
  canonicalCharset,
  canonicalCollation,
  canonicalType,
  dialectOf,
  normalise,
  tableOptions,
} from '../../src/schema/normalise/index.js';
import { mariadb } from '../../src/schema/normalise/mariadb.js';
import { mysql } from '../../src/schema/normalise/mysql.js';
import type { RawSchema, Row } from '../../src/schema/raw.js';
import type { Column, Flavor, Table } from '../../src/schema/types.js';

/**
 * The fixtures are information_schema rows captured from real servers after running the same DDL
 * (see the `org` and `u` tables below) on each:
 *
 *   CREATE TABLE org (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
 *     name VARCHAR(50) NOT NULL DEFAULT 'x''y', code CHAR(3) CHARACTER SET latin1 COLLATE latin1_bin NULL)
 *     ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='orgs';
 *   CREATE TABLE u (id INT NOT NULL AUTO_INCREMENT, org_id INT UNSIGNED NULL,
 *     flag TINYINT(1) NOT NULL DEFAULT 0, n INT NULL DEFAULT NULL, big BIGINT(20) UNSIGNED ZEROFILL,
 *     price DECIMAL(10,2) DEFAULT '0.00', s VARCHAR(10) DEFAULT '0', e ENUM('a','b') DEFAULT 'a', doc JSON,
 *     created DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
 *     ts TIMESTAMP NULL DEFAULT NULL, y YEAR,
 *     full_name VARCHAR(100) GENERATED ALWAYS AS (concat(s,'-',e)) VIRTUAL, b BIT(1) DEFAULT b'0', t TEXT,
 *     uuid CHAR(36) DEFAULT (uuid()),
 *     PRIMARY KEY (id), UNIQUE KEY ux_s (s), KEY ix_pref (t(20)), KEY ix_desc (n DESC, flag),
 *     CONSTRAINT fk_org FOREIGN KEY (org_id) REFERENCES org(id) ON DELETE CASCADE ON UPDATE RESTRICT,
 *     CONSTRAINT ck_n CHECK (n > 0)) COMMENT 'users' COLLATE utf8mb4_unicode_ci;
 */
const SERVERS = ['mysql-9.7', 'mariadb-10.11', 'mariadb-11.8'] as const;
type Server = (typeof SERVERS)[number];

interface Fixture {
  version: string;
  raw: RawSchema;
}

function fixture(server: Server): Fixture {
  const url = new URL(`./fixtures/information-schema/${server}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixture;
}

function normalised(server: Server) {
  const { version, raw } = fixture(server);
  return normalise(raw, parseFlavor(version));
}

function tableOf(server: Server, name: string): Table {
  const table = normalised(server).tables[name];
  if (!table) throw new Error(`no table ${name} in ${server}`);
  return table;
}

function columnOf(server: Server, table: string, name: string): Column {
  const column = tableOf(server, table).columns.find((item) => item.name === name);
  if (!column) throw new Error(`no column ${table}.${name} in ${server}`);
  return column;
}

const MYSQL: Flavor = parseFlavor('8.4.3');
const MARIADB: Flavor = parseFlavor('10.11.18-MariaDB');

describe('normalise: real information_schema rows', () => {
  it('reads the flavor the fixtures claim', () => {
    expect(SERVERS.map((server) => parseFlavor(fixture(server).version).kind)).toEqual(['mysql', 'mariadb', 'mariadb']);
  });

  it.each(SERVERS)('%s yields exactly the tables org and u', (server) => {
    expect(Object.keys(normalised(server).tables)).toEqual(['org', 'u']);
  });

  describe.each(['mariadb-10.11', 'mariadb-11.8'] as const)('%s against MySQL 9.7', (server) => {
    it('normalises table u to the same Table', () => {
      expect(tableOf(server, 'u')).toEqual(tableOf('mysql-9.7', 'u'));
    });

    it('normalises table org to the same Table, but for the server-default collation', () => {
      // `org` is created without COLLATE, so it takes each server's default collation for utf8mb4
      // (utf8mb4_0900_ai_ci on MySQL 8+, utf8mb4_general_ci on MariaDB 10.11, utf8mb4_uca1400_ai_ci on
      // MariaDB 11.8). That genuine difference is the only one allowed: override just that field.
      const mysqlOrg = tableOf('mysql-9.7', 'org');
      const org = tableOf(server, 'org');
      expect(org.collation).not.toBe(mysqlOrg.collation);
      expect({ ...org, collation: mysqlOrg.collation }).toEqual(mysqlOrg);
    });
  });

  it.each([
    ['mysql-9.7', 'utf8mb4_0900_ai_ci'],
    ['mariadb-10.11', 'utf8mb4_general_ci'],
    ['mariadb-11.8', 'utf8mb4_uca1400_ai_ci'],
  ] as const)('%s: org has the server default collation %s and charset utf8mb4', (server, collation) => {
    const org = tableOf(server, 'org');
    expect([org.charset, org.collation]).toEqual(['utf8mb4', collation]);
  });

  describe.each(SERVERS)('%s', (server) => {
    it.each([
      // [table, column, type]
      ['u', 'id', 'int'], // MariaDB: int(11)
      ['org', 'id', 'int unsigned'], // MariaDB: int(10) unsigned
      ['u', 'org_id', 'int unsigned'],
      ['u', 'flag', 'tinyint(1)'], // BOOLEAN spelling is kept everywhere
      ['u', 'big', 'bigint(20) unsigned zerofill'], // width matters with ZEROFILL
      ['u', 'y', 'year'], // MariaDB: year(4)
      ['u', 'price', 'decimal(10,2)'],
      ['u', 'e', "enum('a','b')"],
      ['u', 'doc', 'json'], // MariaDB: longtext + CHECK (json_valid(doc))
      ['u', 'created', 'datetime(3)'],
    ])('type of %s.%s is %s', (table, column, type) => {
      expect(columnOf(server, table, column).type).toBe(type);
    });

    it.each([
      // [table, column, default]
      ['org', 'name', "'x''y'"], // MySQL: x'y; MariaDB: 'x''y'
      ['u', 'flag', "'0'"], // numbers are quoted like strings
      ['u', 'price', "'0.00'"],
      ['u', 's', "'0'"],
      ['u', 'e', "'a'"],
      ['u', 'n', null], // MariaDB: the string NULL
      ['u', 'ts', null],
      ['org', 'code', null],
      ['u', 'id', null],
      ['u', 'created', 'CURRENT_TIMESTAMP(3)'], // MariaDB: current_timestamp(3)
      ['u', 'b', "b'0'"],
      ['u', 'uuid', 'uuid()'],
      ['u', 'full_name', null], // generated columns have no default
    ])('default of %s.%s is %s', (table, column, expected) => {
      expect(columnOf(server, table, column).default).toBe(expected);
    });

    it('keeps ON UPDATE CURRENT_TIMESTAMP(3) in canonical case, and none elsewhere', () => {
      expect(columnOf(server, 'u', 'created').onUpdate).toBe('CURRENT_TIMESTAMP(3)');
      expect(columnOf(server, 'u', 'ts').onUpdate).toBeNull();
    });

    it('reads nullability and auto-increment', () => {
      const u = tableOf(server, 'u');
      const flags = Object.fromEntries(u.columns.map((c) => [c.name, [c.nullable, c.autoIncrement]]));
      expect(flags.id).toEqual([false, true]);
      expect(flags.created).toEqual([false, false]);
      expect(flags.n).toEqual([true, false]);
    });

    it('spells the generated column the same way (MySQL prints a _utf8mb4 introducer)', () => {
      expect(columnOf(server, 'u', 'full_name').generated).toEqual({ expression: "concat(s,'-',e)", stored: false });
      expect(columnOf(server, 'u', 'n').generated).toBeNull();
    });

    it('leaves out a column collation equal to the table one, keeps a different one', () => {
      expect(columnOf(server, 'u', 's')).toMatchObject({ charset: null, collation: null });
      expect(columnOf(server, 'org', 'name')).toMatchObject({ charset: null, collation: null });
      expect(columnOf(server, 'org', 'code')).toMatchObject({ charset: 'latin1', collation: 'latin1_bin' });
    });

    it('orders columns by position', () => {
      expect(
        tableOf(server, 'u')
          .columns.map((c) => [c.position, c.name])
          .slice(0, 4),
      ).toEqual([
        [1, 'id'],
        [2, 'org_id'],
        [3, 'flag'],
        [4, 'n'],
      ]);
    });

    it('reads table attributes and the primary key', () => {
      const u = tableOf(server, 'u');
      expect([u.engine, u.charset, u.collation, u.comment, u.primaryKey]).toEqual([
        'InnoDB',
        'utf8mb4',
        'utf8mb4_unicode_ci',
        'users',
        ['id'],
      ]);
      expect(tableOf(server, 'org').comment).toBe('orgs');
    });

    it('keeps the implicit foreign-key index fk_org with the declared ones', () => {
      expect(tableOf(server, 'u').indexes.map((index) => index.name)).toEqual(['fk_org', 'ix_desc', 'ix_pref', 'ux_s']);
    });

    it('reads descending parts, prefix lengths and uniqueness', () => {
      const byName = Object.fromEntries(tableOf(server, 'u').indexes.map((index) => [index.name, index]));
      expect(byName.ix_desc!.parts).toEqual([
        { column: 'n', expression: null, prefix: null, descending: true },
        { column: 'flag', expression: null, prefix: null, descending: false },
      ]);
      expect(byName.ix_pref!.parts).toEqual([{ column: 't', expression: null, prefix: 20, descending: false }]);
      expect([byName.ux_s!.unique, byName.ix_desc!.unique]).toEqual([true, false]);
      expect(Object.values(byName).every((index) => index.kind === 'btree' && index.visible)).toBe(true);
    });

    it('reads the foreign key with its rules', () => {
      expect(tableOf(server, 'u').foreignKeys).toEqual([
        {
          name: 'fk_org',
          columns: ['org_id'],
          referencedTable: 'org',
          referencedColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'RESTRICT',
        },
      ]);
    });

    it('reads the check clause without parentheses or backticks, and no json_valid check', () => {
      expect(tableOf(server, 'u').checks).toEqual([{ name: 'ck_n', clause: 'n > 0' }]);
      expect(tableOf(server, 'org').checks).toEqual([]);
    });
  });
});

/** Rows for one hand-made table, for rules the fixtures do not cover. */
function rawTable(table: Row, columns: Row[], more: Partial<Omit<RawSchema, 'tables' | 'columns'>> = {}): RawSchema {
  const name = table.TABLE_NAME;
  return {
    tables: [{ ENGINE: 'InnoDB', TABLE_COLLATION: 'utf8mb4_0900_ai_ci', TABLE_COMMENT: '', ...table }],
    columns: columns.map((column, i) => ({
      TABLE_NAME: name,
      ORDINAL_POSITION: i + 1,
      IS_NULLABLE: 'YES',
      COLUMN_DEFAULT: null,
      EXTRA: '',
      COLUMN_COMMENT: '',
      GENERATION_EXPRESSION: '',
      ...column,
    })),
    statistics: [],
    keyColumns: [],
    referentialConstraints: [],
    tableChecks: [],
    checkConstraints: [],
    ...more,
  };
}

const statistic = (row: Row): Row => ({
  TABLE_NAME: 't',
  NON_UNIQUE: 1,
  SEQ_IN_INDEX: 1,
  COLLATION: 'A',
  SUB_PART: null,
  INDEX_TYPE: 'BTREE',
  IS_VISIBLE: 'YES',
  IGNORED: 'NO',
  EXPRESSION: null,
  ...row,
});

describe('normalise: crafted rows', () => {
  it('spells utf8 as utf8mb3 in charsets and collations', () => {
    const raw = rawTable({ TABLE_NAME: 't', TABLE_COLLATION: 'utf8_general_ci' }, [
      { COLUMN_NAME: 'a', COLUMN_TYPE: 'varchar(10)', CHARACTER_SET_NAME: 'utf8', COLLATION_NAME: 'utf8_bin' },
      { COLUMN_NAME: 'b', COLUMN_TYPE: 'varchar(10)', CHARACTER_SET_NAME: 'utf8', COLLATION_NAME: 'utf8_general_ci' },
    ]);
    const table = normalise(raw, MYSQL).tables.t!;
    expect([table.charset, table.collation]).toEqual(['utf8mb3', 'utf8mb3_general_ci']);
    expect(table.columns.map((c) => [c.charset, c.collation])).toEqual([
      ['utf8mb3', 'utf8mb3_bin'],
      [null, null], // same as the table once both are canonical
    ]);
  });

  it.each([
    ['RESTRICT', 'RESTRICT'],
    ['NO ACTION', 'RESTRICT'],
    [undefined, 'RESTRICT'], // no REFERENTIAL_CONSTRAINTS row at all
    ['CASCADE', 'CASCADE'],
    ['SET NULL', 'SET NULL'],
    ['SET DEFAULT', 'SET DEFAULT'],
  ])('referential rule %s reads as %s', (rule, expected) => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'org_id', COLUMN_TYPE: 'int' }], {
      keyColumns: [
        {
          TABLE_NAME: 't',
          CONSTRAINT_NAME: 'fk',
          COLUMN_NAME: 'org_id',
          ORDINAL_POSITION: 1,
          REFERENCED_TABLE_NAME: 'org',
          REFERENCED_COLUMN_NAME: 'id',
        },
      ],
      referentialConstraints:
        rule === undefined ? [] : [{ TABLE_NAME: 't', CONSTRAINT_NAME: 'fk', DELETE_RULE: rule, UPDATE_RULE: rule }],
    });
    const [key] = normalise(raw, MYSQL).tables.t!.foreignKeys;
    expect([key!.onDelete, key!.onUpdate]).toEqual([expected, expected]);
  });

  it('orders multi-column foreign key columns by ORDINAL_POSITION', () => {
    const kcu = (column: string, position: number, referenced: string): Row => ({
      TABLE_NAME: 't',
      CONSTRAINT_NAME: 'fk',
      COLUMN_NAME: column,
      ORDINAL_POSITION: position,
      REFERENCED_TABLE_NAME: 'p',
      REFERENCED_COLUMN_NAME: referenced,
    });
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'a', COLUMN_TYPE: 'int' }], {
      keyColumns: [kcu('b', 2, 'y'), kcu('a', 1, 'x')],
    });
    expect(normalise(raw, MYSQL).tables.t!.foreignKeys[0]).toMatchObject({
      columns: ['a', 'b'],
      referencedColumns: ['x', 'y'],
    });
  });

  describe('index on exactly the foreign key columns', () => {
    const withIndex = (index: Row) =>
      rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'org_id', COLUMN_TYPE: 'int' }], {
        statistics: [statistic({ INDEX_NAME: 'ix_org', COLUMN_NAME: 'org_id', ...index })],
        keyColumns: [
          {
            TABLE_NAME: 't',
            CONSTRAINT_NAME: 'fk_org',
            COLUMN_NAME: 'org_id',
            ORDINAL_POSITION: 1,
            REFERENCED_TABLE_NAME: 'org',
            REFERENCED_COLUMN_NAME: 'id',
          },
        ],
      });
    const names = (raw: RawSchema) => normalise(raw, MYSQL).tables.t!.indexes.map((index) => index.name);

    // whether it is the server's own is the diff's to tell, with both sides in view (schema/pairing.ts)
    it.each([
      ['a plain index', {}],
      ['a unique index', { NON_UNIQUE: 0 }],
      ['an invisible index', { IS_VISIBLE: 'NO' }],
      ['a prefix index', { SUB_PART: 4 }],
      ['a descending index', { COLLATION: 'D' }],
    ])('%s is kept', (_what, index) => {
      expect(names(withIndex(index))).toEqual(['ix_org']);
    });

    it('keeps an index whose columns only start with the foreign key columns', () => {
      const raw = withIndex({});
      raw.statistics.push(statistic({ INDEX_NAME: 'ix_org', COLUMN_NAME: 'x', SEQ_IN_INDEX: 2 }));
      expect(names(raw)).toEqual(['ix_org']);
    });
  });

  it('sorts index parts by SEQ_IN_INDEX and indexes by name', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'a', COLUMN_TYPE: 'int' }], {
      statistics: [
        statistic({ INDEX_NAME: 'b_ix', COLUMN_NAME: 'b', SEQ_IN_INDEX: 2 }),
        statistic({ INDEX_NAME: 'b_ix', COLUMN_NAME: 'a', SEQ_IN_INDEX: 1 }),
        statistic({ INDEX_NAME: 'a_ix', COLUMN_NAME: 'c' }),
        statistic({ INDEX_NAME: 'PRIMARY', NON_UNIQUE: 0, COLUMN_NAME: 'k2', SEQ_IN_INDEX: 2 }),
        statistic({ INDEX_NAME: 'PRIMARY', NON_UNIQUE: 0, COLUMN_NAME: 'k1', SEQ_IN_INDEX: 1 }),
      ],
    });
    const table = normalise(raw, MYSQL).tables.t!;
    expect(table.indexes.map((index) => [index.name, index.parts.map((part) => part.column)])).toEqual([
      ['a_ix', ['c']],
      ['b_ix', ['a', 'b']],
    ]);
    expect(table.primaryKey).toEqual(['k1', 'k2']);
  });

  it('gives null for a table without primary key', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'a', COLUMN_TYPE: 'int' }]);
    expect(normalise(raw, MYSQL).tables.t!.primaryKey).toBeNull();
  });

  it.each([
    ['FULLTEXT', 'fulltext', null, null],
    ['SPATIAL', 'spatial', 32, null], // the SUB_PART 32 of a spatial index is not a prefix
    ['BTREE', 'btree', 12, 12],
    ['HASH', 'btree', null, null],
  ])('index type %s reads as kind %s', (type, kind, subPart, prefix) => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'a', COLUMN_TYPE: 'text' }], {
      statistics: [statistic({ INDEX_NAME: 'ix', COLUMN_NAME: 'a', INDEX_TYPE: type, SUB_PART: subPart })],
    });
    const [index] = normalise(raw, MYSQL).tables.t!.indexes;
    expect([index!.kind, index!.parts[0]!.prefix]).toEqual([kind, prefix]);
  });

  it.each([
    ['MySQL', MYSQL, { IS_VISIBLE: 'NO' }, false],
    ['MySQL', MYSQL, { IS_VISIBLE: 'YES' }, true],
    ['MariaDB', MARIADB, { IGNORED: 'YES', IS_VISIBLE: undefined }, false],
    ['MariaDB', MARIADB, { IGNORED: 'NO', IS_VISIBLE: undefined }, true],
  ])('%s index visibility %j → visible %s', (_name, flavor, row, visible) => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'a', COLUMN_TYPE: 'int' }], {
      statistics: [statistic({ INDEX_NAME: 'ix', COLUMN_NAME: 'a', ...row })],
    });
    expect(normalise(raw, flavor).tables.t!.indexes[0]!.visible).toBe(visible);
  });

  it('reads a MySQL functional index part as an expression', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'email', COLUMN_TYPE: 'varchar(99)' }], {
      statistics: [statistic({ INDEX_NAME: 'ix', COLUMN_NAME: null, EXPRESSION: 'lower(`email`)' })],
    });
    expect(normalise(raw, MYSQL).tables.t!.indexes[0]!.parts).toEqual([
      { column: null, expression: 'lower(email)', prefix: null, descending: false },
    ]);
  });

  it('reads a STORED generated column', () => {
    const column = {
      COLUMN_NAME: 'total',
      COLUMN_TYPE: 'int',
      EXTRA: 'STORED GENERATED',
      GENERATION_EXPRESSION: '(`a` + `b`)',
      IS_GENERATED: 'ALWAYS',
    };
    for (const flavor of [MYSQL, MARIADB])
      expect(normalise(rawTable({ TABLE_NAME: 't' }, [column]), flavor).tables.t!.columns[0]!.generated).toEqual({
        expression: 'a + b',
        stored: true,
      });
  });

  it('orders columns by ORDINAL_POSITION whatever the row order', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, []);
    raw.columns = [
      { TABLE_NAME: 't', COLUMN_NAME: 'c', ORDINAL_POSITION: 3, COLUMN_TYPE: 'int' },
      { TABLE_NAME: 't', COLUMN_NAME: 'a', ORDINAL_POSITION: 1, COLUMN_TYPE: 'int' },
      { TABLE_NAME: 't', COLUMN_NAME: 'b', ORDINAL_POSITION: 2, COLUMN_TYPE: 'int' },
    ];
    expect(normalise(raw, MYSQL).tables.t!.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('leaves a MariaDB longtext without a json_valid check a longtext', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, [
      { COLUMN_NAME: 'doc', COLUMN_TYPE: 'longtext', CHARACTER_SET_NAME: 'utf8mb4', COLLATION_NAME: 'utf8mb4_bin' },
    ]);
    expect(normalise(raw, MARIADB).tables.t!.columns[0]).toMatchObject({ type: 'longtext', collation: 'utf8mb4_bin' });
  });

  it('keeps a MariaDB json_valid check that is not about its own longtext column', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'doc', COLUMN_TYPE: 'varchar(100)' }], {
      checkConstraints: [{ TABLE_NAME: 't', CONSTRAINT_NAME: 'doc', CHECK_CLAUSE: 'json_valid(`doc`)' }],
    });
    const table = normalise(raw, MARIADB).tables.t!;
    expect(table.columns[0]!.type).toBe('varchar(100)');
    expect(table.checks).toEqual([{ name: 'doc', clause: 'json_valid(doc)' }]);
  });

  it('maps MySQL check constraints to their table through TABLE_CONSTRAINTS', () => {
    const raw = rawTable({ TABLE_NAME: 't' }, [{ COLUMN_NAME: 'a', COLUMN_TYPE: 'int' }], {
      tableChecks: [
        { TABLE_NAME: 't', CONSTRAINT_NAME: 'ck_b' },
        { TABLE_NAME: 't', CONSTRAINT_NAME: 'ck_a' },
      ],
      checkConstraints: [
        { CONSTRAINT_NAME: 'ck_b', CHECK_CLAUSE: '(`a` < 9)' },
        { CONSTRAINT_NAME: 'ck_a', CHECK_CLAUSE: '(`a` > 0)' },
        { CONSTRAINT_NAME: 'ck_elsewhere', CHECK_CLAUSE: '(1)' }, // not in TABLE_CONSTRAINTS: ignored
      ],
    });
    expect(normalise(raw, MYSQL).tables.t!.checks).toEqual([
      { name: 'ck_a', clause: 'a > 0' },
      { name: 'ck_b', clause: 'a < 9' },
    ]);
  });

  it.each([['SequelizeMeta'], ['sequelizemeta'], ['SEQUELIZEMETA']])(
    'exclude %s drops the SequelizeMeta table case-insensitively',
    (excluded) => {
      const raw = rawTable({ TABLE_NAME: 'SequelizeMeta' }, [{ COLUMN_NAME: 'name', COLUMN_TYPE: 'varchar(255)' }]);
      raw.tables.push({ TABLE_NAME: 'users', ENGINE: 'InnoDB', TABLE_COLLATION: null, TABLE_COMMENT: '' });
      expect(Object.keys(normalise(raw, MYSQL).tables)).toEqual(['SequelizeMeta', 'users']);
      expect(Object.keys(normalise(raw, MYSQL, { exclude: [excluded] }).tables)).toEqual(['users']);
    },
  );

  it('gives null engine, charset and collation when information_schema has none', () => {
    const raw = rawTable({ TABLE_NAME: 't', TABLE_COLLATION: null, ENGINE: null }, []);
    expect(normalise(raw, MYSQL).tables.t).toMatchObject({ engine: null, charset: null, collation: null });
  });
});

describe('column defaults per dialect', () => {
  it.each([
    // [COLUMN_DEFAULT, EXTRA, COLUMN_TYPE, canonical]
    [null, '', 'int', null],
    ['0', '', 'int', "'0'"],
    ["x'y", '', 'varchar(9)', "'x''y'"],
    ['', '', 'varchar(9)', "''"],
    ['NULL', '', 'varchar(9)', "'NULL'"], // on MySQL the string NULL is a literal
    ["b'0'", '', 'bit(1)', "b'0'"],
    ["b'0'", '', 'varchar(9)', "'b''0'''"], // only bit columns have bit literals
    ['CURRENT_TIMESTAMP', 'DEFAULT_GENERATED', 'timestamp', 'CURRENT_TIMESTAMP'],
    ['now()', 'DEFAULT_GENERATED', 'datetime', 'CURRENT_TIMESTAMP'],
    ["_utf8mb4\\'abc\\'", 'DEFAULT_GENERATED', 'varchar(9)', "'abc'"],
  ])('MySQL %j (EXTRA %j, %s) → %j', (value, extra, type, expected) => {
    expect(mysql.columnDefault({ COLUMN_DEFAULT: value, EXTRA: extra, COLUMN_TYPE: type })).toBe(expected);
  });

  it.each([
    [null, null],
    ['NULL', null],
    ["'NULL'", "'NULL'"],
    ["'x''y'", "'x''y'"],
    ["''", "''"],
    ['0', "'0'"],
    ['-1.5', "'-1.5'"],
    ['1e10', "'1e10'"],
    ["b'101'", "b'101'"],
    ['current_timestamp()', 'CURRENT_TIMESTAMP'],
    ['current_timestamp(6)', 'CURRENT_TIMESTAMP(6)'],
    ['uuid()', 'uuid()'],
  ])('MariaDB %j → %j', (value, expected) => {
    expect(mariadb.columnDefault({ COLUMN_DEFAULT: value })).toBe(expected);
  });

  it('picks the dialect by flavor', () => {
    expect(dialectOf(MYSQL)).toBe(mysql);
    expect(dialectOf(MARIADB)).toBe(mariadb);
  });
});

describe('canonicalType', () => {
  it.each([
    ['int(11)', 'int'],
    ['int(10) unsigned', 'int unsigned'],
    ['INT(10) UNSIGNED', 'int unsigned'],
    ['bigint(20)', 'bigint'],
    ['bigint(20) unsigned', 'bigint unsigned'],
    ['smallint(6)', 'smallint'],
    ['mediumint(9)', 'mediumint'],
    ['tinyint(4)', 'tinyint'],
    ['tinyint(3) unsigned', 'tinyint unsigned'],
    ['tinyint(1)', 'tinyint(1)'],
    ['int(5) unsigned zerofill', 'int(5) unsigned zerofill'],
    ['year(4)', 'year'],
    ['year', 'year'],
    ['int', 'int'],
    ['varchar(64)', 'varchar(64)'],
    ['decimal(10,2)', 'decimal(10,2)'],
    ['  datetime(3) ', 'datetime(3)'],
    ['double  unsigned', 'double unsigned'],
  ])('%j → %j', (type, expected) => {
    expect(canonicalType(type)).toBe(expected);
  });

  // Bug: canonicalType lowercases the whole COLUMN_TYPE, including ENUM/SET member literals. MySQL and
  // MariaDB return the member as declared ('Draft'), so a migration that renames 'Draft' to 'draft'
  // changes what the application reads, yet both spellings normalise to the same type.
  it('keeps the case of ENUM members (values are data, not keywords)', () => {
    expect(canonicalType("enum('Draft','Live')")).toBe("enum('Draft','Live')");
  });
});

describe('canonicalCharset / canonicalCollation', () => {
  it.each([
    ['utf8', 'utf8mb3'],
    ['utf8mb3', 'utf8mb3'],
    ['utf8mb4', 'utf8mb4'],
    ['latin1', 'latin1'],
    [null, null],
  ])('charset %j → %j', (charset, expected) => {
    expect(canonicalCharset(charset)).toBe(expected);
  });

  it.each([
    ['utf8_general_ci', 'utf8mb3_general_ci'],
    ['utf8_bin', 'utf8mb3_bin'],
    ['utf8mb4_bin', 'utf8mb4_bin'],
    ['utf8mb3_unicode_ci', 'utf8mb3_unicode_ci'],
    [null, null],
  ])('collation %j → %j', (collation, expected) => {
    expect(canonicalCollation(collation)).toBe(expected);
  });
});

describe('canonicalExpression', () => {
  it.each([
    ['(`n` > 0)', 'n > 0'], // MySQL check clause
    ['`n` > 0', 'n > 0'], // MariaDB check clause
    ["concat(`s`,_utf8mb4\\'-\\',`e`)", "concat(s,'-',e)"], // MySQL generation expression
    ["concat(`s`,'-',`e`)", "concat(s,'-',e)"], // MariaDB generation expression
    ["_latin1'x'", "'x'"],
    ['current_timestamp()', 'CURRENT_TIMESTAMP'],
    ['current_timestamp', 'CURRENT_TIMESTAMP'],
    ['current_timestamp(3)', 'CURRENT_TIMESTAMP(3)'],
    ['CURRENT_TIMESTAMP(3)', 'CURRENT_TIMESTAMP(3)'],
    ['now()', 'CURRENT_TIMESTAMP'],
    ['NOW(6)', 'CURRENT_TIMESTAMP(6)'],
    ['((a > 0))', 'a > 0'],
    ['(a) + (b)', '(a) + (b)'],
    ['(a > 0) and (b > 0)', '(a > 0) and (b > 0)'],
    ["(x <> ')')", "x <> ')'"],
    ["(x <> '(')", "x <> '('"],
    ['  a   >\n 0 ', 'a > 0'],
    ['uuid()', 'uuid()'],
  ])('%j → %j', (expression, expected) => {
    expect(canonicalExpression(expression)).toBe(expected);
  });

  it('is idempotent on its own output', () => {
    for (const expression of ["concat(`s`,_utf8mb4\\'-\\',`e`)", '((`a` > 0))', 'now(3)']) {
      const once = canonicalExpression(expression);
      expect(canonicalExpression(once)).toBe(once);
    }
  });

  it.each([
    ['abc', "'abc'"],
    ["it's", "'it''s'"],
    ['', "''"],
  ])('quoteLiteral(%j) → %j', (value, expected) => {
    expect(quoteLiteral(value)).toBe(expected);
  });

  it.each([
    ['CURRENT_TIMESTAMP', true],
    ['CURRENT_TIMESTAMP(6)', true],
    ['current_timestamp', false], // only the canonical spelling
    ['CURRENT_TIMESTAMP(10)', false],
    ['uuid()', false],
  ])('isCurrentTimestamp(%j) → %s', (expression, expected) => {
    expect(isCurrentTimestamp(expression)).toBe(expected);
  });
});

describe('parseFlavor', () => {
  it.each([
    ['8.0.36', 'mysql', [8, 0, 36]],
    ['8.4.3', 'mysql', [8, 4, 3]],
    ['9.7.4-2', 'mysql', [9, 7, 4]],
    ['8.0.36-0ubuntu0.22.04.1', 'mysql', [8, 0, 36]],
    ['10.11.18-MariaDB-0+deb12u1', 'mariadb', [10, 11, 18]],
    ['11.8.9-MariaDB-0+deb13u1 from Debian', 'mariadb', [11, 8, 9]],
    ['5.5.5-10.6.12-MariaDB-log', 'mariadb', [10, 6, 12]],
    ['  10.6.12-mariadb  ', 'mariadb', [10, 6, 12]],
  ] as const)('%j → %s %j', (version, kind, numbers) => {
    const flavor = parseFlavor(version);
    expect(flavor).toEqual({ kind, version: numbers, raw: version.trim() });
  });

  it.each([[''], ['garbage'], ['MariaDB'], ['8.0'], ['v8.0.36']])('throws on %j', (version) => {
    expect(() => parseFlavor(version)).toThrow(/unrecognised server version/);
  });

  it('describes the flavor for reports', () => {
    expect(describeFlavor(parseFlavor('5.5.5-10.6.12-MariaDB-log'))).toBe('MariaDB 10.6.12');
    expect(describeFlavor(parseFlavor('9.7.4-2'))).toBe('MySQL 9.7.4');
  });
});

describe('atLeast', () => {
  const flavor = parseFlavor('10.11.18-MariaDB');
  it.each([
    [[10], true],
    [[10, 6], true],
    [[10, 11], true],
    [[10, 11, 18], true],
    [[10, 11, 19], false],
    [[10, 12], false],
    [[11], false],
    [[9, 99, 99], true],
  ] as [[number, number?, number?], boolean][])('10.11.18 at least %j → %s', (version, expected) => {
    expect(atLeast(flavor, ...version)).toBe(expected);
  });
});

describe('tableOptions', () => {
  it.each([
    ['', ''],
    ['row_format=DYNAMIC', ''],
    ['ROW_FORMAT=COMPACT', 'row_format=COMPACT'],
    [
      'stats_persistent=0 row_format=COMPRESSED key_block_size=8',
      'key_block_size=8 row_format=COMPRESSED stats_persistent=0',
    ],
    ['partitioned', ''],
  ])('%j → %j', (createOptions, expected) => {
    expect(tableOptions(createOptions)).toBe(expected);
  });
});
