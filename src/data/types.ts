/** The rows of one table, as text, to compare before and after a step. */
export interface TableRows {
  table: string;
  columns: string[];
  /** The primary key's columns; empty when the table has none. */
  key: string[];
  /** One array per row, in `columns` order; binary values as `hex:…`. */
  rows: (string | null)[][];
}

/** Seeded data a step lost or changed. */
export type DataLoss =
  | { kind: 'rows-lost'; table: string; lost: number; of: number }
  | {
      kind: 'values-changed';
      table: string;
      /** Null when the table has no primary key: rows cannot be matched, only counted. */
      column: string | null;
      changed: number;
      of: number;
      example: { before: string | null; after: string | null } | null;
    }
  /** A column dropped while another was added in the same step: a rename done as drop + add. */
  | { kind: 'column-replaced'; table: string; column: string; by: string; values: number };

/** What happened to the seeded rows over the rest of the path. */
export interface DataCheck {
  /** The seed file, and the step it ran after (null: before the first). */
  seed: string;
  after: string | null;
  /** How many migrations ran after the seed: 0 means nothing was checked. */
  steps: number;
  /** Rows per table right after the seed, and at the end of the path (null: the table was dropped). */
  tables: { table: string; seeded: number; final: number | null }[];
  /** Losses by the step that caused them. */
  losses: { step: number; loss: DataLoss }[];
}
