import type { Table } from '../types.js';
import type { Dialect } from './dialect.js';
import { canonicalExpression, quoteLiteral } from './expression.js';

const text = (value: unknown): string => (value == null ? '' : String(value));

/**
 * MariaDB 10.6 and later. Since 10.2.7 COLUMN_DEFAULT is an SQL expression: literals are quoted
 * (`'x''y'`), numbers bare, and DEFAULT NULL is the string `NULL` (MDEV-13132). JSON is an alias for
 * LONGTEXT with a `json_valid()` CHECK constraint named after the column. Indexes are hidden with
 * IGNORED (10.6+), and STATISTICS has no EXPRESSION column (no functional indexes).
 */
export const mariadb: Dialect = {
  statisticsColumns: ['IGNORED'],
  columnsColumns: ['IS_GENERATED'],
  checksNameTheirTable: true,
  tableIdSql: 'SELECT TABLE_ID AS id FROM information_schema.INNODB_SYS_TABLES WHERE NAME = ?',

  columnDefault(row) {
    const value = row.COLUMN_DEFAULT;
    if (value == null) return null;
    const raw = String(value);
    if (raw === 'NULL') return null;
    if (/^'.*'$/s.test(raw)) return quoteLiteral(raw.slice(1, -1).replace(/''/g, "'"));
    if (/^b'[01]*'$/.test(raw)) return raw;
    if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw)) return quoteLiteral(raw);
    return canonicalExpression(raw);
  },

  generationExpression(row) {
    const generated = text(row.IS_GENERATED).toUpperCase() === 'ALWAYS';
    return generated ? text(row.GENERATION_EXPRESSION) : null;
  },

  indexVisible: (row) => text(row.IGNORED).toUpperCase() !== 'YES',

  indexExpression: () => null,

  finishTable: restoreJsonColumns,
};

/** Turns MariaDB's `longtext` + `CHECK (json_valid(col))` back into the `json` type it stands for. */
function restoreJsonColumns(table: Table): Table {
  const jsonColumns = new Set(
    table.checks
      .filter((check) => check.clause === `json_valid(${check.name})`)
      .map((check) => check.name)
      .filter((name) => table.columns.some((column) => column.name === name && column.type === 'longtext')),
  );
  if (jsonColumns.size === 0) return table;
  return {
    ...table,
    columns: table.columns.map((column) =>
      jsonColumns.has(column.name) ? { ...column, type: 'json', charset: null, collation: null } : column,
    ),
    checks: table.checks.filter((check) => !jsonColumns.has(check.name)),
  };
}
