import { randomBytes } from 'node:crypto';
import mysql, { type Connection } from 'mysql2/promise';
import { InfraError } from '../errors.js';
import { parseFlavor } from '../schema/flavor.js';
import type { Credentials } from '../config/kinds.js';
import type { Flavor } from '../schema/types.js';

export type { Credentials } from '../config/kinds.js';

/** `schema`.`name`, each quoted as the server wants identifiers quoted. */
export function qualified(schema: string, name: string): string {
  return `${mysql.escapeId(schema, true)}.${mysql.escapeId(name, true)}`;
}

/** A schema's default character set and collation; null: the server's. */
export interface SchemaDefaults {
  charset: string | null;
  collation: string | null;
}

/** A running server the gate may use: its flavor, an admin connection, and scratch schemas of its own. */
export interface Server extends AsyncDisposable {
  credentials: Credentials;
  flavor: Flavor;
  /** Where the server came from, for reports: the image name or the URL's host. */
  origin: string;
  /** The default collation of each charset on this server. */
  defaultCollations: Record<string, string>;
  /** A connection that may run several statements at once, for inspection and housekeeping. */
  admin: Connection;
  /**
   * Creates an empty, uniquely named schema that is dropped when the server is disposed, with the given
   * default charset and collation (the server's otherwise).
   */
  createScratchSchema(purpose: string, defaults?: SchemaDefaults): Promise<string>;
  /** Drops every table and view of `schema`, so that a chain can be run in it again from empty. */
  emptySchema(schema: string): Promise<void>;
  /** Kills every query running in `schema` (a step that ran out of time). */
  killQueries(schema: string): Promise<void>;
  /**
   * Kills every connection whose schema is `schema`, other than the admin connection, and waits until
   * the server has ended them: their temporary tables, user variables and session settings are gone.
   * Resolves to how many it killed.
   */
  killConnections(schema: string): Promise<number>;
  /** Whether the server still answers, and if not, the last lines it logged (null when it has no log here). */
  stopped(): Promise<{ log: string | null } | null>;
}

export function connect(credentials: Credentials, database?: string): Promise<Connection> {
  return mysql.createConnection({ ...credentials, database, multipleStatements: true, connectTimeout: 5_000 });
}

