import { isUtf8 } from 'node:buffer';
import { escapeId, type Connection } from 'mysql2/promise';
import { qualified } from '../database/server.js';
import type { TableRows } from './types.js';

/** The tables of `schema` that hold rows, leaving out `exclude` (the migration-metadata table). */
export async function tablesWithRows(admin: Connection, schema: string, exclude: string[]): Promise<string[]> {
  const [rows] = await admin.query(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [schema],
  );
  const names = (rows as { name: string }[]).map((row) => row.name).filter((name) => !exclude.includes(name));
  if (names.length === 0) return [];
  // information_schema's row counts are estimates: ask each table.
  const [counts] = await admin.query(
    names
      .map((name) => `SELECT ? AS name, EXISTS(SELECT 1 FROM ${qualified(schema, name)}) AS used`)
      .join(' UNION ALL '),
    names,
  );
  return (counts as { name: string; used: number }[]).filter((row) => Number(row.used) === 1).map((row) => row.name);
}

/**
 * Reads every row of `tables` as text, the way the server spells each value, so that a comparison sees
 * what a type change did to it. Tables that no longer exist are left out. Two round trips whatever the
 * number of tables: their columns, then all their rows.
 */
export async function readRows(admin: Connection, schema: string, tables: string[]): Promise<TableRows[]> {
  if (tables.length === 0) return [];
  const [columnRows] = await admin.query(
    `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, COLUMN_KEY AS columnKey
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [schema, tables],
  );
  const columns = columnRows as { tableName: string; name: string; columnKey: string }[];
  const present = tables
    .map((table) => ({ table, own: columns.filter((column) => column.tableName === table) }))
    .filter(({ own }) => own.length > 0);
  if (present.length === 0) return [];
  const [results] = await admin.query({
    sql: present
      .map(
        ({ table, own }) =>
          `SELECT ${own.map((column) => escapeId(column.name, true)).join(', ')} FROM ${qualified(schema, table)}`,
      )
      .join(';\n'),
    rowsAsArray: true,
    typeCast: (field) => text(field.buffer()),
  });
  // one statement answers with its rows, several with one array of rows each
  const sets = (present.length === 1 ? [results] : results) as (string | null)[][][];
  return present.map(({ table, own }, i) => ({
    table,
    columns: own.map((column) => column.name),
    key: own.filter((column) => column.columnKey === 'PRI').map((column) => column.name),
    rows: sets[i]!,
  }));
}

function text(buffer: Buffer | null): string | null {
  if (buffer === null) return null;
  return isUtf8(buffer) ? buffer.toString('utf8') : `hex:${buffer.toString('hex')}`;
}
