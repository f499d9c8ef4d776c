import type { Column, Schema, Table } from './types.js';

/** What a default frozen at migration time reads as in snapshots, so that every run compares alike. */
export const RUN_TIME_DEFAULT = "'(the time the migration ran)'";

/** A date or datetime literal default, as normalised: `'2026-11-27'`, `'2026-11-27 16:25:01.123'`. */
const DATETIME_LITERAL = /^'(\d{4}-\d\d-\d\d)(?: (\d\d:\d\d:\d\d)(?:\.\d+)?)?'$/;

/** Time zones put a wall-clock literal up to 14 hours either side of the moment it was made. */
const ZONE_SLACK_MS = 14 * 3_600_000;

/**
 * Replaces column defaults that are the time of this very run by RUN_TIME_DEFAULT. `defaultValue: new
 * Date()` in a migration (or a model) is evaluated when it runs, so each replay, each rebuild and the
 * model sync write a different literal; left alone, one such column would be a mismatch in every pass.
 * Marked, it compares alike, and `frozenDefaults` reports it once.
 */
export function markRunTimeDefaults(schema: Schema, startedMs: number, nowMs: number): Schema {
  return marking(schema, (_table, column) => column.default !== null && isRunTime(column.default, startedMs, nowMs));
}

/** `schema` with the default of each column `frozen` picks read as RUN_TIME_DEFAULT; unchanged tables shared. */
function marking(schema: Schema, frozen: (table: Table, column: Column) => boolean): Schema {
  const marked = Object.values(schema.tables).filter((table) => table.columns.some((column) => frozen(table, column)));
  if (marked.length === 0) return schema;
  const tables: Record<string, Table> = { ...schema.tables };
  for (const table of marked)
    tables[table.name] = {
      ...table,
      columns: table.columns.map((column) =>
        frozen(table, column) ? { ...column, default: RUN_TIME_DEFAULT } : column,
      ),
    };
  return { tables };
}

function isRunTime(value: string, startedMs: number, nowMs: number): boolean {
  const match = value.match(DATETIME_LITERAL);
  if (!match) return false;
  const at = Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}Z`);
  // a date alone is the day of the run
  const slack = match[2] ? ZONE_SLACK_MS : ZONE_SLACK_MS + 86_400_000;
  return at >= startedMs - slack && at <= nowMs + slack;
}

/**
 * The columns whose default was frozen at migration time, each with the step (index into `snapshots`,
 * minus one) that gave it that default first.
 */
export function frozenDefaults(snapshots: Schema[]): { table: string; column: string; step: number }[] {
  const found = new Map<string, { table: string; column: string; step: number }>();
  // snapshots share the objects of unchanged tables: each version of a table is looked at once
  const seen = new Set<Table>();
  snapshots.slice(1).forEach((schema, step) => {
    for (const table of Object.values(schema.tables)) {
      if (seen.has(table)) continue;
      seen.add(table);
      for (const column of table.columns) {
        const key = `${table.name}.${column.name}`;
        if (column.default === RUN_TIME_DEFAULT && !found.has(key))
          found.set(key, { table: table.name, column: column.name, step });
      }
    }
  });
  return [...found.values()];
}

/**
 * `schema` (a database the chain ran on long ago) with the default of each column the replay froze
 * (`frozenDefaults(snapshots)`) read as RUN_TIME_DEFAULT when it is a date literal: the time its
 * migration ran there, which no replay can give.
 */
export function adoptRunTimeDefaults(schema: Schema, snapshots: Schema[]): Schema {
  const frozen = new Set(frozenDefaults(snapshots).map(({ table, column }) => `${table}.${column}`));
  return marking(
    schema,
    (table, column) =>
      frozen.has(`${table.name}.${column.name}`) && column.default !== null && DATETIME_LITERAL.test(column.default),
  );
}
