import { atLeast, isMariaDb } from '../../src/schema/flavor.js';
import type { Flavor } from '../../src/schema/types.js';
import type { Feature } from './feature.js';

const mariadb = (reason: string) => (flavor: Flavor) => (isMariaDb(flavor) ? reason : null);
const mysqlOnly = (reason: string) => (flavor: Flavor) => (isMariaDb(flavor) ? null : reason);

/**
 * A one-column feature: the table `{table}` with `id` and a column `c`. `attributes` is the Sequelize
 * attribute object of `c`, with `T.` standing for `Sequelize.` in the migration and `DataTypes.` in the
 * model; `changed` is the column's SQL after the one deliberate change, which must differ in `attribute`.
 */
function column(spec: {
  id: string;
  sql: string;
  attributes: string;
  changed: string;
  attribute: string;
  model?: false | string;
  requires?: Feature['requires'];
}): Feature {
  const table = (definition: string) => `CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, c ${definition})`;
  // `T.literal(…)` is Sequelize.literal in a migration, the instance's literal in a model.
  const migrationAttributes = spec.attributes.replace(/\bT\./g, 'Sequelize.');
  const modelAttributes = spec.attributes.replace(/\bT\.literal/g, 'sequelize.literal').replace(/\bT\./g, 'DataTypes.');
  return {
    id: spec.id,
    sql: table(spec.sql),
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      c: ${migrationAttributes},
    });`,
    model:
      spec.model === false
        ? { skip: 'Sequelize models cannot declare it' }
        : `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, c: ${modelAttributes} }, { tableName: '{table}', timestamps: false })`,
    change: {
      sql: table(spec.changed),
      expect: { kind: 'changed', object: 'column', name: 'c', attribute: spec.attribute },
    },
    ...(spec.requires && { requires: spec.requires }),
  };
}

/** A type feature: the column is `<sql> NULL`, changed to `<changed> NULL`. */
const type = (id: string, sql: string, sequelize: string, changed: string, requires?: Feature['requires']): Feature =>
  column({
    id,
    sql: `${sql} NULL`,
    attributes: `{ type: ${sequelize}, allowNull: true }`,
    changed: `${changed} NULL`,
    attribute: 'type',
    ...(requires && { requires }),
  });

/** A feature written out in full, for tables a single column does not describe. */
function table(spec: Omit<Feature, 'model'> & { model: string | false }): Feature {
  return { ...spec, model: spec.model === false ? { skip: 'Sequelize models cannot declare it' } : spec.model };
}

export const MATRIX: Feature[] = [
  // integers: signed, unsigned, zerofill, and tinyint(1) for BOOLEAN
  type('tinyint', 'TINYINT', 'T.TINYINT', 'SMALLINT'),
  type('tinyint_unsigned', 'TINYINT UNSIGNED', 'T.TINYINT.UNSIGNED', 'TINYINT'),
  type('smallint', 'SMALLINT', 'T.SMALLINT', 'SMALLINT UNSIGNED'),
  type('mediumint_unsigned', 'MEDIUMINT UNSIGNED', 'T.MEDIUMINT.UNSIGNED', 'MEDIUMINT'),
  type('int', 'INT', 'T.INTEGER', 'BIGINT'),
  type('int_unsigned', 'INT UNSIGNED', 'T.INTEGER.UNSIGNED', 'INT'),
  type('bigint_unsigned', 'BIGINT UNSIGNED', 'T.BIGINT.UNSIGNED', 'BIGINT'),
  type('int_zerofill', 'INT(8) UNSIGNED ZEROFILL', 'T.INTEGER(8).UNSIGNED.ZEROFILL', 'INT(10) UNSIGNED ZEROFILL'),
  type('boolean', 'TINYINT(1)', 'T.BOOLEAN', 'TINYINT'),
  // decimals and floating point
  type('decimal', 'DECIMAL(10,2)', 'T.DECIMAL(10, 2)', 'DECIMAL(10,3)'),
  type('float', 'FLOAT', 'T.FLOAT', 'DOUBLE'),
  type('double', 'DOUBLE', 'T.DOUBLE', 'FLOAT'),
  type('bit', 'BIT(8)', "'BIT(8)'", 'BIT(16)'),
  // strings and binary strings
  type('char', 'CHAR(10)', 'T.CHAR(10)', 'CHAR(12)'),
  type('varchar', 'VARCHAR(100)', 'T.STRING(100)', 'VARCHAR(101)'),
  type('binary', 'BINARY(16)', "'BINARY(16)'", 'BINARY(20)'),
  type('varbinary', 'VARBINARY(64)', "'VARBINARY(64)'", 'VARBINARY(65)'),
  type('tinytext', 'TINYTEXT', "T.TEXT('tiny')", 'TEXT'),
  type('text', 'TEXT', 'T.TEXT', 'MEDIUMTEXT'),
  type('mediumtext', 'MEDIUMTEXT', "T.TEXT('medium')", 'LONGTEXT'),
  type('longtext', 'LONGTEXT', "T.TEXT('long')", 'MEDIUMTEXT'),
  type('tinyblob', 'TINYBLOB', "T.BLOB('tiny')", 'BLOB'),
  type('blob', 'BLOB', 'T.BLOB', 'MEDIUMBLOB'),
  type('mediumblob', 'MEDIUMBLOB', "T.BLOB('medium')", 'LONGBLOB'),
  type('longblob', 'LONGBLOB', "T.BLOB('long')", 'BLOB'),
  type('enum', "ENUM('Draft','Live')", "T.ENUM('Draft', 'Live')", "ENUM('draft','live')"),
  type('set', "SET('read','write')", "'SET(\\'read\\',\\'write\\')'", "SET('read','write','admin')"),
  // temporal types, with fractional seconds
  type('date', 'DATE', 'T.DATEONLY', 'DATETIME'),
  type('time', 'TIME', 'T.TIME', 'TIME(3)'),
  type('time_fsp', 'TIME(3)', "'TIME(3)'", 'TIME(6)'),
  type('datetime', 'DATETIME', 'T.DATE', 'DATETIME(3)'),
  type('datetime_fsp', 'DATETIME(6)', 'T.DATE(6)', 'DATETIME(3)'),
  type('timestamp_fsp', 'TIMESTAMP(3)', "'TIMESTAMP(3)'", 'TIMESTAMP(6)'),
  type('year', 'YEAR', "'YEAR'", 'SMALLINT'),
  type('json', 'JSON', 'T.JSON', 'LONGTEXT'),
  // spatial types
  type('geometry', 'GEOMETRY', 'T.GEOMETRY', 'POINT'),
  type('point', 'POINT', "T.GEOMETRY('POINT')", 'GEOMETRY'),
  type('polygon', 'POLYGON', "T.GEOMETRY('POLYGON')", 'LINESTRING'),
  // defaults
  column({
    id: 'default_string',
    sql: "VARCHAR(20) NOT NULL DEFAULT 'it''s'",
    attributes: `{ type: T.STRING(20), allowNull: false, defaultValue: "it's" }`,
    changed: "VARCHAR(20) NOT NULL DEFAULT 'its'",
    attribute: 'default',
  }),
  column({
    id: 'default_number',
    sql: 'INT NOT NULL DEFAULT 42',
    attributes: '{ type: T.INTEGER, allowNull: false, defaultValue: 42 }',
    changed: 'INT NOT NULL DEFAULT 43',
    attribute: 'default',
  }),
  column({
    id: 'default_decimal',
    sql: 'DECIMAL(6,2) NOT NULL DEFAULT 1.50',
    attributes: "{ type: T.DECIMAL(6, 2), allowNull: false, defaultValue: '1.50' }",
    changed: 'DECIMAL(6,2) NOT NULL DEFAULT 1.25',
    attribute: 'default',
  }),
  column({
    id: 'default_bit',
    sql: "BIT(1) NOT NULL DEFAULT b'1'",
    attributes: "{ type: 'BIT(1)', allowNull: false, defaultValue: T.literal(\"b'1'\") }",
    changed: "BIT(1) NOT NULL DEFAULT b'0'",
    attribute: 'default',
    model: false,
  }),
  column({
    id: 'default_null',
    sql: 'VARCHAR(10) NULL DEFAULT NULL',
    attributes: '{ type: T.STRING(10), allowNull: true, defaultValue: null }',
    changed: "VARCHAR(10) NULL DEFAULT ''",
    attribute: 'default',
  }),
  column({
    id: 'nullable',
    sql: 'VARCHAR(10) NOT NULL',
    attributes: '{ type: T.STRING(10), allowNull: false }',
    changed: 'VARCHAR(10) NULL',
    attribute: 'nullable',
  }),
  column({
    id: 'default_expression',
    sql: 'CHAR(36) NULL DEFAULT (uuid())',
    attributes: "{ type: T.CHAR(36), allowNull: true, defaultValue: T.literal('(uuid())') }",
    changed: 'CHAR(36) NULL',
    attribute: 'default',
    requires: (flavor) =>
      isMariaDb(flavor) || atLeast(flavor, 8, 0, 13) ? null : 'expression defaults need MySQL 8.0.13',
  }),
  column({
    id: 'current_timestamp_on_update',
    sql: 'DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)',
    attributes:
      "{ type: T.DATE(3), allowNull: false, defaultValue: T.literal('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)') }",
    changed: 'DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
    attribute: 'onUpdate',
  }),
  column({
    id: 'auto_increment',
    sql: 'INT NOT NULL AUTO_INCREMENT UNIQUE',
    attributes: '{ type: T.INTEGER, allowNull: false, autoIncrement: true, unique: true }',
    changed: 'INT NOT NULL UNIQUE',
    attribute: 'autoIncrement',
  }),
  // charset, collation and comments
  column({
    id: 'column_collation',
    sql: 'VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin NULL',
    attributes: "{ type: 'VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin', allowNull: true }",
    changed: 'VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_general_ci NULL',
    attribute: 'collation',
  }),
  column({
    id: 'column_comment',
    sql: "INT NULL COMMENT 'the answer'",
    attributes: "{ type: T.INTEGER, allowNull: true, comment: 'the answer' }",
    changed: "INT NULL COMMENT 'the question'",
    attribute: 'comment',
  }),
];

/** Table-level features, and indexes, keys and checks. */
export const TABLE_FEATURES: Feature[] = [
  table({
    id: 'table_collation',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, c VARCHAR(10) NULL) DEFAULT CHARSET=latin1 COLLATE=latin1_bin',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      c: { type: Sequelize.STRING(10), allowNull: true },
    }, { charset: 'latin1', collate: 'latin1_bin' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, c: DataTypes.STRING(10) }, { tableName: '{table}', timestamps: false, charset: 'latin1', collate: 'latin1_bin' })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, c VARCHAR(10) NULL) DEFAULT CHARSET=latin1 COLLATE=latin1_general_ci',
      expect: { kind: 'changed', object: 'table', name: null, attribute: 'collation' },
    },
  }),
  table({
    id: 'table_comment',
    sql: "CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) COMMENT='people'",
    migration: `await queryInterface.createTable('{table}', { id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false } }, { comment: 'people' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true } }, { tableName: '{table}', timestamps: false, comment: 'people' })`,
    change: {
      sql: "CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) COMMENT='persons'",
      expect: { kind: 'changed', object: 'table', name: null, attribute: 'comment' },
    },
  }),
  table({
    id: 'engine',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) ENGINE=MyISAM',
    migration: `await queryInterface.createTable('{table}', { id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false } }, { engine: 'MyISAM' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true } }, { tableName: '{table}', timestamps: false, engine: 'MyISAM' })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB',
      expect: { kind: 'changed', object: 'table', name: null, attribute: 'engine' },
    },
  }),
  table({
    id: 'row_format',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) ROW_FORMAT=COMPACT',
    migration: `await queryInterface.createTable('{table}', { id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false } }, { rowFormat: 'COMPACT' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true } }, { tableName: '{table}', timestamps: false, rowFormat: 'COMPACT' })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) ROW_FORMAT=REDUNDANT',
      expect: { kind: 'changed', object: 'table', name: null, attribute: 'options' },
    },
  }),
  table({
    id: 'row_format_default',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) ROW_FORMAT=DYNAMIC',
    migration: `await queryInterface.createTable('{table}', { id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false } });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true } }, { tableName: '{table}', timestamps: false })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY) ROW_FORMAT=COMPACT',
      expect: { kind: 'changed', object: 'table', name: null, attribute: 'options' },
    },
  }),
  table({
    id: 'composite_primary_key',
    sql: 'CREATE TABLE {table} (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b))',
    migration: `await queryInterface.createTable('{table}', {
      a: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      b: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
    });`,
    model: `sequelize.define('{table}', { a: { type: DataTypes.INTEGER, primaryKey: true }, b: { type: DataTypes.INTEGER, primaryKey: true } }, { tableName: '{table}', timestamps: false })`,
    change: {
      sql: 'CREATE TABLE {table} (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (b, a))',
      expect: { kind: 'changed', object: 'primaryKey', name: 'PRIMARY', attribute: 'columns' },
    },
  }),
  table({
    id: 'generated_virtual',
    sql: "CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a VARCHAR(10) NULL, b VARCHAR(10) NULL, ab VARCHAR(21) AS (concat(a, '-', b)) VIRTUAL)",
    migration: `await queryInterface.sequelize.query("CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a VARCHAR(10) NULL, b VARCHAR(10) NULL, ab VARCHAR(21) GENERATED ALWAYS AS (CONCAT(\`a\`,'-',\`b\`)) VIRTUAL)");`,
    model: false,
    change: {
      sql: "CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a VARCHAR(10) NULL, b VARCHAR(10) NULL, ab VARCHAR(21) AS (concat(a, '-', b)) STORED)",
      expect: { kind: 'changed', object: 'column', name: 'ab', attribute: 'generated' },
    },
  }),
  table({
    id: 'generated_stored',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, price DECIMAL(8,2) NOT NULL, total DECIMAL(9,2) AS (price * 1.2) STORED)',
    migration: `await queryInterface.sequelize.query('CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, price DECIMAL(8,2) NOT NULL, total DECIMAL(9,2) GENERATED ALWAYS AS ((price * 1.2)) STORED)');`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, price DECIMAL(8,2) NOT NULL, total DECIMAL(9,2) AS (price * 1.3) STORED)',
      expect: { kind: 'changed', object: 'column', name: 'total', attribute: 'generated' },
    },
  }),
  table({
    id: 'unique_composite',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NOT NULL, b INT NOT NULL, UNIQUE KEY ux_ab (a, b))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      a: { type: Sequelize.INTEGER, allowNull: false },
      b: { type: Sequelize.INTEGER, allowNull: false },
    });
    await queryInterface.addIndex('{table}', ['a', 'b'], { unique: true, name: 'ux_ab' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, a: { type: DataTypes.INTEGER, allowNull: false }, b: { type: DataTypes.INTEGER, allowNull: false } }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'ux_ab', unique: true, fields: ['a', 'b'] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NOT NULL, b INT NOT NULL, KEY ux_ab (a, b))',
      expect: { kind: 'changed', object: 'index', name: 'ux_ab', attribute: 'unique' },
    },
  }),
  table({
    id: 'index_renamed',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, KEY ix_a (a))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      a: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.addIndex('{table}', ['a'], { name: 'ix_a' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, a: DataTypes.INTEGER }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'ix_a', fields: ['a'] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, KEY ix_a_renamed (a))',
      expect: { kind: 'renamed', object: 'index', name: 'ix_a', attribute: 'name' },
    },
  }),
  table({
    id: 'prefix_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, t TEXT NULL, KEY ix_t (t(20)))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      t: { type: Sequelize.TEXT, allowNull: true },
    });
    await queryInterface.addIndex('{table}', [{ name: 't', length: 20 }], { name: 'ix_t' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, t: DataTypes.TEXT }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'ix_t', fields: [{ name: 't', length: 20 }] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, t TEXT NULL, KEY ix_t (t(30)))',
      expect: { kind: 'changed', object: 'index', name: 'ix_t', attribute: 'parts' },
    },
  }),
  table({
    id: 'descending_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, KEY ix_ab (a DESC, b))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      a: { type: Sequelize.INTEGER, allowNull: true },
      b: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.addIndex('{table}', [{ name: 'a', order: 'DESC' }, 'b'], { name: 'ix_ab' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, a: DataTypes.INTEGER, b: DataTypes.INTEGER }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'ix_ab', fields: [{ name: 'a', order: 'DESC' }, 'b'] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, KEY ix_ab (a, b))',
      expect: { kind: 'changed', object: 'index', name: 'ix_ab', attribute: 'parts' },
    },
    requires: (flavor) =>
      isMariaDb(flavor) && !atLeast(flavor, 10, 8) ? 'MariaDB before 10.8 ignores DESC in indexes' : null,
  }),
  table({
    id: 'fulltext_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, title TEXT NULL, body TEXT NULL, FULLTEXT KEY ft_body (body))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      title: { type: Sequelize.TEXT, allowNull: true },
      body: { type: Sequelize.TEXT, allowNull: true },
    });
    await queryInterface.addIndex('{table}', ['body'], { type: 'FULLTEXT', name: 'ft_body' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, title: DataTypes.TEXT, body: DataTypes.TEXT }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'ft_body', type: 'FULLTEXT', fields: ['body'] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, title TEXT NULL, body TEXT NULL, FULLTEXT KEY ft_body (title))',
      expect: { kind: 'changed', object: 'index', name: 'ft_body', attribute: 'parts' },
    },
  }),
  table({
    id: 'spatial_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, g POINT NOT NULL, h POINT NOT NULL, SPATIAL KEY sp_g (g))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      g: { type: Sequelize.GEOMETRY('POINT'), allowNull: false },
      h: { type: Sequelize.GEOMETRY('POINT'), allowNull: false },
    });
    await queryInterface.addIndex('{table}', ['g'], { type: 'SPATIAL', name: 'sp_g' });`,
    model: `sequelize.define('{table}', { id: { type: DataTypes.INTEGER, primaryKey: true }, g: { type: DataTypes.GEOMETRY('POINT'), allowNull: false }, h: { type: DataTypes.GEOMETRY('POINT'), allowNull: false } }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'sp_g', type: 'SPATIAL', fields: ['g'] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, g POINT NOT NULL, h POINT NOT NULL, SPATIAL KEY sp_g (h))',
      expect: { kind: 'changed', object: 'index', name: 'sp_g', attribute: 'parts' },
    },
  }),
  table({
    id: 'functional_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, email VARCHAR(100) NULL, KEY ix_email ((lower(email))))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      email: { type: Sequelize.STRING(100), allowNull: true },
    });
    await queryInterface.sequelize.query('CREATE INDEX ix_email ON {table} ((LOWER(email)))');`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, email VARCHAR(100) NULL, KEY ix_email ((upper(email))))',
      expect: { kind: 'changed', object: 'index', name: 'ix_email', attribute: 'parts' },
    },
    requires: (flavor) =>
      isMariaDb(flavor) ? 'MariaDB has no functional indexes' : atLeast(flavor, 8, 0, 13) ? null : 'needs MySQL 8.0.13',
  }),
  table({
    id: 'invisible_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, KEY ix_a (a) INVISIBLE)',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      a: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.sequelize.query('ALTER TABLE {table} ADD INDEX ix_a (a) INVISIBLE');`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, KEY ix_a (a))',
      expect: { kind: 'changed', object: 'index', name: 'ix_a', attribute: 'visible' },
    },
    requires: mariadb('MariaDB spells it IGNORED (see ignored_index)'),
  }),
  table({
    id: 'ignored_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, KEY ix_a (a) IGNORED)',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      a: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.sequelize.query('ALTER TABLE {table} ADD INDEX ix_a (a) IGNORED');`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, KEY ix_a (a))',
      expect: { kind: 'changed', object: 'index', name: 'ix_a', attribute: 'visible' },
    },
    requires: mysqlOnly('MySQL spells it INVISIBLE (see invisible_index)'),
  }),
  table({
    id: 'check_constraint',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, qty INT NOT NULL, CONSTRAINT ck_qty CHECK (qty >= 0))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      qty: { type: Sequelize.INTEGER, allowNull: false },
    });
    await queryInterface.addConstraint('{table}', { type: 'check', name: 'ck_qty', fields: ['qty'], where: { qty: { [Sequelize.Op.gte]: 0 } } });`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, qty INT NOT NULL, CONSTRAINT ck_qty CHECK (qty > 0))',
      expect: { kind: 'changed', object: 'check', name: 'ck_qty', attribute: 'clause' },
    },
  }),
  ...(['CASCADE', 'SET NULL', 'RESTRICT'] as const).map((rule) =>
    table({
      id: `fk_on_delete_${rule.replace(' ', '_').toLowerCase()}`,
      sql: `CREATE TABLE {table}_parent (id INT NOT NULL PRIMARY KEY); CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, parent_id INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (parent_id) REFERENCES {table}_parent (id) ON DELETE ${rule === 'RESTRICT' ? 'NO ACTION' : rule})`,
      migration: `await queryInterface.createTable('{table}_parent', { id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false } });
    await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      parent_id: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.addConstraint('{table}', { type: 'foreign key', name: 'fk_{table}', fields: ['parent_id'], references: { table: '{table}_parent', field: 'id' }, onDelete: '${rule}' });`,
      model: false,
      change: {
        sql: `CREATE TABLE {table}_parent (id INT NOT NULL PRIMARY KEY); CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, parent_id INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (parent_id) REFERENCES {table}_parent (id) ON DELETE ${rule === 'CASCADE' ? 'SET NULL' : 'CASCADE'})`,
        expect: { kind: 'changed', object: 'foreignKey', name: 'fk_{table}', attribute: 'onDelete' },
      },
    }),
  ),
  table({
    id: 'fk_on_update_cascade',
    sql: 'CREATE TABLE {table}_parent (id INT NOT NULL PRIMARY KEY); CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, parent_id INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (parent_id) REFERENCES {table}_parent (id) ON UPDATE CASCADE)',
    migration: `await queryInterface.createTable('{table}_parent', { id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false } });
    await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      parent_id: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.addConstraint('{table}', { type: 'foreign key', name: 'fk_{table}', fields: ['parent_id'], references: { table: '{table}_parent', field: 'id' }, onUpdate: 'CASCADE' });`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table}_parent (id INT NOT NULL PRIMARY KEY); CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, parent_id INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (parent_id) REFERENCES {table}_parent (id))',
      expect: { kind: 'changed', object: 'foreignKey', name: 'fk_{table}', attribute: 'onUpdate' },
    },
  }),
  table({
    id: 'fk_composite',
    sql: 'CREATE TABLE {table}_parent (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b)); CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, pa INT NULL, pb INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (pa, pb) REFERENCES {table}_parent (a, b))',
    migration: `await queryInterface.sequelize.query('CREATE TABLE {table}_parent (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b))');
    await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      pa: { type: Sequelize.INTEGER, allowNull: true },
      pb: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.sequelize.query('ALTER TABLE {table} ADD CONSTRAINT fk_{table} FOREIGN KEY (pa, pb) REFERENCES {table}_parent (a, b)');`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table}_parent (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b)); CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, pa INT NULL, pb INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (pb, pa) REFERENCES {table}_parent (a, b))',
      expect: { kind: 'changed', object: 'foreignKey', name: 'fk_{table}', attribute: 'columns' },
    },
  }),
  table({
    id: 'fk_self',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, manager_id INT NULL, CONSTRAINT fk_{table} FOREIGN KEY (manager_id) REFERENCES {table} (id) ON DELETE SET NULL)',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      manager_id: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.addConstraint('{table}', { type: 'foreign key', name: 'fk_{table}', fields: ['manager_id'], references: { table: '{table}', field: 'id' }, onDelete: 'SET NULL' });`,
    model: false,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, manager_id INT NULL, CONSTRAINT fk_{table}_renamed FOREIGN KEY (manager_id) REFERENCES {table} (id) ON DELETE SET NULL)',
      expect: { kind: 'renamed', object: 'foreignKey', name: 'fk_{table}', attribute: 'name' },
    },
  }),
];
