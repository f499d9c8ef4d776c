/**
 * The migration that closes a drift, as plain data: what to change, in an order the server accepts, each
 * change with the one that undoes it. Pure: it reads the model's schema (expected), the chain's end
 * (actual) and the differences between them, and says what it leaves to a person (review) or leaves out
 * (destructive changes without consent).
 */
import type { Difference } from '../schema/diff.js';
import { narrowing } from '../schema/narrowing.js';
import type { Check, Column, ForeignKey, Index, Schema, Table } from '../schema/types.js';

export type Operation =
  | { op: 'createTable'; table: Table }
  | { op: 'dropTable'; table: Table }
  | { op: 'addColumn'; table: string; column: Column; after: string | null; primaryKey?: KeyChange }
  | { op: 'removeColumn'; table: string; column: Column; after: string | null; primaryKey?: KeyChange }
  | { op: 'changeColumn'; table: string; column: Column; from: Column }
  | { op: 'setPrimaryKey'; table: string; columns: string[] | null; from: string[] | null }
  | { op: 'addIndex'; table: string; index: Index }
  | { op: 'removeIndex'; table: string; index: Index }
  | { op: 'addForeignKey'; table: string; key: ForeignKey }
  | { op: 'removeForeignKey'; table: string; key: ForeignKey }
  | { op: 'addCheck'; table: string; check: Check }
  | { op: 'removeCheck'; table: string; check: Check }
  | { op: 'alterTable'; table: string; attribute: TableAttribute; value: string | null; from: string | null };

export type TableAttribute = 'engine' | 'collation' | 'comment' | 'options';

/**
 * The primary key an AUTO_INCREMENT column comes with: the server takes such a column only as a key, so
 * it is added, and dropped, in the statement that makes the key (and restores the one before).
 */
export interface KeyChange {
  columns: string[];
  from: string[] | null;
}

export interface Plan {
  /** The changes in the order they run up. */
  up: Operation[];
  /** What undoes them, in the order they run down (the reverse). */
  down: Operation[];
  /** What a person must look at before it runs on production, each on its operation's index in `up`. */
  review: { operation: number; why: string }[];
  /** What was left out, and why (a destructive change without --allow-destructive), with its difference. */
  skipped: { what: string; why: string; difference: Difference }[];
}

/**
 * The order a change runs in, so that each finds what it needs: keys that stand in the way go first,
 * foreign keys last (they may point at a table or index made here), drops after everything that leans on
 * them is gone.
 */
const ORDER: Operation['op'][] = [
  'removeForeignKey',
  'removeCheck',
  'removeIndex',
  'createTable',
  'addColumn',
  'changeColumn',
  'alterTable',
  'setPrimaryKey',
  'addIndex',
  'addCheck',
  'addForeignKey',
  'removeColumn',
  'dropTable',
];

/** The operation that undoes `operation`, from what the schema was before it. */
export function inverse(operation: Operation): Operation {
  switch (operation.op) {
    case 'createTable':
      return { op: 'dropTable', table: operation.table };
    case 'dropTable':
      return { op: 'createTable', table: operation.table };
    case 'addColumn':
      return { ...operation, op: 'removeColumn' };
    case 'removeColumn':
      return { ...operation, op: 'addColumn' };
    case 'changeColumn':
      return { ...operation, column: operation.from, from: operation.column };
    case 'setPrimaryKey':
      return { ...operation, columns: operation.from, from: operation.columns };
    case 'alterTable':
      return { ...operation, value: operation.from, from: operation.value };
    case 'addIndex':
      return { ...operation, op: 'removeIndex' };
    case 'removeIndex':
      return { ...operation, op: 'addIndex' };
    case 'addForeignKey':
      return { ...operation, op: 'removeForeignKey' };
    case 'removeForeignKey':
      return { ...operation, op: 'addForeignKey' };
    case 'addCheck':
      return { ...operation, op: 'removeCheck' };
    case 'removeCheck':
      return { ...operation, op: 'addCheck' };
  }
}

