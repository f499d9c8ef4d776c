import type { Column, ForeignKey, Index, IndexPart, Schema, Table } from './types.js';

/**
 * The schema as a file to commit: stable (sorted, no server version, no counters), engine-neutral
 * (normalised, default collations as null) and short enough to read in a code review, because only
 * attributes that differ from their usual value are written.
 */
export const SNAPSHOT_FORMAT = 'migration-gate/schema@1';

const COLUMN_DEFAULTS: Omit<Column, 'name' | 'position' | 'type'> = {
  nullable: false,
  default: null,
  autoIncrement: false,
  onUpdate: null,
  generated: null,
  charset: null,
  collation: null,
  comment: '',
};

const PART_DEFAULTS: IndexPart = { column: null, expression: null, prefix: null, descending: false };

export function toSnapshotJson(schema: Schema): string {
  const tables = Object.fromEntries(
    Object.keys(schema.tables)
      .sort()
      .map((name) => [name, compactTable(schema.tables[name]!)]),
  );
  return `${stringify({ format: SNAPSHOT_FORMAT, tables }, '')}\n`;
}

/** JSON with one line per column, index or key where it fits: a change shows as one changed line. */
function stringify(value: unknown, indent: string): string {
  const flat = JSON.stringify(value, null, 1)?.replace(/\n\s*/g, ' ') ?? 'null';
  if (flat.length + indent.length <= 110 || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + stringify(item, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${stringify(item, inner)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function compactTable(table: Table): object {
  return {
    engine: table.engine,
    charset: table.charset,
    ...(table.collation !== null && { collation: table.collation }),
    ...(table.comment !== '' && { comment: table.comment }),
    ...(table.options !== '' && { options: table.options }),
    columns: [...table.columns]
      .sort((a, b) => a.position - b.position)
      .map(({ name, position: _position, type, ...rest }) => ({
        name,
        type,
        ...withoutDefaults(rest, COLUMN_DEFAULTS),
      })),
    primaryKey: table.primaryKey,
    ...(table.indexes.length > 0 && {
      indexes: table.indexes.map((index) => ({
        name: index.name,
        ...(index.unique && { unique: true }),
        ...(index.kind !== 'btree' && { kind: index.kind }),
        parts: index.parts.map((part) => withoutDefaults(part, PART_DEFAULTS)),
        ...(!index.visible && { visible: false }),
      })),
    }),
    ...(table.foreignKeys.length > 0 && { foreignKeys: table.foreignKeys }),
    ...(table.checks.length > 0 && { checks: table.checks }),
  };
}

function withoutDefaults<T extends object>(item: T, defaults: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(item).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(defaults[key as keyof T])),
  ) as Partial<T>;
}

/** Reads a snapshot file back into a `Schema`; throws an Error naming what is wrong. */
export function fromSnapshotJson(text: string): Schema {
  const parsed = JSON.parse(text) as { format?: unknown; tables?: unknown };
  if (parsed.format !== SNAPSHOT_FORMAT)
    throw new Error(`not a migration-gate schema snapshot (expected "format": "${SNAPSHOT_FORMAT}")`);
  if (!parsed.tables || typeof parsed.tables !== 'object') throw new Error('"tables" must be an object');
  const tables: Record<string, Table> = {};
  for (const [name, value] of Object.entries(parsed.tables as Record<string, Record<string, unknown>>)) {
    const columns = (value.columns ?? []) as (Partial<Column> & { name: string; type: string })[];
    tables[name] = {
      name,
      engine: (value.engine as string | null) ?? null,
      charset: (value.charset as string | null) ?? null,
      collation: (value.collation as string | undefined) ?? null,
      comment: (value.comment as string | undefined) ?? '',
      options: (value.options as string | undefined) ?? '',
      columns: columns.map((column, i) => ({ ...COLUMN_DEFAULTS, ...column, position: i + 1 })),
      primaryKey: (value.primaryKey as string[] | null | undefined) ?? null,
      indexes: ((value.indexes ?? []) as Partial<Index>[]).map((index) => ({
        name: index.name!,
        unique: index.unique ?? false,
        kind: index.kind ?? 'btree',
        parts: (index.parts ?? []).map((part) => ({ ...PART_DEFAULTS, ...part })),
        visible: index.visible ?? true,
      })),
      foreignKeys: (value.foreignKeys ?? []) as ForeignKey[],
      checks: (value.checks ?? []) as Table['checks'],
    };
  }
  return { tables };
}
