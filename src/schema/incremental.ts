import { diffSchemas, type Difference } from './diff.js';
import type { DdlRead } from './inspect.js';
import { DDL_KINDS, touchedTables, type DdlCounts, type Touched } from './touched.js';
import type { Schema, Table } from './types.js';

/** What an incremental snapshot reads from: the server, and the statements the chain's connections ran. */
export interface SnapshotSource {
  /**
   * The whole schema, or these tables of it (a table that does not exist is left out), with the server's
   * DDL counters read in the same round trip, and, `withDdl`, the tables' DDL when every one of them exists.
   */
  read(
    tables?: string[],
    withDdl?: boolean,
  ): Promise<{ schema: Schema; counters: DdlCounts; ddl?: Record<string, string> }>;
  /** The server's DDL counters alone. */
  counters(): Promise<DdlCounts>;
  /** SHOW CREATE TABLE of `present` and which of `absent` exist, with the counters when asked; null when one of `present` is no table. */
  ddl(present: string[], options?: { absent?: string[]; counters?: boolean }): Promise<DdlRead | null>;
  /** The statements the chain's own connections ran since the last call. */
  statements(): string[];
}

/**
 * Each table read, as its DDL (SHOW CREATE TABLE, AUTO_INCREMENT left out) said when it was read. Tables are
 * shared between snapshots, so they are kept by identity; the probe copies the schema from the same texts.
 */
export type RecordedDdl = WeakMap<Table, string>;

export interface Snapshots {
  /**
   * The schema now. Given the schema a step should have given back (a down pass restores the schema before
   * the step), the tables the step touched are compared with it as DDL first, and read only when they differ.
   */
  snapshot(expected?: Schema): Promise<Schema>;
  /** Forget what is known: the next snapshot reads the whole schema (after the schema was emptied). */
  invalidate(): void;
  /**
   * Reads the whole schema once and compares it with the last snapshot, which must be the latest state:
   * call it right after a snapshot. Returns what differs (expected: the whole read, actual: the
   * snapshot), [] when nothing does or when the last snapshot read the whole schema anyway. After a
   * difference, every later snapshot reads the whole schema.
   */
  verify(): Promise<Difference[]>;
  /**
   * How many whole reads were made (by snapshots and by verify()), how many snapshots read some tables or
   * nothing, and how many found the tables a step touched as expected by their DDL.
   */
  reads: { all: number; some: number; none: number; same: number };
}

/**
 * Snapshots that read only what a step changed. A step's statements name the tables it altered; the
 * server's DDL counters, read with the snapshot, must then show exactly that much DDL since the last
 * one, or something else changed the schema too (the app's own connection, a procedure, per-query
 * logging turned off), and the whole schema is read. Tables with foreign keys into a changed table are
 * read again with it: renaming a table or a column rewrites them. Reading a whole schema costs in
 * proportion to its tables; reading one table does not, which keeps a long chain's snapshots as cheap
 * at the end as at the start (measured: one table with the counters costs less than the whole schema
 * from 4 tables up, on MySQL 9.7 and MariaDB 11.8).
 *
 * A step that should give back a known schema (each down, each re-up) is checked by DDL first: SHOW CREATE
 * TABLE costs a tenth of the information_schema queries, and a table whose DDL is the text it had when
 * read has the structure it was read as. Only a table that differs is read, to say how.
 */
