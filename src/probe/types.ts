import type { Algorithm } from './statement.js';

/** What the server chose for one statement: the cheapest way it accepted, and why not a cheaper one. */
export interface Measured {
  /** As the step sent it. */
  sql: string;
  table: string;
  algorithm: Algorithm;
  /** Writes go on while it runs (LOCK=NONE was accepted, or it is INSTANT). */
  online: boolean;
  /** The table was rebuilt: a COPY, or an INPLACE change after which InnoDB's table id is another. */
  rebuild: boolean;
  /** The server's words for refusing the cheaper way; null for INSTANT. */
  reason: string | null;
  /** The statement named its algorithm (`ALGORITHM=COPY`): that one was run, not the cheapest. */
  asWritten: boolean;
}

/** A statement the probe ran but could not measure, and why. */
export interface Unmeasured {
  sql: string;
  why: string;
}

/** How the probe went for one step: its statements, tried on a copy of the schema as it was before it. */
export interface StepProbe {
  /** The step's index in the chain. */
  step: number;
  measured: Measured[];
  unmeasured: Unmeasured[];
  /** Tables the step empties (TRUNCATE), whether or not the probe got to them. */
  truncated: string[];
  /** What the step's statements rename, old name to new: `table`, or `table.column`. */
  renamed: [string, string][];
  /** A statement the copy refused though the chain ran it: the rest of the step went unprobed. */
  stopped: { sql: string; message: string } | null;
}