/** Connects, retrying while the server is still starting up (connections refused or reset). */
export async function connectWhenReady(
  credentials: Credentials,
  timeoutMs: number,
  log: (message: string) => void = () => {},
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    try {
      const connection = await connect(credentials);
      await connection.query('SELECT 1');
      return connection;
    } catch (error) {
      if (Date.now() > deadline || isAuthError(error))
        throw new InfraError(
          `cannot connect to MySQL at ${credentials.host}:${credentials.port}: ${(error as Error).message}`,
          { cause: error },
        );
      if (!said)
        log(
          `the server at ${credentials.host}:${credentials.port} does not accept connections yet (${(error as Error).message.split('\n')[0]}): retrying for up to ${Math.round(timeoutMs / 1000)} s`,
        );
      said = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function isAuthError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR';
}

/**
 * MariaDB's NO_TABLE_OPTIONS, NO_FIELD_OPTIONS and NO_KEY_OPTIONS (a server's default sql_mode may carry
 * them) leave parts of a table out of SHOW CREATE TABLE, which snapshots and the probe read as the whole
 * table: the gate's own session goes without them. They change nothing else.
 */
async function withWholeDdl(admin: Connection, mode: string): Promise<void> {
  const modes = mode.split(',').filter(Boolean);
  const kept = modes.filter((name) => !/^NO_(TABLE|FIELD|KEY)_OPTIONS$/i.test(name));
  if (kept.length < modes.length) await admin.query('SET SESSION sql_mode = ?', [kept.join(',')]);
}

/**
 * Wraps a connected admin connection into a `Server`. Scratch schemas are named `mg_<random>_<purpose>`
 * so that several gates can share one server, and only the ones this server created are dropped.
 */
export async function openServer(
  credentials: Credentials,
  admin: Connection,
  origin: string,
  onDispose: () => Promise<void>,
  lastLog: () => Promise<string | null> = async () => null,
): Promise<Server> {
  const [rows] = await admin.query('SELECT VERSION() AS version, @@SESSION.sql_mode AS mode');
  const { version, mode } = (rows as { version: string; mode: string }[])[0]!;
  const flavor = parseFlavor(String(version));
  await withWholeDdl(admin, String(mode));
  const defaultCollations = await readDefaultCollations(admin);
  const run = randomBytes(4).toString('hex');
  const scratch: string[] = [];
  return {
    credentials,
    flavor,
    origin,
    defaultCollations,
    admin,
    async createScratchSchema(purpose, defaults) {
      // a check of the base commit (--new-only) asks for a second 'chain' on the same server
      const taken = scratch.filter((name) => name.startsWith(`mg_${run}_${purpose}`)).length;
      const name = `mg_${run}_${purpose}${taken > 0 ? `_${taken + 1}` : ''}`;
      const charset = defaults?.charset ? ` CHARACTER SET ${defaults.charset}` : '';
      const collation = defaults?.collation ? ` COLLATE ${defaults.collation}` : '';
      await admin.query(`CREATE DATABASE \`${name}\`${charset}${collation}`);
      scratch.push(name);
      return name;
    },
    async emptySchema(schema) {
      const [rows] = await admin.query(
        'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
        [schema],
      );
      const objects = rows as { name: string; type: string }[];
      const quoted = (names: { name: string }[]) => names.map(({ name }) => qualified(schema, name)).join(', ');
      const views = objects.filter((object) => object.type === 'VIEW');
      const tables = objects.filter((object) => object.type !== 'VIEW');
      // foreign keys between the tables would make the order matter
      const statements = ['SET FOREIGN_KEY_CHECKS = 0'];
      if (views.length > 0) statements.push(`DROP VIEW IF EXISTS ${quoted(views)}`);
      if (tables.length > 0) statements.push(`DROP TABLE IF EXISTS ${quoted(tables)}`);
      statements.push('SET FOREIGN_KEY_CHECKS = 1');
      await admin.query(statements.join(';\n'));
    },
    async killQueries(schema) {
      for (const id of await runningQueries(admin, schema)) await admin.query(`KILL QUERY ${id}`).catch(() => {});
    },
    async killConnections(schema) {
      const [rows] = await admin.query(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
        [schema],
      );
      const killed: number[] = [];
      for (const { ID } of rows as { ID: number }[])
        // a connection that ended meanwhile is not one the caller must wait to see closed
        await admin.query(`KILL CONNECTION ${Number(ID)}`).then(
          () => killed.push(Number(ID)),
          () => {},
        );
      await endedThreads(admin, killed, KILL_TIMEOUT_MS);
      return killed.length;
    },
    async stopped() {
      let timer: NodeJS.Timeout | undefined;
      const answers = await Promise.race([
        admin.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2_000))),
      ]);
      clearTimeout(timer);
      return answers ? null : { log: await lastLog() };
    },
    async [Symbol.asyncDispose]() {
      try {
        for (const name of scratch.splice(0)) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.end();
      } catch {
        admin.destroy();
      } finally {
        await onDispose();
      }
    },
  };
}

/**
 * Runs `work`; when it fails because the server stopped (a crash, a killed container), says so, where the
 * run was, and what the server logged last, instead of the error of whatever query noticed first.
 */
export async function whileServerRuns<T>(server: Server, where: () => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // a seed or a model that failed because the server went away is not the user's input at fault
    if (error instanceof InfraError) throw error;
    const stopped = await server.stopped();
    if (!stopped) throw error;
    const log = stopped.log ? `; its last log lines:\n${stopped.log}` : '';
    throw new InfraError(`the database server stopped during ${where()}${log}`, { cause: error });
  }
}

/** The connections running a statement in `schema`, other than the one asking. */
export async function runningQueries(connection: Connection, schema: string): Promise<number[]> {
  const [rows] = await connection.query(
    "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep'",
    [schema],
  );
  return (rows as { ID: number }[]).map((row) => Number(row.ID));
}

/** How many tables and views `schema` holds, whatever any reader leaves out (the migration-metadata table too). */
export async function countTables(connection: Connection, schema: string): Promise<number> {
  const [rows] = await connection.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [
    schema,
  ]);
  return Number((rows as { n: number }[])[0]!.n);
}

/**
 * Waits until none of the threads `ids` is left on the server, for at most `ms`. A killed thread ends
 * on its own time (MySQL lists it as `Killed` meanwhile); until then its temporary tables and locks live on.
 */
async function endedThreads(connection: Connection, ids: number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (ids.length > 0 && Date.now() < deadline) {
    const [rows] = await connection.query('SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (?)', [ids]);
    if ((rows as unknown[]).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const KILL_TIMEOUT_MS = 5_000;

/** The server's default collation of each charset, for normalising collations to "the default". */
export async function readDefaultCollations(connection: Connection): Promise<Record<string, string>> {
  const [rows] = await connection.query(
    'SELECT CHARACTER_SET_NAME AS charset, DEFAULT_COLLATE_NAME AS collation FROM information_schema.CHARACTER_SETS',
  );
  return Object.fromEntries(
    (rows as { charset: string; collation: string }[]).map((row) => [row.charset, row.collation]),
  );
}