/**
 * Plans the migration that makes `actual` (the chain's end) what `expected` (the model) is, from the
 * differences between them. A table the model adds is created whole, its indexes and foreign keys as
 * operations of their own (after every table exists). Column order is left alone unless `strictOrder`.
 */
export function plan(
  expected: Schema,
  actual: Schema,
  differences: Difference[],
  options: { allowDestructive: boolean },
): Plan {
  const operations: Operation[] = [];
  const skipped: Plan['skipped'] = [];
  const replaced = new Set<string>();
  for (const difference of differences) {
    const destructive = (what: string, ...group: Operation[]) => {
      if (options.allowDestructive) operations.push(...group);
      else skipped.push({ what, why: 'it destroys data: written only with --allow-destructive', difference });
    };
    const want = expected.tables[difference.table];
    const got = actual.tables[difference.table];
    const key = `${difference.table}\u0000${difference.object}\u0000${difference.name}`;
    switch (difference.object) {
      case 'table':
        if (difference.kind === 'missing') {
          operations.push({ op: 'createTable', table: withoutKeys(want!) });
          for (const index of want!.indexes) operations.push({ op: 'addIndex', table: want!.name, index });
          for (const key of want!.foreignKeys) operations.push({ op: 'addForeignKey', table: want!.name, key });
        } else if (difference.kind === 'extra')
          // its keys go first and come back last in the down: the table comes back whole, and no two
          // dropped tables that reference each other hold up the other's drop
          destructive(
            `drop table ${got!.name}`,
            ...got!.foreignKeys.map((key): Operation => ({ op: 'removeForeignKey', table: got!.name, key })),
            ...got!.indexes.map((index): Operation => ({ op: 'removeIndex', table: got!.name, index })),
            { op: 'dropTable', table: withoutKeys(got!) },
          );
        else if (difference.kind === 'changed')
          operations.push({
            op: 'alterTable',
            table: difference.table,
            attribute: difference.attribute as TableAttribute,
            value: want![difference.attribute as TableAttribute] as string | null,
            from: got![difference.attribute as TableAttribute] as string | null,
          });
        break;
      case 'column': {
        if (difference.kind === 'column-order') break;
        const column = want?.columns.find((item) => item.name === difference.name);
        const current = got?.columns.find((item) => item.name === difference.name);
        if (difference.kind === 'missing')
          operations.push({ op: 'addColumn', table: difference.table, column: column!, after: before(want!, column!) });
        else if (difference.kind === 'extra')
          destructive(`drop column ${difference.table}.${current!.name}`, {
            op: 'removeColumn',
            table: difference.table,
            column: current!,
            after: before(got!, current!),
          });
        else if (difference.kind === 'changed' && !replaced.has(key)) {
          // one changeColumn writes the whole definition, whichever attributes differ
          replaced.add(key);
          const narrows = narrowing(current!.type, column!.type);
          const operation: Operation = { op: 'changeColumn', table: difference.table, column: column!, from: current! };
          if (narrows)
            destructive(`change ${difference.table}.${column!.name} to ${column!.type} (${narrows})`, operation);
          else operations.push(operation);
        }
        break;
      }
      case 'primaryKey':
        operations.push({
          op: 'setPrimaryKey',
          table: difference.table,
          columns: want!.primaryKey,
          from: got!.primaryKey,
        });
        break;
      case 'index':
      case 'foreignKey':
      case 'check': {
        if (difference.kind === 'equivalent' || replaced.has(key)) break;
        replaced.add(key);
        const [add, remove] = keyed(difference.object, difference.table);
        const wanted = find(want, difference.object, difference.name);
        const found = find(got, difference.object, difference.actualName ?? difference.name);
        const renamedFrom =
          difference.kind === 'renamed' ? find(got, difference.object, String(difference.actual)) : null;
        if (found ?? renamedFrom) operations.push(remove((found ?? renamedFrom)!));
        if (wanted && difference.kind !== 'extra') operations.push(add(wanted));
        break;
      }
    }
  }
  const up = [...withKeyedColumns(operations), ...foreignKeysInTheWay(operations, expected, actual)].sort(
    (a, b) => ORDER.indexOf(a.op) - ORDER.indexOf(b.op) || columnOrder(a, b),
  );
  return { up, down: up.map(inverse).reverse(), review: reviewOf(up, actual), skipped };
}

