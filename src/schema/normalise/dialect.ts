import type { Row } from '../raw.js';
import type { Table } from '../types.js';

/**
 * How one server flavor spells what information_schema reports. Each flavor's quirks live in its own
 * file (mysql.ts, mariadb.ts) behind this one interface, so nothing else branches on the flavor.
 */
export interface Dialect {
  /** Columns of information_schema.STATISTICS to read beyond the common ones. */
  statisticsColumns: readonly string[];
  /** Columns of information_schema.COLUMNS to read beyond the common ones. */
  columnsColumns: readonly string[];
  /**
   * CHECK_CONSTRAINTS names each check's table, so TABLE_CONSTRAINTS need not be read to map checks to
   * tables (on MariaDB that query opens every table and costs more than all the others together, and
   * every JSON column has a check).
   */
  checksNameTheirTable: boolean;
  /** The column default in canonical SQL spelling, null for none or NULL. */
  columnDefault(row: Row): string | null;
  /** The generation expression as the server reports it, null for an ordinary column. */
  generationExpression(row: Row): string | null;
  indexVisible(row: Row): boolean;
  indexExpression(row: Row): string | null;
  /**
   * Reads InnoDB's id of a table (`?` is `schema/table`): a rebuild makes a new one, so it tells an
   * in-place change that rebuilt the table from one that did not.
   */
  tableIdSql: string;
  /** Last fix-ups on a whole table, for quirks that span several views. */
  finishTable(table: Table): Table;
}
