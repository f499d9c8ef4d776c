import type { Connection } from 'mysql2/promise';
import type { StepContext } from '../chain/types.js';
import type { Config, ContextKind } from '../config/types.js';
import { projectSequelize, openSequelize, type SequelizeInstance } from '../database/sequelize.js';
import { connect, runningQueries, type Credentials } from '../database/server.js';
import { ConfigError, serverErrorOf } from '../errors.js';
import type { StepStatement } from './types.js';

/** The connections a chain runs on, and what its migrations receive. */
export interface ChainSession extends AsyncDisposable {
  kind: Exclude<ContextKind, 'auto'>;
  step: StepContext;
  /** Waits until no query runs in the chain's schema, for at most `ms`; true when none does. */
  settle(ms: number): Promise<boolean>;
  /** The statements sent on the session's connections since the last call, in order, with their errors. */
  statements(): StepStatement[];
  /**
   * Starts the session on fresh connections, as production runs each migration on a session of its own:
   * nothing a step left on its connection (temporary tables, user variables, FOREIGN_KEY_CHECKS,
   * sql_mode, time_zone) reaches the next pass. The context the steps receive stays the same object.
   */
  renew(): Promise<void>;
}

/** `auto` picks sequelize when the project has it installed, mysql2 otherwise. */
export function resolveContextKind(kind: ContextKind, cwd: string): Exclude<ContextKind, 'auto'> {
  if (kind !== 'auto') return kind;
  return projectSequelize(cwd) ? 'sequelize' : 'mysql2';
}

/**
 * Opens what a chain's migrations run on, in the project host (see project/worker.ts): the project's own
 * Sequelize (or a mysql2 connection) on `schema`, and a connection for SQL migrations.
 */
export async function openChainSession(
  credentials: Credentials,
  schema: string,
  project: Pick<Config, 'context' | 'cwd' | 'sequelize'>,
): Promise<ChainSession> {
  const { cwd } = project;
  const kind = resolveContextKind(project.context, cwd);
  const open = () => openConnection(credentials, schema);
  const sent = new StatementLog();
  let sqlConnection = await open();
  let context: unknown;
  let library: unknown;
  let sequelize: SequelizeInstance | null = null;
  let contextConnection: Connection | null = null;
  if (kind === 'sequelize') {
    const installed = projectSequelize(cwd);
    if (!installed)
      throw new ConfigError(
        (name) => `${name.context} sequelize needs the sequelize package installed in ${cwd} (npm install sequelize)`,
        { option: 'context' },
      );
    let hooked = false;
    sequelize = openSequelize(installed, credentials, schema, {
      foreignKeyChecks: true,
      cwd,
      project: project.sequelize,
      log: (sql) => void (hooked || sent.add(sql)),
    });
    hooked = recordQueries(sequelize, sent);
    library = installed.Sequelize;
    context = umzugContext(sequelize, library);
  } else {
    contextConnection = await open();
    context = recording(() => contextConnection!, sent);
  }
  const pool = poolOf(sequelize);
  // Sequelize's pool knows without a round trip; a bare connection is asked about on the server.
  const busy = async (): Promise<boolean> =>
    typeof pool?.using === 'number'
      ? pool.using + (pool.waiting ?? 0) > 0
      : (await runningQueries(sqlConnection, schema)).length > 0;
  return {
    kind,
    step: {
      context,
      library,
      sql: async (statement) => {
        await sent.send(statement, () => sqlConnection.query(statement));
      },
    },
    // A migration that neither returns nor awaits its promise (`up: (qi) => { qi.addColumn(…) }`) has
    // queries still running or queued when up() resolves; the snapshot must wait for them, or it reads
    // half a step. Quiet means nothing in flight across two turns of the event loop, since a chained
    // `.then(() => next query)` starts in the microtasks after the previous query's answer.
    async settle(ms) {
      const deadline = Date.now() + ms;
      let quiet = 0;
      while (quiet < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
        quiet = (await busy()) ? 0 : quiet + 1;
      }
      return quiet >= 2;
    },
    statements: () => sent.take(),
    async renew() {
      // The server may have killed them already (ProjectHost.renew): what is left here is let go either way.
      sqlConnection.destroy();
      sqlConnection = await open();
      if (contextConnection) {
        contextConnection.destroy();
        contextConnection = await open();
      }
      // Measured on MySQL 9.7 and MariaDB 11.8: right after a KILL, the pool still hands out the killed
      // connection (its validate passes until the close is read), so none it holds is kept.
      await pool?.destroyAllNow().catch(() => {});
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled([sqlConnection.end(), contextConnection?.end(), sequelize?.close()]);
    },
  };
}

