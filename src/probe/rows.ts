import mysql from 'mysql2';
import type { Column, Table } from '../schema/types.js';

/** How many rows each table gets: a few, so that the server decides as it does on a table with data. */
export const SAMPLE_ROWS = 3;

/**
 * An INSERT of a few rows a table's columns take: the n-th row holds n wherever a number fits, so that
 * a foreign key to another table's `id` finds its row; null when no column can be written (every one
 * generated). INSERT IGNORE: a row a key or a check refuses is left out, and the table keeps the rest.
 */
export function sampleRows(table: Table): string | null {
  const columns = table.columns.filter((column) => column.generated === null);
  if (columns.length === 0) return null;
  const rows = Array.from(
    { length: SAMPLE_ROWS },
    (_, i) => `(${columns.map((column) => sample(column, i + 1)).join(', ')})`,
  );
  const names = columns.map((column) => mysql.escapeId(column.name)).join(', ');
  return `INSERT IGNORE INTO ${mysql.escapeId(table.name)} (${names}) VALUES ${rows.join(', ')}`;
}

/** The n-th row's value for a column, by its type. */
export function sample(column: Column, n: number): string {
  const type = column.type.toLowerCase();
  const base = type.replace(/\(.*$/, '').replace(/\s.*$/, '');
  if (column.autoIncrement) return String(n);
  if (type === 'tinyint(1)' || base === 'bool' || base === 'boolean') return String(n % 2);
  if (/int$|^(decimal|numeric|float|double|real)$/.test(base)) return String(n);
  if (base === 'bit') return `b'${n % 2}'`;
  if (base === 'enum' || base === 'set') return nthLiteral(type, n) ?? 'DEFAULT';
  if (base === 'date') return `'2024-01-0${n}'`;
  if (base === 'datetime' || base === 'timestamp') return `'2024-01-0${n} 00:00:00'`;
  if (base === 'time') return `'00:00:0${n}'`;
  if (base === 'year') return String(2020 + n);
  if (base === 'json') return `'{"n": ${n}}'`;
  if (base === 'uuid') return 'UUID()';
  if (base === 'inet4') return `'10.0.0.${n}'`;
  if (base === 'inet6') return `'::${n}'`;
  if (/char|text|binary|blob/.test(base)) return `'${n}'`;
  if (/^(geometry|point)$/.test(base)) return `ST_GeomFromText('POINT(${n} ${n})')`;
  return column.nullable ? 'NULL' : 'DEFAULT';
}

/** The n-th value of `enum('a','b')`, round again past the last: rows that differ, for a unique index. */
function nthLiteral(type: string, n: number): string | null {
  const values = type.match(/'(?:[^']|'')*'/g) ?? [];
  return values.length > 0 ? values[(n - 1) % values.length]! : null;
}
