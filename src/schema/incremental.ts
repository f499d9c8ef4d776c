import { DDL_KINDS, touchedTables, type DdlCounts } from './touched.js';
import type { Schema, Table } from './types.js';

/** What an incremental snapshot reads from: the server, and the statements the chain's connections ran. */
export interface SnapshotSource {
  /** The whole schema, read and normalised. */
  all(): Promise<Schema>;
  /** These tables only (a table that does not exist is left out). */
  some(tables: string[]): Promise<Schema>;
  /** The server's DDL counters, all sessions together. */
  counters(): Promise<DdlCounts>;
  /** The statements the chain's own connections ran since the last call. */
  statements(): string[];
}

export interface Snapshots {
  snapshot(): Promise<Schema>;
  /** Forget what is known: the next snapshot reads the whole schema (after the schema was emptied). */
  invalidate(): void;
  /** How many snapshots read the whole schema, some tables, or nothing. */
  reads: { all: number; some: number; none: number };
}

/**
 * Snapshots that read only what a step changed. A step's statements name the tables it altered; the
 * server's DDL counters, read before and after, must then show exactly that much DDL, or something else
 * changed the schema too (the app's own connection, a procedure, per-query logging turned off), and the
 * whole schema is read. Tables with foreign keys into a changed table are read again with it: renaming a
 * table or a column rewrites them. Reading a whole schema costs in proportion to its tables; reading one
 * table does not, which keeps a long chain's snapshots as cheap at the end as at the start.
 */
export function incrementalSnapshots(source: SnapshotSource, schema: string): Snapshots {
  let previous: Schema | null = null;
  let counters: DdlCounts | null = null;
  const reads = { all: 0, some: 0, none: 0 };
  return {
    reads,
    invalidate() {
      previous = null;
      counters = null;
    },
    async snapshot() {
      const statements = source.statements();
      const now = await source.counters();
      const touched = previous && counters ? touchedTables(statements, schema) : null;
      const before = counters;
      counters = now;
      const accounted =
        touched && before && DDL_KINDS.every((kind) => now[kind] - before[kind] === touched.counts[kind]);
      if (!previous || !touched || !accounted) {
        reads.all++;
        return (previous = await source.all());
      }
      if (touched.tables.size === 0) {
        reads.none++;
        return previous;
      }
      const names = withDependents(touched.tables, previous);
      reads.some++;
      const read = await source.some(names);
      const tables: Record<string, Table> = Object.fromEntries(
        Object.entries(previous.tables).filter(([name]) => !names.includes(name)),
      );
      Object.assign(tables, read.tables);
      return (previous = {
        tables: Object.fromEntries(Object.entries(tables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      });
    },
  };
}

/** The tables, and the tables whose foreign keys reference them. */
function withDependents(tables: Set<string>, schema: Schema): string[] {
  const names = new Set(tables);
  for (const table of Object.values(schema.tables))
    if (table.foreignKeys.some((key) => tables.has(key.referencedTable))) names.add(table.name);
  return [...names];
}
