import mysql, { type Connection } from 'mysql2/promise';
import { ConfigError, InfraError } from '../errors.js';
import type { SchemaDefaults } from '../database/server.js';
import { parseFlavor } from '../schema/flavor.js';
import type { Flavor } from '../schema/types.js';
import type { LiveTarget } from './target.js';

/** One table's or view's DDL, as `SHOW CREATE …` gives it. */
export interface Ddl {
  name: string;
  sql: string;
}

/** What `live` reads of a running database: all it needs, in two round trips, whatever the schema's size. */
export interface LiveDatabase {
  flavor: Flavor;
  /** Which server it is, whatever name reaches it: see `serverIdentity`. */
  identity: string;
  defaults: SchemaDefaults;
  /** The migration names its meta table holds; null when it has no meta table. */
  recorded: string[] | null;
  /** Its tables' DDL (the meta table's too), then its views'. */
  tables: Ddl[];
  views: Ddl[];
  /** Round trips to the server, each a batch of reads. */
  roundTrips: number;
  ms: number;
}

/**
 * Reads the live database, read-only: only `SELECT` on information_schema and the meta table, and
 * `SHOW CREATE TABLE|VIEW`, so that a user with `SELECT, SHOW VIEW` grants is enough. Nothing else is
 * sent: no session setting, no `USE`.
 */
export async function readLive(target: LiveTarget, metaTable: string): Promise<LiveDatabase> {
  const started = performance.now();
  const connection = await connectTo(target);
  try {
    const [version, identity, defaults, objects] = await batch(
      connection,
      [
        ['SELECT VERSION() AS version', []],
        [IDENTITY_SQL, []],
        [
          'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
          [target.schema],
        ],
        [
          'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
          [target.schema],
        ],
      ],
      target.timeoutMs,
    );
    const schemaDefaults = (defaults as SchemaDefaults[])[0];
    if (!schemaDefaults)
      throw new ConfigError(
        (name) =>
          `${name.databaseUrl}: ${target.label} has no schema ${target.schema}, or its user may not see it (GRANT SELECT, SHOW VIEW ON \`${target.schema}\`.* TO …)`,
        { option: 'databaseUrl' },
      );
    const listed = objects as { name: string; type: string }[];
    const tables = listed.filter((object) => object.type !== 'VIEW').map((object) => object.name);
    const views = listed.filter((object) => object.type === 'VIEW').map((object) => object.name);
    // lower_case_table_names may have the server spell it otherwise
    const meta = tables.find((name) => name.toLowerCase() === metaTable.toLowerCase()) ?? null;
    const reads: [string, unknown[]][] = [
      ...(meta ? [[`SELECT * FROM ${mysql.escapeId(meta)}`, []] as [string, unknown[]]] : []),
      ...tables.map((name): [string, unknown[]] => [`SHOW CREATE TABLE ${mysql.escapeId(name)}`, []]),
      ...views.map((name): [string, unknown[]] => [`SHOW CREATE VIEW ${mysql.escapeId(name)}`, []]),
    ];
    const results = reads.length > 0 ? await batch(connection, reads, target.timeoutMs) : [];
    const rows = meta ? (results.shift() as Record<string, unknown>[]) : null;
    const ddl = results.map((result) => {
      const row = (result as Record<string, string>[])[0]!;
      return { name: row.Table ?? row.View!, sql: row['Create Table'] ?? row['Create View']! };
    });
    return {
      flavor: parseFlavor(String((version as { version: string }[])[0]!.version)),
      identity: JSON.stringify((identity as unknown[])[0]),
      defaults: schemaDefaults,
      recorded: rows && rows.map(migrationName),
      tables: ddl.slice(0, tables.length),
      views: ddl.slice(tables.length),
      roundTrips: reads.length > 0 ? 2 : 1,
      ms: performance.now() - started,
    };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new InfraError(`cannot read the live database ${target.label}: ${reason(error)}`, { cause: error });
  } finally {
    connection.destroy();
  }
}

// Readable by any user: the host the server runs on, its port and data directory tell two servers apart
// whatever name or address reaches them (MariaDB has no server_uuid).
const IDENTITY_SQL = 'SELECT @@hostname AS host, @@port AS port, @@datadir AS datadir, @@server_id AS id';

/** Which server a connection reaches, comparable with a live database's `identity`. */
export async function serverIdentity(connection: Connection): Promise<string> {
  const [rows] = await connection.query(IDENTITY_SQL);
  return JSON.stringify((rows as unknown[])[0]);
}

/** umzug's SequelizeStorage keeps the name in `name`; other storages' first column is the name. */
function migrationName(row: Record<string, unknown>): string {
  return String(row.name ?? Object.values(row)[0]);
}

/** Runs several reads in one round trip; the results, one per read. */
async function batch(connection: Connection, reads: [string, unknown[]][], timeoutMs: number): Promise<unknown[]> {
  const [results] = await connection.query({
    sql: reads.map(([sql]) => sql).join(';\n'),
    values: reads.flatMap(([, values]) => values),
    // a read waits on a metadata lock while a deploy's ALTER runs: bounded like the connection
    timeout: timeoutMs,
  });
  // one statement gives its rows, several an array of results
  return reads.length === 1 ? [results] : (results as unknown[]);
}

async function connectTo(target: LiveTarget): Promise<Connection> {
  try {
    return await mysql.createConnection(target.connection);
  } catch (error) {
    throw new InfraError(`cannot connect to the live database ${target.label}: ${reason(error)}${advice(error)}`, {
      cause: error,
    });
  }
}

function reason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = (message ?? String(error)).split('\n')[0]!;
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

/** What to check, for the failures a first connection to a cloud database usually has. */
function advice(error: unknown): string {
  const { code, message = '' } = error as { code?: string; message?: string };
  if (code === 'ER_ACCESS_DENIED_ERROR') return '; check the user and password in the URL';
  if (code === 'PROTOCOL_SEQUENCE_TIMEOUT')
    return '; it did not answer within the connect timeout (a lock held by a running ALTER?)';
  if (code === 'ER_BAD_DB_ERROR') return "; the URL's schema does not exist there";
  if (code === 'ER_DBACCESS_DENIED_ERROR') return '; grant the user SELECT and SHOW VIEW on the schema';
  if (code === 'ETIMEDOUT' || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH')
    return '; check the host and port, and that this machine may reach the server';
  if (/ssl|tls|certificate|self[- ]signed/i.test(`${code} ${message}`))
    return '; check ?ssl-mode= and ?ssl-ca= in the URL';
  return '';
}
