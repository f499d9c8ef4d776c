/**
 * The schema model: plain, JSON-ready data, the same whichever server it came from. A snapshot of a
 * database is a `Schema`; `normalise` produces it from the rows information_schema returned.
 */

/** A whole database schema: its tables by name. */
export interface Schema {
  tables: Record<string, Table>;
}

export interface Table {
  name: string;
  engine: string | null;
  /** Default charset of the table, derived from its collation. */
  charset: string | null;
  collation: string | null;
  comment: string;
  /** Table options other than the defaults, e.g. `row_format=COMPACT`, sorted; '' for none. */
  options: string;
  columns: Column[];
  /** Columns of the primary key in key order, or null when the table has none. */
  primaryKey: string[] | null;
  indexes: Index[];
  foreignKeys: ForeignKey[];
  checks: Check[];
}

export interface Column {
  name: string;
  /** 1-based position in the table. */
  position: number;
  /** Full column type in canonical spelling, e.g. `varchar(64)`, `int unsigned`, `tinyint(1)`, `json`. */
  type: string;
  nullable: boolean;
  /**
   * Default in SQL spelling: a quoted literal (`'abc'`, `'0'`), `b'0'`, or an expression
   * (`CURRENT_TIMESTAMP(3)`, `(uuid())`); null when there is no default or the default is NULL.
   */
  default: string | null;
  autoIncrement: boolean;
  /** `CURRENT_TIMESTAMP[(n)]` for ON UPDATE columns. */
  onUpdate: string | null;
  generated: Generated | null;
  /** Only when it differs from the table's default; null means "inherited" or "not a text column". */
  charset: string | null;
  collation: string | null;
  comment: string;
}

export interface Generated {
  expression: string;
  stored: boolean;
}

export type IndexKind = 'btree' | 'fulltext' | 'spatial';

export interface IndexPart {
  /** The column, or null for a functional part. */
  column: string | null;
  expression: string | null;
  /** Prefix length in characters, for prefix indexes. */
  prefix: number | null;
  descending: boolean;
}

export interface Index {
  name: string;
  unique: boolean;
  kind: IndexKind;
  parts: IndexPart[];
  visible: boolean;
}

export type ReferentialAction = 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  /** RESTRICT stands for RESTRICT, NO ACTION and no clause alike: InnoDB treats them the same. */
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface Check {
  name: string;
  clause: string;
}

/** Server flavor and version, parsed from `SELECT VERSION()`. */
export interface Flavor {
  kind: 'mysql' | 'mariadb';
  version: [number, number, number];
  /** The raw VERSION() string, for reports. */
  raw: string;
}
