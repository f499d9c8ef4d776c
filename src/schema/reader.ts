import type { Connection } from 'mysql2/promise';
import { markRunTimeDefaults } from './frozen.js';
import { inspectSchema } from './inspect.js';
import { tableInterner } from './intern.js';
import { dialectOf, normalise } from './normalise/index.js';
import { noDdl, type DdlCounts } from './touched.js';
import type { Flavor, Schema } from './types.js';

/** What reading a live schema needs of a server. */
export interface ReadableServer {
  admin: Connection;
  flavor: Flavor;
  defaultCollations: Record<string, string>;
}

export interface ReaderOptions {
  /** Tables that are never schema: the migration-metadata table, --ignore-tables. */
  exclude: string[];
  /** When the run started: a default set to a time since then is the time its migration ran. */
  startedMs: number;
}

/**
 * Reads a schema, or some of its tables, normalised, sharing unchanged tables with earlier reads; with
 * the server's DDL counters, and the DDL of the tables named in `ddl`, read in the same round trip when
 * asked. A table of `ddl` that does not exist costs a second read, without the DDL.
 */
export function schemaReader(server: ReadableServer, schema: string, options: ReaderOptions) {
  const dialect = dialectOf(server.flavor);
  const normaliseOptions = { exclude: options.exclude, defaultCollations: server.defaultCollations };
  const intern = tableInterner();
  return async (
    tables?: string[],
    counters = false,
    ddl?: string[],
  ): Promise<{ schema: Schema; counters: DdlCounts; ddl?: Record<string, string> }> => {
    const raw = await inspectSchema(server.admin, schema, dialect, { tables, counters, ddl }).catch((error) => {
      if (!ddl || (error as { code?: string }).code !== 'ER_NO_SUCH_TABLE') throw error;
      return inspectSchema(server.admin, schema, dialect, { tables, counters });
    });
    const normalised = normalise(raw, server.flavor, normaliseOptions);
    return {
      schema: intern(markRunTimeDefaults(normalised, options.startedMs, Date.now())),
      counters: raw.counters ?? noDdl(),
      ddl: raw.ddl,
    };
  };
}
