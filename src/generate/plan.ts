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
  | { op: 'changeColumn'; table: string; column: Column; from: Column; primaryKey?: KeyChange }
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
 * it is added (or made AUTO_INCREMENT), and dropped, in the statement that changes the key.
 */
export interface KeyChange {
  /** The key after the statement; null: none. */
  columns: string[] | null;
  /** The key before it; null: none. */
  from: string[] | null;
}

function swapped(key: KeyChange | undefined): { primaryKey?: KeyChange } {
  return key ? { primaryKey: { columns: key.from, from: key.columns } } : {};
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
      return { ...operation, op: 'removeColumn', ...swapped(operation.primaryKey) };
    case 'removeColumn':
      return { ...operation, op: 'addColumn', ...swapped(operation.primaryKey) };
    case 'changeColumn':
      return { ...operation, column: operation.from, from: operation.column, ...swapped(operation.primaryKey) };
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
          // its foreign keys go first and come back last in the down: no two dropped tables that
          // reference each other hold up the other's drop, and each comes back before a key points at it
          destructive(
            `drop table ${got!.name}`,
            ...got!.foreignKeys.map((key): Operation => ({ op: 'removeForeignKey', table: got!.name, key })),
            // with its indexes: the down creates it whole, an AUTO_INCREMENT column with its key
            { op: 'dropTable', table: { ...got!, foreignKeys: [] } },
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
          // a narrowing is written, with the reason to review it: the model asks for the type
          operations.push({ op: 'changeColumn', table: difference.table, column: column!, from: current! });
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

/**
 * A column that becomes AUTO_INCREMENT (added so, or changed to it) and is in the new primary key comes
 * with the key, in one statement: the server refuses the column without it.
 */
function withKeyedColumns(operations: Operation[]): Operation[] {
  const keys = operations.filter((operation) => operation.op === 'setPrimaryKey');
  const keyOf = (operation: Operation) =>
    (operation.op === 'addColumn' || (operation.op === 'changeColumn' && !operation.from.autoIncrement)) &&
    operation.column.autoIncrement
      ? keys.find((key) => key.table === operation.table && key.columns?.includes(operation.column.name))
      : undefined;
  const folded = operations.map(keyOf).filter((key) => key !== undefined);
  return operations.flatMap((operation): Operation[] => {
    if (operation.op === 'setPrimaryKey') return folded.includes(operation) ? [] : [operation];
    const key = keyOf(operation);
    return key && (operation.op === 'addColumn' || operation.op === 'changeColumn')
      ? [{ ...operation, primaryKey: { columns: key.columns, from: key.from } }]
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
 * Foreign keys the server will not let a change past, removed before it and added back after (as the
 * model has them, or as they were where the model names them otherwise): one whose column, on either side
 * of the key, changes type, charset, collation or AUTO_INCREMENT (MySQL and MariaDB refuse to change it
 * under the key), and one whose index, on either side, is removed or replaced, the primary key too (the
 * server refuses to drop an index a foreign key needs). Keys already removed or added by the plan are left
 * to it.
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
      operation.column.collation !== operation.from.collation ||
      operation.column.autoIncrement !== operation.from.autoIncrement)
      ? [{ table: operation.table, column: operation.column.name }]
      : [],
  );
  const removedIndexes = operations.flatMap((operation) => {
    if (operation.op === 'removeIndex')
      return [{ table: operation.table, columns: operation.index.parts.map((part) => part.column) }];
    const from =
      operation.op === 'setPrimaryKey'
        ? operation.from
        : 'primaryKey' in operation && operation.primaryKey
          ? operation.primaryKey.from
          : null;
    return from ? [{ table: operation.table as string, columns: from }] : [];
  });
  const leads = (columns: (string | null)[], of: string[]) => of.every((column, i) => columns[i] === column);
  const inTheWay = (table: Table, key: ForeignKey) =>
    changed.some(
      (change) =>
        (change.table === table.name && key.columns.includes(change.column)) ||
        (change.table === key.referencedTable && key.referencedColumns.includes(change.column)),
    ) ||
    removedIndexes.some(
      (removed) =>
        (removed.table === table.name && leads(removed.columns, key.columns)) ||
        (removed.table === key.referencedTable && leads(removed.columns, key.referencedColumns)),
    );
  return Object.values(actual.tables).flatMap((table) =>
    table.foreignKeys.flatMap((key): Operation[] => {
      if (!expected.tables[table.name] || planned.has(`${table.name}\u0000${key.name}`) || !inTheWay(table, key))
        return [];
      // a key the model names otherwise is a difference in names alone, which is not closed: it goes back as it was
      const kept = expected.tables[table.name]!.foreignKeys.find((item) => item.name === key.name) ?? key;
      return [
        { op: 'removeForeignKey', table: table.name, key },
        { op: 'addForeignKey', table: table.name, key: kept },
      ];
    }),
  );
}

/** A new table as createTable makes it: columns, primary key and options; indexes and keys come after. */
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
 * without a default on a table that existed, a type that narrows (values that do not fit), a new unique
 * index, foreign key or check (rows that break it), a charset or engine change (a table copy), a new primary
 * key. A unique index or foreign key over a
 * column this migration adds with no value (nullable, no default) holds for every row already there: NULL
 * never collides and references nothing, so no row can break it.
 */
function reviewOf(up: Operation[], actual: Schema): Plan['review'] {
  const unset = new Set(
    up.flatMap((operation) =>
      operation.op === 'addColumn' &&
      operation.column.nullable &&
      operation.column.default === null &&
      !operation.column.generated &&
      !operation.column.autoIncrement
        ? [`${operation.table}.${operation.column.name}`]
        : [],
    ),
  );
  const overUnset = (table: string, columns: (string | null)[]) =>
    columns.some((column) => column !== null && unset.has(`${table}.${column}`));
  // a foreign key taken off around a change and put back as it was: the rows it held, it holds
  const putBack = new Set(
    up.flatMap((operation) =>
      operation.op === 'removeForeignKey' ? [JSON.stringify([operation.table, operation.key])] : [],
    ),
  );
  /** Whether rows already there may break what the operation adds to its table. */
  const rowsMayBreak = (operation: Operation) => {
    if (!('table' in operation) || typeof operation.table !== 'string' || !actual.tables[operation.table]) return false;
    if (operation.op === 'addIndex')
      return !overUnset(
        operation.table,
        operation.index.parts.map((part) => part.column),
      );
    if (operation.op === 'addForeignKey')
      return (
        !overUnset(operation.table, operation.key.columns) &&
        !putBack.has(JSON.stringify([operation.table, operation.key]))
      );
    return true;
  };
  const why = (operation: Operation): string | null => {
    switch (operation.op) {
      case 'addColumn':
        if (operation.primaryKey && rowsMayBreak(operation))
          return 'a new primary key rebuilds the table (its AUTO_INCREMENT numbers the rows already there)';
        return rowsMayBreak(operation) &&
          !operation.column.nullable &&
          operation.column.default === null &&
          !operation.column.autoIncrement
          ? "a NOT NULL column without a default: rows already in the table get the type's zero value, or the server refuses them in strict mode; give it a default or backfill it first"
          : null;
      case 'changeColumn': {
        const narrows = narrowing(operation.from.type, operation.column.type);
        if (narrows)
          return `it narrows ${operation.from.type} to ${operation.column.type} (${narrows}): values already there that do not fit are cut, or refused in strict mode; check the data first`;
        if (operation.from.nullable && !operation.column.nullable)
          return 'NULL values already in the column are refused (or made the zero value): backfill them first';
        return operation.primaryKey && rowsMayBreak(operation)
          ? 'a new primary key rebuilds the table (its AUTO_INCREMENT numbers the rows already there)'
          : null;
      }
      case 'addIndex':
        return operation.index.unique && rowsMayBreak(operation)
          ? 'rows already in the table may hold duplicates, and the index is refused'
          : null;
      case 'addForeignKey':
        return rowsMayBreak(operation)
          ? 'rows already in the table may reference nothing, and the key is refused'
          : null;
      case 'addCheck':
        return rowsMayBreak(operation) ? 'rows already in the table may break the check, and it is refused' : null;
      case 'alterTable':
        return operation.attribute === 'comment'
          ? null
          : `changing the table's ${operation.attribute} copies the table`;
      case 'setPrimaryKey':
        return 'a new primary key rebuilds the table, and duplicates are refused';
      default:
        return null;
    }
  };
  return up.flatMap((operation, i) => {
    const reason = why(operation);
    return reason ? [{ operation: i, why: reason }] : [];
  });
}
