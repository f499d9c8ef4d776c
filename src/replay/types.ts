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
  /** True when every step went up in the first pass: the last snapshot is the chain's result. */
  complete: boolean;
  /**
   * Set when a full read at the end of a pass did not give what the incremental snapshots had: what
   * differed. The replay stopped there; its verdicts cannot be trusted.
   */
  suspect: string | null;
  /** How many snapshots were taken, and the time they took. */
  snapshotCount: number;
  snapshotMs: number[];
}
