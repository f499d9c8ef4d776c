import type { Connection } from 'mysql2/promise';
import type { StepContext } from '../chain/types.js';
import type { ContextKind } from '../config/types.js';
import { projectSequelize, openSequelize, type SequelizeInstance } from '../database/sequelize.js';
import { connect, type Server } from '../database/server.js';
import { ConfigError } from '../errors.js';

/** The connections a chain runs on, and what its migrations receive. */
export interface ChainSession extends AsyncDisposable {
  kind: Exclude<ContextKind, 'auto'>;
  step: StepContext;
  /** Kills every query running in the chain's schema (after a step timed out). */
  killQueries(): Promise<void>;
}

/** `auto` picks sequelize when the project has it installed, mysql2 otherwise. */
export function resolveContextKind(kind: ContextKind, cwd: string): Exclude<ContextKind, 'auto'> {
  if (kind !== 'auto') return kind;
  return projectSequelize(cwd) ? 'sequelize' : 'mysql2';
}

export async function openChainSession(
  server: Server,
  schema: string,
  requested: ContextKind,
  cwd: string,
): Promise<ChainSession> {
  const kind = resolveContextKind(requested, cwd);
  const sqlConnection = await connect(server.credentials, schema);
  let context: unknown;
  let library: unknown;
  let sequelize: SequelizeInstance | null = null;
  let contextConnection: Connection | null = null;
  if (kind === 'sequelize') {
    const installed = projectSequelize(cwd);
    if (!installed)
      throw new ConfigError(
        `--context sequelize needs the sequelize package installed in ${cwd} (npm install sequelize)`,
        {
          input: '--context',
        },
      );
    sequelize = openSequelize(installed, server.credentials, schema, { foreignKeyChecks: true, cwd });
    context = sequelize.getQueryInterface();
    library = installed.Sequelize;
  } else {
    contextConnection = await connect(server.credentials, schema);
    context = contextConnection;
  }
  return {
    kind,
    step: {
      context,
      library,
      sql: async (statement) => {
        await sqlConnection.query(statement);
      },
    },
    async killQueries() {
      const [rows] = await server.admin.query(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep'",
        [schema],
      );
      for (const { ID } of rows as { ID: number }[])
        await server.admin.query(`KILL QUERY ${Number(ID)}`).catch(() => {});
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled([sqlConnection.end(), contextConnection?.end(), sequelize?.close()]);
    },
  };
}
