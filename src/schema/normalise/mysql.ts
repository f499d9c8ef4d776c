import type { Dialect } from './dialect.js';
import { canonicalExpression, quoteLiteral } from './expression.js';

const text = (value: unknown): string => (value == null ? '' : String(value));

/**
 * MySQL 8.0 and later. Literal defaults come back unquoted (`0`, `x'y`); expression defaults are
 * flagged DEFAULT_GENERATED in EXTRA (8.0.13+); STATISTICS carries IS_VISIBLE and EXPRESSION.
 */
export const mysql: Dialect = {
  statisticsColumns: ['IS_VISIBLE', 'EXPRESSION'],
  columnsColumns: [],
  checksNameTheirTable: false,
  tableIdSql: 'SELECT TABLE_ID AS id FROM information_schema.INNODB_TABLES WHERE NAME = ?',

  columnDefault(row) {
    const value = row.COLUMN_DEFAULT;
    if (value == null) return null;
    const raw = String(value);
    if (/DEFAULT_GENERATED/i.test(text(row.EXTRA))) return canonicalExpression(raw);
    if (/^bit/i.test(text(row.COLUMN_TYPE)) && /^b'[01]*'$/.test(raw)) return raw;
    return quoteLiteral(raw);
  },

  generationExpression(row) {
    const expression = text(row.GENERATION_EXPRESSION);
    return expression === '' ? null : expression;
  },

  indexVisible: (row) => text(row.IS_VISIBLE).toUpperCase() !== 'NO',

  indexExpression(row) {
    const expression = text(row.EXPRESSION);
    return expression === '' ? null : canonicalExpression(expression);
  },

  finishTable: (table) => table,
};