export function incrementalSnapshots(
  source: SnapshotSource,
  schema: string,
  ddlOf: RecordedDdl = new WeakMap(),
): Snapshots {
  let previous: Schema | null = null;
  let counters: DdlCounts | null = null;
  // Whether `previous` is a whole read, which verify() need not check.
  let whole = false;
  // Cleared for the rest of the run when verify() finds an incremental snapshot that was wrong.
  let trusted = true;
  const reads = { all: 0, some: 0, none: 0, same: 0 };
  const accounted = (now: DdlCounts, touched: Touched) =>
    counters !== null && DDL_KINDS.every((kind) => now[kind] - counters![kind] === touched.counts[kind]);
  const all = async (): Promise<Schema> => {
    reads.all++;
    const read = await source.read();
    counters = read.counters;
    whole = true;
    return (previous = read.schema);
  };
  /**
   * The schema as `expected` where every table the step touched (and each with a key into one) has the
   * DDL it had when `expected` was read, and those it lacks are gone; null when any differs or was never
   * read as DDL, or when something else ran DDL too.
   */
  const asExpected = async (now: Schema, expected: Schema, touched: Touched): Promise<Schema | null> => {
    const names = [...new Set([...withDependents(touched.tables, now), ...withDependents(touched.tables, expected)])];
    const present = names.filter((name) => expected.tables[name] !== undefined);
    const known = present.map((name) => ddlOf.get(expected.tables[name]!));
    const absent = names.filter((name) => expected.tables[name] === undefined);
    // a name spelt in another case than the server stores it (lower_case_table_names) is left to a read
    const lower = new Set(Object.keys(expected.tables).map((name) => name.toLowerCase()));
    if (known.includes(undefined) || absent.some((name) => lower.has(name.toLowerCase()))) return null;
    const seen = await source.ddl(present, { absent, counters: true });
    if (!seen || seen.existing.length > 0 || !accounted(seen.counters!, touched)) return null;
    if (present.some((name, i) => seen.ddl[name] !== known[i])) return null;
    counters = seen.counters!;
    reads.same++;
    whole = false;
    const tables = Object.fromEntries(present.map((name) => [name, expected.tables[name]!]));
    return (previous = replaced(now, names, tables));
  };
  return {
    reads,
    invalidate() {
      previous = null;
      counters = null;
    },
    async snapshot(expected) {
      // the statements are taken in any case, so that the next step's are its own
      const statements = source.statements();
      const touched = previous && trusted ? touchedTables(statements, schema) : null;
      if (!previous || !touched) return all();
      if (touched.tables.size === 0) {
        const now = await source.counters();
        if (!accounted(now, touched)) return all();
        counters = now;
        reads.none++;
        whole = false;
        return previous;
      }
      if (expected) {
        const same = await asExpected(previous, expected, touched);
        if (same) return same;
      }
      const names = withDependents(touched.tables, previous);
      // a step that dropped or renamed a table named one that is gone: its DDL would cost a second read
      const read = await source.read(names, touched.counts.drop_table + touched.counts.rename_table === 0);
      if (!accounted(read.counters, touched)) return all();
      counters = read.counters;
      reads.some++;
      whole = false;
      // kept, for a later step that should give these tables back (a step that dropped one has none)
      for (const table of Object.values(read.schema.tables))
        if (read.ddl?.[table.name] !== undefined) ddlOf.set(table, read.ddl[table.name]!);
      return (previous = replaced(previous, names, read.schema.tables));
    },
    async verify() {
      if (!previous || whole) return [];
      reads.all++;
      const read = await source.read();
      const differences = diffSchemas(read.schema, previous);
      if (differences.length > 0) {
        trusted = false;
        previous = read.schema;
        counters = read.counters;
        whole = true;
      }
      return differences;
    },
  };
}

/** The tables, and the tables whose foreign keys reference them. */
function withDependents(tables: Set<string>, schema: Schema): string[] {
  // A statement may spell a name in another case than the server stores it (lower_case_table_names=1):
  // known tables that match but for case are read again too. A new table needs no such care: with
  // that setting information_schema finds `foo` by 'Foo' (MySQL 9.7, MariaDB 10.11 and 11.8).
  const lower = new Set([...tables].map((name) => name.toLowerCase()));
  const names = new Set(tables);
  for (const table of Object.values(schema.tables)) {
    if (lower.has(table.name.toLowerCase())) names.add(table.name);
    if (table.foreignKeys.some((key) => lower.has(key.referencedTable.toLowerCase()))) names.add(table.name);
  }
  return [...names];
}

/** `schema` with the tables named taken out and `tables` put in, in name order. */
function replaced(schema: Schema, names: string[], tables: Record<string, Table>): Schema {
  const kept = Object.entries(schema.tables).filter(([name]) => !names.includes(name));
  const all = [...kept, ...Object.entries(tables)];
  return { tables: Object.fromEntries(all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