async function openConnection(credentials: Credentials, schema: string): Promise<Connection> {
  const connection = await connect(credentials, schema);
  // a connection the gate killed (see renew) may report its loss while no query waits on it: that is no
  // failure of the project's code, and unheard it would be an uncaught error in the host
  connection.on('error', () => {});
  return connection;
}

/** The statements a session sent, in order; each one's error is filled in when the server refuses it. */
class StatementLog {
  #sent: StepStatement[] = [];

  add(sql: string): StepStatement {
    const statement = { sql, error: null };
    this.#sent.push(statement);
    return statement;
  }

  /** Records `sql` as sent now and runs it; a rejection is recorded with its statement and passed on. */
  send<T>(sql: string, run: () => T): T {
    const statement = this.add(sql);
    const refused = (error: unknown): never => {
      statement.error = serverErrorOf(error)?.message ?? (error instanceof Error ? error.message : String(error));
      throw error;
    };
    try {
      const result = run();
      // the caller gets a promise that still rejects: one nobody handles is still the project's late failure
      return (isThenable(result) ? result.then((value) => value, refused) : result) as T;
    } catch (error) {
      return refused(error);
    }
  }

  take(): StepStatement[] {
    const taken = this.#sent;
    this.#sent = [];
    return taken;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

interface Pool {
  using?: number;
  waiting?: number;
  destroyAllNow(): Promise<void>;
}

function poolOf(sequelize: SequelizeInstance | null): Pool | null {
  return (sequelize as { connectionManager?: { pool?: Pool } } | null)?.connectionManager?.pool ?? null;
}

type QueryClass = new (...args: unknown[]) => { run(sql: string, parameters?: unknown): Promise<unknown> };

/**
 * Has every query of this instance recorded as its dialect's Query.run runs it (Sequelize 6's internals,
 * checked on 6.37): QueryInterface methods, raw queries and transactions alike, with the SQL its logging
 * prints, and the server's error. Logging
 * alone never sees the error. False when this Sequelize has no such class: its logging records then.
 */
function recordQueries(sequelize: SequelizeInstance, sent: StatementLog): boolean {
  const dialect = (sequelize as { dialect?: { Query?: unknown } }).dialect;
  const Query = dialect?.Query as QueryClass | undefined;
  if (typeof Query?.prototype?.run !== 'function') return false;
  // on this instance only: the app's own Sequelize instances share the class, and are not the session's
  dialect!.Query = class extends Query {
    override run(sql: string, parameters?: unknown) {
      return sent.send(sql, () => super.run(sql, parameters));
    }
  };
  return true;
}

/**
 * The QueryInterface, as umzug's Sequelize examples pass it, that also answers the way other projects'
 * contexts do: `context.sequelize.query()` works on any QueryInterface; projects whose umzug context is
 * the Sequelize instance call `context.query()`, `context.transaction()` or `context.getQueryInterface()`,
 * and some pass `{ queryInterface, Sequelize }`.
 */
function umzugContext(sequelize: SequelizeInstance, library: unknown): object {
  const queryInterface = sequelize.getQueryInterface() as object;
  const instance = sequelize as unknown as Record<string, (...args: unknown[]) => unknown>;
  return Object.assign(Object.create(queryInterface) as object, {
    getQueryInterface: () => queryInterface,
    query: (...args: unknown[]) => instance.query!.apply(sequelize, args),
    transaction: (...args: unknown[]) => instance.transaction!.apply(sequelize, args),
    queryInterface,
    Sequelize: library,
  });
}

/**
 * The session's current connection (renew replaces it) behind one object the steps keep, which records
 * each statement its `query` and `execute` send.
 */
function recording(current: () => Connection, sent: StatementLog): Connection {
  return new Proxy(current(), {
    get(_target, property) {
      const connection = current();
      const value = Reflect.get(connection, property, connection) as unknown;
      if ((property !== 'query' && property !== 'execute') || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const first = args[0] as string | { sql?: string };
        const sql = typeof first === 'string' ? first : (first?.sql ?? '(a statement of unknown shape)');
        return sent.send(sql, () => (value as (...rest: unknown[]) => unknown).apply(connection, args));
      };
    },
  });
}
