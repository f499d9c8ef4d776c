import type { Connection } from 'mysql2/promise';
import { qualified } from '../database/server.js';
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
  /**
   * Also read SHOW CREATE TABLE of these tables, in the same round trip (the server's error when one does
   * not exist). With `tables`, CHECK constraints are then read only for the tables whose DDL has one.
   */
  ddl?: string[];
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
): Promise<RawSchema & { counters?: DdlCounts; ddl?: Record<string, string> }> {
  const sql = queries(dialect, schema, options.tables);
  // the DDL of the tables read says which have CHECK constraints: the costliest query of the round
  // (MariaDB 11.8) is left for those
  const checksLater = options.ddl !== undefined && options.tables !== undefined;
  const first = FIRST_ROUND.filter((view) => !(checksLater && view === 'checkConstraints'));
  const statements = first.map((view) => sql[view].sql);
  const parameters = first.flatMap((view) => sql[view].values);
  const ddl = options.ddl ?? [];
  for (const table of ddl) statements.push(showCreate(schema, table));
  // last: DDL that lands while the round runs is then counted, and the snapshot is not trusted
  if (options.counters) {
    statements.push(COUNTERS_SQL);
    parameters.push(COUNTER_NAMES);
  }
  const [results] = await connection.query({ sql: statements.join(';\n'), values: parameters });
  const rows = results as unknown as Row[][];
  const raw = Object.fromEntries(RAW_VIEWS.map((view) => [view, rows[first.indexOf(view)] ?? []]));
  const inspected = raw as unknown as RawSchema & { counters?: DdlCounts; ddl?: Record<string, string> };
  if (options.ddl) inspected.ddl = ddlOf(ddl, rows.slice(first.length));
  if (options.counters) inspected.counters = countersOf(rows[first.length + ddl.length] ?? []);
  const withChecks = checksLater
    ? inspected.tables
        .map((row) => String(row.TABLE_NAME))
        .filter((table) => inspected.ddl![table]?.includes('CHECK (') ?? true)
    : null;
  await readChecks(connection, withChecks ? queries(dialect, schema, withChecks) : sql, dialect, inspected, withChecks);
  return inspected;
}

/**
 * The second round, when there is one: the CHECK constraints of `withChecks` (the tables whose DDL has
 * one, or is not known) when the first round left them out, and on MySQL the tables checks belong to.
 */
async function readChecks(
  connection: Connection,
  sql: Record<keyof RawSchema, Query>,
  dialect: Dialect,
  inspected: RawSchema,
  withChecks: string[] | null,
): Promise<void> {
  const anyChecks = withChecks ? withChecks.length > 0 : inspected.checkConstraints.length > 0;
  const views: ('checkConstraints' | 'tableChecks')[] = [];
  if (withChecks && anyChecks) views.push('checkConstraints');
  if (anyChecks && !dialect.checksNameTheirTable) views.push('tableChecks');
  if (views.length === 0) return;
  const [more] = await connection.query({
    sql: views.map((view) => sql[view].sql).join(';\n'),
    values: views.flatMap((view) => sql[view].values),
  });
  const sets = (views.length === 1 ? [more] : more) as Row[][];
  views.forEach((view, i) => (inspected[view] = sets[i]!));
}

function showCreate(schema: string, table: string): string {
  return `SHOW CREATE TABLE ${qualified(schema, table)}`;
}

/** Each table's SHOW CREATE TABLE from its result, less its counter; a view has none. */
function ddlOf(tables: string[], results: Row[][]): Record<string, string> {
  const ddl: Record<string, string> = {};
  tables.forEach((table, i) => {
    const text = results[i]?.[0]?.['Create Table'];
    if (typeof text === 'string') ddl[table] = withoutCounter(text);
  });
  return ddl;
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

/** What the server says of some tables as DDL: cheaper to read than information_schema by an order. */
export interface DdlRead {
  /** SHOW CREATE TABLE of each table asked for, by name, less its AUTO_INCREMENT counter (a matter of rows). */
  ddl: Record<string, string>;
  /** Those of the tables asked about that exist. */
  existing: string[];
  counters?: DdlCounts;
}

/**
 * In one round trip: SHOW CREATE TABLE of `present`, which of `absent` exist, and the DDL counters when
 * asked. Null when one of `present` is no table (it does not exist, or is a view): the caller reads
 * information_schema instead.
 */
export async function readDdl(
  connection: Connection,
  schema: string,
  present: string[],
  options: { absent?: string[]; counters?: boolean } = {},
): Promise<DdlRead | null> {
  const absent = options.absent ?? [];
  const statements: { sql: string; values: unknown[] }[] = [];
  if (absent.length > 0)
    statements.push({
      sql: 'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)',
      values: [schema, absent],
    });
  for (const table of present) statements.push({ sql: showCreate(schema, table), values: [] });
  // last, as in inspectSchema
  if (options.counters) statements.push({ sql: COUNTERS_SQL, values: [COUNTER_NAMES] });
  if (statements.length === 0) return { ddl: {}, existing: [] };
  let results: unknown;
  try {
    [results] = await connection.query({
      sql: statements.map((statement) => statement.sql).join(';\n'),
      values: statements.flatMap((statement) => statement.values),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return null;
    throw error;
  }
  const sets = (statements.length === 1 ? [results] : results) as Row[][];
  const existing = absent.length > 0 ? sets[0]!.map((row) => String(row.TABLE_NAME)) : [];
  const first = absent.length > 0 ? 1 : 0;
  const ddl = ddlOf(present, sets.slice(first));
  const counters = options.counters ? countersOf(sets[first + present.length]!) : undefined;
  return present.every((table) => ddl[table] !== undefined) ? { ddl, existing, counters } : null;
}

/**
 * Without the table options' AUTO_INCREMENT=n, which rows move and no comparison reads. The options are
 * on the one line that starts with the `)` closing the columns; a partition clause follows on lines of
 * its own.
 */
function withoutCounter(ddl: string): string {
  return ddl.replace(/^(\).*?) AUTO_INCREMENT=\d+/m, '$1');
}
