import type { Connection } from 'mysql2/promise';
import type { StepContext } from '../chain/types.js';
import type { Config, ContextKind } from '../config/types.js';
import { projectSequelize, openSequelize, type SequelizeInstance } from '../database/sequelize.js';
import { connect, runningQueries, type Credentials } from '../database/server.js';
import { ConfigError } from '../errors.js';

/** The connections a chain runs on, and what its migrations receive. */
export interface ChainSession extends AsyncDisposable {
  kind: Exclude<ContextKind, 'auto'>;
  step: StepContext;
  /** Waits until no query runs in the chain's schema, for at most `ms`. */
  settle(ms: number): Promise<void>;
  /** The statements run on the session's connections since the last call. */
  statements(): string[];
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
  const sqlConnection = await connect(credentials, schema);
  let statements: string[] = [];
  const log = (sql: string) => void statements.push(sql);
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
    sequelize = openSequelize(installed, credentials, schema, {
      foreignKeyChecks: true,
      cwd,
      project: project.sequelize,
      log,
    });
    library = installed.Sequelize;
    context = umzugContext(sequelize, library);
  } else {
    contextConnection = await connect(credentials, schema);
    context = recording(contextConnection, log);
  }
  const pool = (sequelize as { connectionManager?: { pool?: { using?: number; waiting?: number } } } | null)
    ?.connectionManager?.pool;
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
        log(statement);
        await sqlConnection.query(statement);
      },
    },
    // A migration that neither returns nor awaits its promise (`up: (qi) => { qi.addColumn(…) }`) has
    // queries still running or queued when up() resolves; the snapshot must wait for them, or it reads
    // half a step. Quiet means nothing in flight across two turns of the event loop, since a chained
    // `.then(() => next query)` starts in the microtasks after the previous query's answer.
    async settle(ms) {
      const deadline = Date.now() + ms;
      for (let quiet = 0; quiet < 2 && Date.now() < deadline;) {
        await new Promise((resolve) => setImmediate(resolve));
        quiet = (await busy()) ? 0 : quiet + 1;
      }
    },
    statements() {
      const taken = statements;
      statements = [];
      return taken;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled([sqlConnection.end(), contextConnection?.end(), sequelize?.close()]);
    },
  };
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

/** The connection, telling `log` each statement its `query` and `execute` run. */
function recording(connection: Connection, log: (sql: string) => void): Connection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if ((property !== 'query' && property !== 'execute') || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const first = args[0] as string | { sql?: string };
        log(typeof first === 'string' ? first : (first?.sql ?? '(a statement of unknown shape)'));
        return (value as (...rest: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
