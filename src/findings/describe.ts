import type { StepStatement } from '../replay/types.js';
import type { Difference } from '../schema/diff.js';
import type { Check, Column, ForeignKey, Index, IndexPart } from '../schema/types.js';

import type { Sides } from './types.js';

export type { Sides } from './types.js';

export const MODEL_SIDES: Sides = { expected: 'model', actual: 'migrations' };

/** The object a difference is about, as a reader names it: `user.api_token`, `index ix_user_api_token on user`. */
export function subject(difference: Difference): string {
  const { object, table, name } = difference;
  switch (object) {
    case 'table':
      return `table ${table}`;
    case 'column':
      return name === null ? `columns of ${table}` : `${table}.${name}`;
    case 'primaryKey':
      return `primary key of ${table}`;
    case 'index':
      return `index ${name} on ${table}`;
    case 'foreignKey': {
      const key = (difference.definition ?? difference.expected ?? difference.actual) as ForeignKey | null;
      return key && typeof key === 'object'
        ? `foreign key ${table}(${key.columns.join(', ')}) → ${key.referencedTable}(${key.referencedColumns.join(', ')}) [${name}]`
        : `foreign key ${name} on ${table}`;
    }
    case 'check':
      return `check ${name} on ${table}`;
  }
}

/** One line saying what differs, with both sides' values. */
export function describeDifference(difference: Difference, sides: Sides): string {
  const what = subject(difference);
  if (difference.kind === 'changed' && difference.object === 'index' && difference.attribute === 'unique')
    return describeUniqueness(difference, sides);
  switch (difference.kind) {
    case 'missing':
      return `${what} (${summarise(difference.expected)}) is in the ${sides.expected} but not in the ${sides.actual}`;
    case 'extra':
      return `${what} (${summarise(difference.actual)}) is in the ${sides.actual} but not in the ${sides.expected}`;
    case 'renamed':
      return `${what} is named ${String(difference.actual)} in the ${sides.actual}`;
    case 'column-order':
      return `${what} are in another order: ${sides.expected} (${(difference.expected as string[]).join(', ')}), ${sides.actual} (${(difference.actual as string[]).join(', ')})`;
    case 'changed':
      return `${what} ${change(difference, sides)}`;
    case 'equivalent': {
      const [item, side] = difference.expected
        ? [difference.expected, sides.expected]
        : [difference.actual, sides.actual];
      return `${what} (${summarise(item)}) is only in the ${side}, but the primary key of ${difference.table} is the same constraint`;
    }
  }
}

/**
 * Several attributes of one object that differ, in one line: `foreign key todo(user_id) → user(id)
 * [todo_ibfk_1] onDelete: model CASCADE, migrations RESTRICT; onUpdate: …`.
 */
export function describeChanges(differences: Difference[], sides: Sides): string {
  if (differences.length === 1) return describeDifference(differences[0]!, sides);
  return `${subject(differences[0]!)} ${differences.map((difference) => change(difference, sides)).join('; ')}`;
}

/** Whether two differences are attributes of the same object that changed (one finding, issue 14 §6). */
export function sameObjectChanged(a: Difference, b: Difference): boolean {
  return (
    a.kind === 'changed' &&
    b.kind === 'changed' &&
    a.object === b.object &&
    a.table === b.table &&
    a.name === b.name &&
    a.object !== 'column' &&
    a.object !== 'table'
  );
}

function change(difference: Difference, sides: Sides): string {
  return `${difference.attribute}: ${sides.expected} ${value(difference.expected)}, ${sides.actual} ${value(difference.actual)}`;
}

/** `notes.shortid: the model says UNIQUE, the migrations have a plain index notes_shortid`. */
function describeUniqueness(difference: Difference, sides: Sides): string {
  const index = difference.definition as Index | undefined;
  const columns = index?.parts.map((item) => part(item)) ?? [];
  const what =
    columns.length === 1 ? `${difference.table}.${columns[0]}` : `${difference.table}(${columns.join(', ')})`;
  const kind = (unique: unknown) => (unique ? 'UNIQUE' : 'a plain index');
  const other = difference.actualName ?? difference.name!;
  const own = other === difference.name ? '' : ` (${difference.name})`;
  return `${what}: the ${sides.expected} says ${kind(difference.expected)}${own}, the ${sides.actual} ${verb(sides.actual)} ${difference.actual ? 'a UNIQUE index' : 'a plain index'} ${other}`;
}

/** "the migrations have", "the re-up has". */
const verb = (side: string) => (side.endsWith('s') ? 'have' : 'has');

function value(item: unknown): string {
  if (item === null || item === undefined) return 'none';
  if (typeof item === 'boolean') return item ? 'yes' : 'no';
  if (typeof item === 'string') return item === '' ? "''" : item;
  if (Array.isArray(item) && item.every((part) => typeof part === 'object' && part && 'descending' in part))
    return `(${(item as IndexPart[]).map(part).join(', ')})`;
  if (Array.isArray(item)) return `(${item.join(', ')})`;
  if (typeof item === 'object' && 'expression' in item) {
    const generated = item as { expression: string; stored: boolean };
    return `AS (${generated.expression}) ${generated.stored ? 'STORED' : 'VIRTUAL'}`;
  }
  return JSON.stringify(item);
}

/** A short SQL-like spelling of a column, index, foreign key or check. */
export function summarise(item: unknown): string {
  if (!item || typeof item !== 'object') return value(item);
  if ('columns' in item && 'primaryKey' in item) return 'table';
  if ('type' in item && 'nullable' in item) return column(item as Column);
  if ('parts' in item) {
    const index = item as Index;
    const kind = index.kind === 'btree' ? '' : `${index.kind.toUpperCase()} `;
    return `${index.unique ? 'UNIQUE ' : ''}${kind}INDEX (${index.parts.map(part).join(', ')})${index.visible ? '' : ' INVISIBLE'}`;
  }
  if ('referencedTable' in item) {
    const key = item as ForeignKey;
    return `FOREIGN KEY (${key.columns.join(', ')}) REFERENCES ${key.referencedTable} (${key.referencedColumns.join(', ')}) ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`;
  }
  if ('clause' in item) return `CHECK (${(item as Check).clause})`;
  return JSON.stringify(item);
}

function column(item: Column): string {
  return [
    item.type,
    item.nullable ? 'NULL' : 'NOT NULL',
    item.default !== null ? `DEFAULT ${item.default}` : '',
    item.autoIncrement ? 'AUTO_INCREMENT' : '',
    item.onUpdate ? `ON UPDATE ${item.onUpdate}` : '',
    item.generated ? value(item.generated) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function part(item: IndexPart): string {
  const base = item.expression !== null ? `(${item.expression})` : (item.column ?? '?');
  return `${base}${item.prefix !== null ? `(${item.prefix})` : ''}${item.descending ? ' DESC' : ''}`;
}

/** Statements shown with a finding: the last ones a step sent, each cut to a line, errors under theirs. */
export function statementLines(statements: StepStatement[], shown = 12): string[] {
  const lines = statements.length > shown ? [`… ${statements.length - shown} earlier statement(s)`] : [];
  for (const statement of statements.slice(-shown)) {
    lines.push(oneLine(statement.sql, 160));
    if (statement.error !== null) lines.push(`  → error: ${statement.error}`);
  }
  return lines;
}

/** A statement in one line of at most `width` characters: messages and reports are read line by line. */
export function oneLine(sql: string, width: number): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
