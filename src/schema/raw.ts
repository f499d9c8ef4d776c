/**
 * What information_schema returned for one schema, one array of rows per view, untouched. `inspect`
 * produces it (I/O); `normalise` turns it into a `Schema` (pure). Keeping the raw rows as plain data lets
 * unit tests feed real server output to the normaliser without a server.
 */
export type Row = Record<string, unknown>;

export interface RawSchema {
  tables: Row[];
  columns: Row[];
  statistics: Row[];
  /** KEY_COLUMN_USAGE rows that reference another table (foreign key columns). */
  keyColumns: Row[];
  referentialConstraints: Row[];
  /** TABLE_CONSTRAINTS rows of type CHECK. */
  tableChecks: Row[];
  checkConstraints: Row[];
}

export const RAW_VIEWS = [
  'tables',
  'columns',
  'statistics',
  'keyColumns',
  'referentialConstraints',
  'tableChecks',
  'checkConstraints',
] as const satisfies readonly (keyof RawSchema)[];
