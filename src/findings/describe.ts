import type { Difference } from '../schema/diff.js';
import type { Check, Column, ForeignKey, Index, IndexPart } from '../schema/types.js';

/** What the two sides of a comparison are called in messages. */
export interface Sides {
  expected: string;
  actual: string;
}

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
    case 'foreignKey':
      return `foreign key ${name} on ${table}`;
    case 'check':
      return `check ${name} on ${table}`;
  }
}

/** One line saying what differs, with both sides' values. */
export function describeDifference(difference: Difference, sides: Sides): string {
  const what = subject(difference);
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
      return `${what} ${difference.attribute}: ${sides.expected} ${value(difference.expected)}, ${sides.actual} ${value(difference.actual)}`;
  }
}

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