/** An AUTO_INCREMENT column the new primary key is made of is added with the key, in one statement. */
function withKeyedColumns(operations: Operation[]): Operation[] {
  const keys = operations.filter((operation) => operation.op === 'setPrimaryKey');
  const keyOf = (operation: Operation) =>
    operation.op === 'addColumn' && operation.column.autoIncrement
      ? keys.find((key) => key.table === operation.table && key.columns?.includes(operation.column.name))
      : undefined;
  const folded = new Set(operations.map(keyOf).filter((key) => key !== undefined));
  return operations.flatMap((operation): Operation[] => {
    if (folded.has(operation as Extract<Operation, { op: 'setPrimaryKey' }>)) return [];
    const key = keyOf(operation);
    return key && operation.op === 'addColumn'
      ? [{ ...operation, primaryKey: { columns: key.columns!, from: key.from } }]
      : [operation];
  });
}

/**
 * Columns are added first to last, so that each one's `after` is there, and removed last to first, so
 * that the down, which adds them back in reverse, finds each one's `after` there too.
 */
function columnOrder(a: Operation, b: Operation): number {
  if (a.op === 'addColumn' && b.op === 'addColumn') return a.column.position - b.column.position;
  if (a.op === 'removeColumn' && b.op === 'removeColumn') return b.column.position - a.column.position;
  return 0;
}

/**
 * Foreign keys the server will not let a change past, removed before it and added back after, as the
 * model has them: one whose column (or referenced column) changes type, charset or collation (MySQL and
 * MariaDB refuse to change it under the key), and one whose index is removed or replaced (the server
 * refuses to drop an index a foreign key needs). Keys already removed or added by the plan are left to it.
 */
function foreignKeysInTheWay(operations: Operation[], expected: Schema, actual: Schema): Operation[] {
  const planned = new Set(
    operations.flatMap((operation) =>
      operation.op === 'addForeignKey' || operation.op === 'removeForeignKey'
        ? [`${operation.table}\u0000${operation.key.name}`]
        : [],
    ),
  );
  const changed = operations.flatMap((operation) =>
    operation.op === 'changeColumn' &&
    (operation.column.type !== operation.from.type ||
      operation.column.charset !== operation.from.charset ||
      operation.column.collation !== operation.from.collation)
      ? [{ table: operation.table, column: operation.column.name }]
      : [],
  );
  const removedIndexes = operations.flatMap((operation) =>
    operation.op === 'removeIndex' ? [{ table: operation.table, index: operation.index }] : [],
  );
  const inTheWay = (table: Table, key: ForeignKey) =>
    changed.some(
      (change) =>
        (change.table === table.name && key.columns.includes(change.column)) ||
        (change.table === key.referencedTable && key.referencedColumns.includes(change.column)),
    ) ||
    removedIndexes.some(
      (removed) =>
        removed.table === table.name && key.columns.every((column, i) => removed.index.parts[i]?.column === column),
    );
  return Object.values(actual.tables).flatMap((table) =>
    table.foreignKeys.flatMap((key): Operation[] => {
      const kept = expected.tables[table.name]?.foreignKeys.find((item) => item.name === key.name);
      if (!kept || planned.has(`${table.name}\u0000${key.name}`) || !inTheWay(table, key)) return [];
      return [
        { op: 'removeForeignKey', table: table.name, key },
        { op: 'addForeignKey', table: table.name, key: kept },
      ];
    }),
  );
}

/** A table as createTable makes it: columns, primary key and options; indexes and keys come after. */
function withoutKeys(table: Table): Table {
  return { ...table, indexes: [], foreignKeys: [] };
}

