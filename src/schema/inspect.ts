import type { Connection } from 'mysql2/promise';
import type { Dialect } from './normalise/dialect.js';
import { RAW_VIEWS, type RawSchema, type Row } from './raw.js';

const COMMON_STATISTICS = [
  'TABLE_NAME',
  'NON_UNIQUE',
  'INDEX_NAME',
  'SEQ_IN_INDEX',
  'COLUMN_NAME',
  'COLLATION',
  'SUB_PART',
  'INDEX_TYPE',
];

/**
 * One query per object kind, each filtered by schema and none joining information_schema views (joins
 * there are slow on MySQL 8, whose views are built over the data dictionary). All run in one round trip.
 * Only needed columns are read: STATISTICS.CARDINALITY or TABLES.DATA_LENGTH would make the server
 * compute statistics for every table.
 */
function queries(dialect: Dialect): Record<keyof RawSchema, string> {
  const statistics = [...COMMON_STATISTICS, ...dialect.statisticsColumns].join(', ');
  const columns = ['', ...dialect.columnsColumns].join(', ');
  return {
    tables: `SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`,
    columns: `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE,
      CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION${columns}
      FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
    statistics: `SELECT ${statistics} FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`,
    keyColumns: `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME,
      REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`,
    referentialConstraints: `SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
      FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
    tableChecks: `SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'`,
    checkConstraints: `SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
  };
}

const FIRST_ROUND: (keyof RawSchema)[] = RAW_VIEWS.filter((view) => view !== 'tableChecks');

/**
 * Reads one schema's structure from information_schema, in one round trip. Mapping CHECK constraints
 * to their tables takes TABLE_CONSTRAINTS on MySQL (its CHECK_CONSTRAINTS has no table name), which is
 * read in a second round trip only when the schema has checks: most have none. `connection` must allow
 * multiple statements.
 */
export async function inspectSchema(connection: Connection, schema: string, dialect: Dialect): Promise<RawSchema> {
  const sql = queries(dialect);
  const [results] = await connection.query({
    sql: FIRST_ROUND.map((view) => sql[view]).join(';\n'),
    values: FIRST_ROUND.map(() => schema),
  });
  const rows = results as unknown as Row[][];
  const raw = Object.fromEntries(RAW_VIEWS.map((view) => [view, rows[FIRST_ROUND.indexOf(view)] ?? []]));
  const inspected = raw as unknown as RawSchema;
  if (inspected.checkConstraints.length > 0 && !dialect.checksNameTheirTable) {
    const [checks] = await connection.query(sql.tableChecks, [schema]);
    inspected.tableChecks = checks as Row[];
  }
  return inspected;
}

/** The queries one snapshot of a schema without CHECK constraints costs, in one round trip. */
export const QUERIES_PER_SNAPSHOT = FIRST_ROUND.length;
