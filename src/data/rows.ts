import { isUtf8 } from 'node:buffer';
import type { Connection } from 'mysql2/promise';
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
    names.map((name) => `SELECT ? AS name, EXISTS(SELECT 1 FROM ${quote(schema, name)}) AS used`).join(' UNION ALL '),
    names,
  );
  return (counts as { name: string; used: number }[]).filter((row) => Number(row.used) === 1).map((row) => row.name);
}

/**
 * Reads every row of `tables` as text, the way the server spells each value, so that a comparison sees
 * what a type change did to it. Tables that no longer exist are left out.
 */
export async function readRows(admin: Connection, schema: string, tables: string[]): Promise<TableRows[]> {
  if (tables.length === 0) return [];
  const [columnRows] = await admin.query(
    `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, COLUMN_KEY AS columnKey
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [schema, tables],
  );
  const columns = columnRows as { tableName: string; name: string; columnKey: string }[];
  const result: TableRows[] = [];
  for (const table of tables) {
    const own = columns.filter((column) => column.tableName === table);
    if (own.length === 0) continue;
    const names = own.map((column) => column.name);
    const [rows] = await admin.query({
      sql: `SELECT ${names.map((name) => `\`${name.replace(/`/g, '``')}\``).join(', ')} FROM ${quote(schema, table)}`,
      rowsAsArray: true,
      typeCast: (field) => text(field.buffer()),
    });
    result.push({
      table,
      columns: names,
      key: own.filter((column) => column.columnKey === 'PRI').map((column) => column.name),
      rows: rows as (string | null)[][],
    });
  }
  return result;
}

function text(buffer: Buffer | null): string | null {
  if (buffer === null) return null;
  return isUtf8(buffer) ? buffer.toString('utf8') : `hex:${buffer.toString('hex')}`;
}

function quote(schema: string, table: string): string {
  return `\`${schema.replace(/`/g, '``')}\`.\`${table.replace(/`/g, '``')}\``;
}