/** The column before `column` in `table`, where addColumn puts it (null: first). */
function before(table: Table, column: Column): string | null {
  const i = table.columns.findIndex((item) => item.name === column.name);
  return i > 0 ? table.columns[i - 1]!.name : null;
}

function find(table: Table | undefined, object: 'index' | 'foreignKey' | 'check', name: string | null) {
  if (!table || name === null) return null;
  const list = { index: table.indexes, foreignKey: table.foreignKeys, check: table.checks }[object] as (
    Index | ForeignKey | Check
  )[];
  return list.find((item) => item.name === name) ?? null;
}

/** The add and remove operations of an index, foreign key or check of `table`. */
function keyed(
  object: 'index' | 'foreignKey' | 'check',
  table: string,
): [(item: Index | ForeignKey | Check) => Operation, (item: Index | ForeignKey | Check) => Operation] {
  switch (object) {
    case 'index':
      return [
        (item) => ({ op: 'addIndex', table, index: item as Index }),
        (item) => ({ op: 'removeIndex', table, index: item as Index }),
      ];
    case 'foreignKey':
      return [
        (item) => ({ op: 'addForeignKey', table, key: item as ForeignKey }),
        (item) => ({ op: 'removeForeignKey', table, key: item as ForeignKey }),
      ];
    case 'check':
      return [
        (item) => ({ op: 'addCheck', table, check: item as Check }),
        (item) => ({ op: 'removeCheck', table, check: item as Check }),
      ];
  }
}

/**
 * What production may refuse or lose that the scratch schema, with no rows, never shows: a NOT NULL column
 * without a default on a table that existed, a new unique index, foreign key or check (rows that break
 * it), a charset or engine change (a table copy), a new primary key. A unique index or foreign key over a
 * column this migration adds with no value (nullable, no default) holds for every row already there: NULL
 * never collides and references nothing, so no row can break it.
 */
function reviewOf(up: Operation[], actual: Schema): Plan['review'] {
  const review: Plan['review'] = [];
  const unset = new Set(
    up.flatMap((operation) =>
      operation.op === 'addColumn' &&
      operation.column.nullable &&
      operation.column.default === null &&
      !operation.column.generated
        ? [`${operation.table}.${operation.column.name}`]
        : [],
    ),
  );
  const holds = (table: string, columns: (string | null)[]) =>
    columns.some((column) => column !== null && unset.has(`${table}.${column}`));
  up.forEach((operation, i) => {
    const existing =
      'table' in operation &&
      typeof operation.table === 'string' &&
      actual.tables[operation.table] &&
      !(
        operation.op === 'addIndex' &&
        holds(
          operation.table,
          operation.index.parts.map((part) => part.column),
        )
      ) &&
      !(operation.op === 'addForeignKey' && holds(operation.table, operation.key.columns));
    const why =
      operation.op === 'addColumn' &&
      existing &&
      !operation.column.nullable &&
      operation.column.default === null &&
      !operation.column.autoIncrement
        ? "a NOT NULL column without a default: rows already in the table get the type's zero value, or the server refuses them in strict mode; give it a default or backfill it first"
        : operation.op === 'changeColumn' && operation.from.nullable && !operation.column.nullable
          ? 'NULL values already in the column are refused (or made the zero value): backfill them first'
          : operation.op === 'addIndex' && operation.index.unique && existing
            ? 'rows already in the table may hold duplicates, and the index is refused'
            : operation.op === 'addForeignKey' && existing
              ? 'rows already in the table may reference nothing, and the key is refused'
              : operation.op === 'addCheck' && existing
                ? 'rows already in the table may break the check, and it is refused'
                : operation.op === 'alterTable' && operation.attribute !== 'comment'
                  ? `changing the table's ${operation.attribute} copies the table`
                  : operation.op === 'setPrimaryKey'
                    ? 'a new primary key rebuilds the table, and duplicates are refused'
                    : operation.op === 'addColumn' && operation.primaryKey && existing
                      ? 'a new primary key rebuilds the table (its AUTO_INCREMENT numbers the rows already there)'
                      : null;
    if (why) review.push({ operation: i, why });
  });
  return review;
}
