import type { Collision } from './duplicates.js';

/** What a migration receives: the context object, and for sequelize-cli style the Sequelize class. */
export interface StepContext {
  /** QueryInterface (sequelize) or a mysql2/promise connection (mysql2). */
  context: unknown;
  /** The project's own `Sequelize` class, passed as sequelize-cli passes it; undefined for mysql2. */
  library: unknown;
  /** A connection to the chain's schema for plain SQL migrations. */
  sql: (statement: string) => Promise<void>;
}

export type StepFunction = (context: StepContext) => Promise<void>;

/** One migration of the chain, loaded and ready to run. */
export interface Step {
  /** umzug's name for it: the file's base name. */
  name: string;
  file: string;
  /** For SQL migrations, the separate down file. */
  downFile: string | null;
  up: StepFunction;
  /** Null when the migration has no down: it is irreversible. */
  down: StepFunction | null;
  /** Where `up` and `down` are defined, for annotations. */
  upLine: number | null;
  downLine: number | null;
}

/** A migration file that matched the glob but could not be loaded. */
export interface LoadFailure {
  name: string;
  file: string;
  line: number | null;
  message: string;
}

export interface Chain {
  /** In umzug's order. A failure stands at its place in the chain: the replay stops there. */
  entries: (Step | LoadFailure)[];
  /** What a tool's revision graph says collides (Alembic's heads and merges); umzug's come from file names. */
  collisions?: Collision[];
}

export function isStep(entry: Step | LoadFailure): entry is Step {
  return 'up' in entry;
}
