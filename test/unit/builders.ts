/**
 * Small builders of schema data (plain objects per src/schema/types.ts), so that each test states only
 * what matters to it. Every builder returns a fresh object: tests may mutate what they get.
 */
import type { Check, Column, ForeignKey, Index, IndexPart, Schema, Table } from '../../src/schema/types.js';

export function aColumn(overrides: Partial<Column> = {}): Column {
  return {
    name: 'id',
    position: 1,
    type: 'int',
    nullable: false,
    default: null,
    autoIncrement: false,
    onUpdate: null,
    generated: null,
    charset: null,
    collation: null,
    comment: '',
    ...overrides,
  };
}

/** A table; columns get their 1-based positions from their order unless given. */
export function aTable(name: string, overrides: Partial<Table> = {}): Table {
  const columns = (overrides.columns ?? [aColumn({ name: 'id', autoIncrement: true })]).map((column, i) => ({
    ...column,
    position: i + 1,
  }));
  return {
    name,
    engine: 'InnoDB',
    charset: 'utf8mb4',
    collation: 'utf8mb4_0900_ai_ci',
    comment: '',
    options: '',
    primaryKey: ['id'],
    indexes: [],
    foreignKeys: [],
    checks: [],
    ...overrides,
    columns,
  };
}

export function aSchema(...tables: Table[]): Schema {
  return { tables: Object.fromEntries(tables.map((table) => [table.name, table])) };
}

/** A part on a column; `{ descending: true }` etc. for the rest. */
export function aPart(column: string, overrides: Partial<IndexPart> = {}): IndexPart {
  return { column, expression: null, prefix: null, descending: false, ...overrides };
}

/** A visible btree index on plain columns, e.g. `anIndex('ix_email', ['email'], { unique: true })`. */
export function anIndex(name: string, columns: (string | IndexPart)[], overrides: Partial<Index> = {}): Index {
  return {
    name,
    unique: false,
    kind: 'btree',
    parts: columns.map((column) => (typeof column === 'string' ? aPart(column) : column)),
    visible: true,
    ...overrides,
  };
}

/** `aForeignKey('fk_user_org', ['org_id'], 'org')` references `org (id)` with RESTRICT both ways. */
export function aForeignKey(
  name: string,
  columns: string[],
  referencedTable: string,
  overrides: Partial<ForeignKey> = {},
): ForeignKey {
  return {
    name,
    columns,
    referencedTable,
    referencedColumns: columns.map(() => 'id'),
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
    ...overrides,
  };
}

export function aCheck(name: string, clause: string): Check {
  return { name, clause };
}
