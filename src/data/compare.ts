import type { DataLoss, TableRows } from './types.js';

/**
 * What a step did to a table's seeded rows. Rows are matched by primary key when both sides have the
 * same one; values are compared in the columns both sides have, after normalising the spellings a type
 * change alone produces (`1.50` and `1.5000`, `10:00:00` and `10:00:00.000`). A dropped column is no
 * loss: dropping is what the step says it does. A dropped column that held values while another column
 * appeared empty in its place is a rename done as drop + add, which loses those values.
 */
export function compareRows(before: TableRows, after: TableRows): DataLoss[] {
  const losses: DataLoss[] = [];
  const common = before.columns.filter((column) => after.columns.includes(column));
  const keyed =
    before.key.length > 0 &&
    before.key.join() === after.key.join() &&
    before.key.every((column) => common.includes(column));
  if (keyed) losses.push(...keyedLosses(before, after, common));
  else losses.push(...countedLosses(before, after, common));
  losses.push(...replacedColumns(before, after));
  return losses;
}

function keyedLosses(before: TableRows, after: TableRows, common: string[]): DataLoss[] {
  const keyOf = (table: TableRows, row: (string | null)[]) =>
    JSON.stringify(table.key.map((column) => canonical(row[table.columns.indexOf(column)]!)));
  const afterByKey = new Map(after.rows.map((row) => [keyOf(after, row), row]));
  const losses: DataLoss[] = [];
  const matched: [(string | null)[], (string | null)[]][] = [];
  for (const row of before.rows) {
    const other = afterByKey.get(keyOf(before, row));
    if (other) matched.push([row, other]);
  }
  const lost = before.rows.length - matched.length;
  if (lost > 0) losses.push({ kind: 'rows-lost', table: before.table, lost, of: before.rows.length });
  for (const column of common) {
    const [b, a] = [before.columns.indexOf(column), after.columns.indexOf(column)];
    const differing = matched.filter(([old, now]) => canonical(old[b]!) !== canonical(now[a]!));
    if (differing.length > 0 && !touched(column, differing, b, a)) {
      const [old, now] = differing[0]!;
      losses.push({
        kind: 'values-changed',
        table: before.table,
        column,
        changed: differing.length,
        of: matched.length,
        example: { before: old[b]!, after: now[a]! },
      });
    }
  }
  return losses;
}

/**
 * Sequelize sets `updatedAt` on every save, so a data migration that saves rows through the app's models
 * moves it forward: that is the row being touched, not a value lost.
 */
function touched(column: string, differing: [(string | null)[], (string | null)[]][], b: number, a: number): boolean {
  if (!/^updated_?at$/i.test(column)) return false;
  return differing.every(([old, now]) => {
    const [then, later] = [Date.parse(old[b] ?? ''), Date.parse(now[a] ?? '')];
    return Number.isFinite(then) && Number.isFinite(later) && later >= then;
  });
}

/** Without a shared key, rows are compared as a multiset over the columns both sides have. */
function countedLosses(before: TableRows, after: TableRows, common: string[]): DataLoss[] {
  const project = (table: TableRows, row: (string | null)[]) =>
    JSON.stringify(common.map((column) => canonical(row[table.columns.indexOf(column)]!)));
  const remaining = new Map<string, number>();
  for (const row of after.rows) {
    const key = project(after, row);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  let unmatched = 0;
  for (const row of before.rows) {
    const key = project(before, row);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else unmatched++;
  }
  const lost = Math.max(0, before.rows.length - after.rows.length);
  const changed = Math.max(0, unmatched - lost);
  const losses: DataLoss[] = [];
  if (lost > 0) losses.push({ kind: 'rows-lost', table: before.table, lost, of: before.rows.length });
  if (changed > 0)
    losses.push({
      kind: 'values-changed',
      table: before.table,
      column: null,
      changed,
      of: before.rows.length,
      example: null,
    });
  return losses;
}

/**
 * A dropped column that held values, while the step added a column that holds none of them (empty, or
 * one default for every row): the values are gone. An added column with the dropped one's values is a
 * rename, whatever the migration called it.
 */
function replacedColumns(before: TableRows, after: TableRows): DataLoss[] {
  const dropped = before.columns.filter((column) => !after.columns.includes(column));
  const added = after.columns.filter((column) => !before.columns.includes(column));
  const values = (table: TableRows, column: string) => {
    const at = table.columns.indexOf(column);
    return table.rows.map((row) => canonical(row[at]!));
  };
  const losses: DataLoss[] = [];
  for (const column of dropped) {
    const held = values(before, column);
    const count = held.filter((value) => value !== null).length;
    const sorted = JSON.stringify([...held].sort());
    if (count === 0 || added.some((name) => JSON.stringify(values(after, name).sort()) === sorted)) continue;
    const by = added.find((name) => new Set(values(after, name).filter((value) => value !== null)).size <= 1);
    if (by !== undefined && after.rows.length > 0)
      losses.push({ kind: 'column-replaced', table: before.table, column, by, values: count });
  }
  return losses;
}

/** The value as a type change alone would not alter it. */
export function canonical(value: string | null): string | null {
  if (value === null) return null;
  if (/^-?\d+\.\d+$/.test(value)) return value.replace(/\.?0+$/, '');
  return value.replace(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.0+$/, '$1');
}
