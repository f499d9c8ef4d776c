import type { StepContext } from '../chain/types.js';
import type { Direction, ServerError } from '../errors.js';
import type { Difference } from '../schema/diff.js';
import type { Schema } from '../schema/types.js';

/**
 * How one direction of one step went: ok; failed (threw); timeout; mismatch (ran, but did not give the
 * expected schema); irreversible (no down); not-loaded (its file could not be loaded); skipped (not run
 * because an earlier problem made it meaningless).
 */
export type Outcome = 'ok' | 'failed' | 'timeout' | 'mismatch' | 'irreversible' | 'not-loaded' | 'skipped';

export interface PhaseResult {
  outcome: Outcome;
  ms: number | null;
}

/** One row of the chain table: a migration and how each phase went. */
export interface StepReport {
  name: string;
  file: string;
  up: PhaseResult;
  down: PhaseResult;
  reup: PhaseResult;
  /** What the migration's code printed while it ran, in every pass ('' for nothing). */
  log: string;
}

/** A statement a step sent, and the error the server returned to it (null when it ran). */
export interface StepStatement {
  sql: string;
  error: string | null;
}

export interface StepFailure {
  message: string;
  /** Where in the migration it failed, when known. */
  file: string;
  line: number | null;
  server: ServerError | null;
  /** Cut short by another migration's code (reported on that one), not its own. */
  interrupted?: boolean;
}

/** Something a step did wrong, judged on the change that step makes alone. */
export type StepProblem =
  | { kind: 'not-loaded'; step: number; failure: StepFailure }
  | {
      kind: 'failed' | 'timeout';
      step: number;
      direction: Direction;
      failure: StepFailure;
      statements: StepStatement[];
    }
  | {
      kind: 'mismatch';
      step: number;
      direction: 'down' | 're-up';
      differences: Difference[];
      statements: StepStatement[];
    }
  /** The server refused a statement and the step went on: it caught the error (`.catch(() => 'done')`). */
  | { kind: 'swallowed'; step: number; direction: Direction; statement: StepStatement }
  | { kind: 'irreversible'; step: number }
  /** The schema could not be rebuilt to judge the rest of a pass: it was cut short at this step. */
  | { kind: 'unchecked'; step: number; direction: 'down' | 're-up'; reason: string };

export interface ReplayResult {
  steps: StepReport[];
  problems: StepProblem[];
  /** Schema after 0, 1, … steps of the first up pass, as far as it got. */
  snapshots: Schema[];
  /** What each step's first up sent, as far as the pass got. */
  firstUp: StepStatement[][];
  /** True when every step went up in the first pass: the last snapshot is the chain's result. */
  complete: boolean;
  /**
   * Set when a full read at the end of a pass did not give what the incremental snapshots had: which pass
   * and what differed (expected: the full read). The replay stopped there; its verdicts cannot be trusted.
   */
  suspect: { pass: 'up' | 'down' | 're-up'; differences: Difference[] } | null;
  /** How many snapshots were taken, and the time they took. */
  snapshotCount: number;
  snapshotMs: number[];
}

/** What ran the chain: umzug with a Sequelize or mysql2 context, or a tool's commands. */
export type ChainKind = 'sequelize' | 'mysql2' | 'alembic' | 'command';

/**
 * The connections a chain runs on, as the replay uses them (project/host.ts runs them in the project's
 * worker).
 */
export interface ReplaySession extends AsyncDisposable {
  kind: ChainKind;
  /** What the gate passes to the steps it runs here: the session's number stands for its context. */
  step: StepContext;
  /** Waits until the session's queries are done, for at most `ms`. */
  settle(ms: number): Promise<void>;
  /** The statements the steps sent since the last call, in order, each with the server's error if it refused it. */
  statements(): StepStatement[];
  /**
   * Starts every connection that runs the chain afresh, as production runs each migration on a session of
   * its own: the server kills every connection in the session's schema (the app's own, which the gate
   * cannot reach otherwise, included), and the session opens new ones. Temporary tables, user variables
   * and session settings (FOREIGN_KEY_CHECKS, sql_mode, time_zone) a step left behind are gone.
   */
  renew(): Promise<void>;
  /** Kills the session's queries and stops the step's code for good (after a step timed out). */
  killQueries(): Promise<void>;
  /** What the steps printed since the last call. */
  output(): string;
}
