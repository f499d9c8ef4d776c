import type { Connection } from 'mysql2/promise';
import type { Dialect } from './normalise/dialect.js';
import { RAW_VIEWS, type RawSchema, type Row } from './raw.js';
import { DDL_KINDS, noDdl, type DdlCounts } from './touched.js';

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
 * One query per object kind, each filtered by schema (and, to read some tables only, by table name) and
 * none joining information_schema views (joins there are slow on MySQL 8, whose views are built over the
 * data dictionary). Only needed columns are read: STATISTICS.CARDINALITY or TABLES.DATA_LENGTH would make
 * the server compute statistics for every table. MySQL's CHECK_CONSTRAINTS has no table name to filter by.
 */
function queries(dialect: Dialect, schema: string, tables?: string[]): Record<keyof RawSchema, Query> {
  const statistics = [...COMMON_STATISTICS, ...dialect.statisticsColumns].join(', ');
  const columns = ['', ...dialect.columnsColumns].join(', ');
  const query = (sql: string, byTable = true): Query =>
    tables && byTable ? { sql: `${sql} AND TABLE_NAME IN (?)`, values: [schema, tables] } : { sql, values: [schema] };
  return {
    tables:
      query(`SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`),
    columns: query(`SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE,
      CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION${columns}
      FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`),
    statistics: query(`SELECT ${statistics} FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`),
    keyColumns: query(`SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME,
      REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`),
    referentialConstraints: query(`SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
      FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`),
    tableChecks: query(`SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'`),
    checkConstraints: query(
      'SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
      dialect.checksNameTheirTable,
    ),
  };
}

interface Query {
  sql: string;
  values: unknown[];
}

const FIRST_ROUND: (keyof RawSchema)[] = RAW_VIEWS.filter((view) => view !== 'tableChecks');

/** What to read besides the structure of the whole schema. */
export interface InspectOptions {
  /** Read these tables only. */
  tables?: string[];
  /** Also read the server's DDL counters, in the same round trip. */
  counters?: boolean;
}

/**
 * Reads the structure of one schema, or of some of its tables, from information_schema, in one round
 * trip. Mapping CHECK constraints to their tables takes TABLE_CONSTRAINTS on MySQL (its
 * CHECK_CONSTRAINTS has no table name), which is read in a second round trip only when there are
 * checks: most schemas have none. `connection` must allow multiple statements.
 */
export async function inspectSchema(
  connection: Connection,
  schema: string,
  dialect: Dialect,
  options: InspectOptions = {},
): Promise<RawSchema & { counters?: DdlCounts }> {
  const sql = queries(dialect, schema, options.tables);
  const statements = FIRST_ROUND.map((view) => sql[view].sql);
  const parameters = FIRST_ROUND.flatMap((view) => sql[view].values);
  if (options.counters) {
    statements.push(COUNTERS_SQL);
    parameters.push(COUNTER_NAMES);
  }
  const [results] = await connection.query({ sql: statements.join(';\n'), values: parameters });
  const rows = results as unknown as Row[][];
  const raw = Object.fromEntries(RAW_VIEWS.map((view) => [view, rows[FIRST_ROUND.indexOf(view)] ?? []]));
  const inspected = raw as unknown as RawSchema & { counters?: DdlCounts };
  if (options.counters) inspected.counters = countersOf(rows[FIRST_ROUND.length] ?? []);
  if (inspected.checkConstraints.length > 0 && !dialect.checksNameTheirTable) {
    const [checks] = await connection.query(sql.tableChecks.sql, sql.tableChecks.values);
    inspected.tableChecks = checks as Row[];
  }
  return inspected;
}

/** The queries one snapshot of a schema without CHECK constraints costs, in one round trip. */
export const QUERIES_PER_SNAPSHOT = FIRST_ROUND.length;

const COUNTER_NAMES = DDL_KINDS.map((kind) => `Com_${kind}`);
const COUNTERS_SQL = 'SHOW GLOBAL STATUS WHERE Variable_name IN (?)';

/** The server's counters of DDL statements run, all sessions together (`Com_create_table`, …). */
export async function readDdlCounters(connection: Connection): Promise<DdlCounts> {
  const [rows] = await connection.query(COUNTERS_SQL, [COUNTER_NAMES]);
  return countersOf(rows as Row[]);
}

function countersOf(rows: Row[]): DdlCounts {
  const counts = noDdl();
  for (const row of rows)
    counts[String(row.Variable_name).replace(/^Com_/i, '').toLowerCase() as keyof DdlCounts] = Number(row.Value);
  return counts;
}
