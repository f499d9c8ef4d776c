import type { Schema, Table } from './types.js';

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
  let changed = false;
  const tables: Record<string, Table> = {};
  for (const [name, table] of Object.entries(schema.tables)) {
    const columns = table.columns.map((column) =>
      column.default !== null && isRunTime(column.default, startedMs, nowMs)
        ? ((changed = true), { ...column, default: RUN_TIME_DEFAULT })
        : column,
    );
    tables[name] = columns.some((column, i) => column !== table.columns[i]) ? { ...table, columns } : table;
  }
  return changed ? { tables } : schema;
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
  snapshots.forEach((schema, i) => {
    for (const table of Object.values(schema.tables))
      for (const column of table.columns) {
        const key = `${table.name}.${column.name}`;
        if (column.default === RUN_TIME_DEFAULT && !found.has(key) && i > 0)
          found.set(key, { table: table.name, column: column.name, step: i - 1 });
      }
  });
  return [...found.values()];
}
