/** Where a table of the model is defined, so drift can be annotated on the right line. */
export interface TableSource {
  file: string;
  /** Line of the table's definition (define(), class, CREATE TABLE), when found. */
  line: number | null;
  /** The file's text, searched for the line of a column or index. */
  text: string;
  /** Column name → the model attribute that declares it, when they differ (Sequelize `field`). */
  attributes: Record<string, string>;
}

export type ModelKind = 'sequelize' | 'sql' | 'snapshot' | 'command';

/** A model that failed: a file that could not be loaded, or a table the server refused. */
export interface ModelFailure {
  file: string;
  line: number | null;
  table: string | null;
  message: string;
}

/** What applying the model to a scratch schema produced, besides the schema itself. */
export interface AppliedModel {
  kind: ModelKind;
  /** Table name → where it is defined. */
  sources: Record<string, TableSource>;
  failures: ModelFailure[];
  /** The model files that were read, for reports. */
  files: string[];
}
