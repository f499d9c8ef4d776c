import type { BaselineEntry } from './findings/baseline.js';
import type { Coverage } from './findings/coverage.js';
import type { Finding } from './findings/types.js';
import type { Generated } from './generate.js';
import type { HistoryReport } from './history/review.js';
import type { ModelKind } from './model/types.js';
import type { ProbeReport } from './probe/stage.js';
import type { ChainKind, StepReport } from './replay/types.js';
import type { Snapshots } from './schema/incremental.js';
import type { Flavor, Schema } from './schema/types.js';

/** What a check found: the one thing the reports, the exit code and the library read. */
export interface CheckResult {
  /** pass: no error finding, and everything was checked (`coverage.gaps` is empty). */
  verdict: 'pass' | 'fail';
  server: { flavor: Flavor; origin: string };
  context: ChainKind;
  cwd: string;
  steps: StepReport[];
  findings: Finding[];
  model: { kind: ModelKind; files: string[]; tables: string[] } | null;
  /** The chain's resulting schema (after the first up pass), or null when it did not run to its end. */
  schema: Schema | null;
  /** Tables compared between the chain's result and the model. */
  compared: string[];
  /** How much of the chain and the model was checked, and what was not. */
  coverage: Coverage;
  /** What the project's code printed while its modules loaded (a step's own output is in its `log`). */
  loadLog: string;
  /** Things the reader should know that are not findings, e.g. a phase that was skipped. */
  notes: string[];
  /**
   * The baseline that was applied (the file, or the base commit's own findings with --new-only): how many
   * findings it knew, and its entries that no longer occur.
   */
  baseline: { label: string; known: number; fixed: BaselineEntry[] } | null;
  /** --base and --seed: the history, upgrade-path and data checks; null when neither was asked for. */
  history: HistoryReport | null;
  /** --base or --lint-all: the new migrations' statements as the server measured them; null when none were probed. */
  probe: ProbeReport | null;
  timings: {
    serverMs: number;
    replayMs: number;
    upgradeMs: number;
    probeMs: number;
    modelMs: number;
    totalMs: number;
  };
  /** `live`: the database it read, where it stands in the chain, and what the deploy will do; null for a check. */
  live: LiveReport | null;
  /** Snapshots taken, their time, and how many read the whole schema, some tables, or nothing. */
  snapshots: { count: number; p50Ms: number; p95Ms: number; reads: Snapshots['reads'] };
  /**
   * A check on several engines (`--mysql-image a,b`): each one's verdict and own result, in the order
   * given; null on one. The findings above are then theirs merged, each with the engines it occurred on.
   */
  engines: EngineRun[] | null;
  /** The action's `generate`: the migration that closes the drift; absent when not asked for or none was needed. */
  proposal?: Proposal;
}

/** A migration that closes the drift, proposed beside the findings (`migration-gate generate --dry-run`). */
export interface Proposal extends Omit<Generated, 'outcome'> {
  /** printed: proven; skipped: every change destructive; unproven: the chain with it did not pass. */
  outcome: Extract<Generated['outcome'], 'printed' | 'skipped' | 'unproven'>;
  /** The server it was proven on. */
  server: string;
  /** The page to download it from: the uploaded artifact's; null when it was not uploaded. */
  artifact: string | null;
}

/** The check on one engine of several. */
export interface EngineRun {
  /** The image, as given. */
  image: string;
  /** The server it ran, e.g. "MariaDB 11.8.3" (the image where two would read alike). */
  label: string;
  verdict: 'pass' | 'fail';
  errors: number;
  warnings: number;
  /** Its own part of the result; its findings are those of the whole result that name its image. */
  result: EngineResult;
}

export type EngineResult = Pick<
  CheckResult,
  'server' | 'steps' | 'coverage' | 'notes' | 'timings' | 'snapshots' | 'probe' | 'history'
>;

/** What `live` found of a running database, beside its findings. */
export interface LiveReport {
  /** `user@host:port/schema`. */
  database: string;
  server: Flavor;
  tables: number;
  views: number;
  /** Names in its meta table. */
  recorded: number;
  /** The newest migration of the chain it recorded; null for none. */
  newest: string | null;
  /** What a deploy runs, in order. */
  pending: string[];
  /** Recorded names no file has. */
  missing: string[];
  /** Where its schema stands among the chain's; null when the replay did not get that far. */
  state: {
    /** The migration after which the chain gives the schema it has (or nearly: see drift); null: before the first. */
    at: string | null;
    /** The migration it has part of, when one failed midway. */
    halfApplied: string | null;
    /** Differences no migration explains. */
    drift: number;
    /** Whether that is where the meta table says it is. */
    asRecorded: boolean;
  } | null;
  /** The pending migrations run on a copy of its schema: how many, whether they ran, the first that failed, the time. */
  deploy: { steps: number; ran: boolean; failed: string | null; ms: number };
  /** What reading it took: round trips to the server, and time. */
  reads: { roundTrips: number; ms: number };
}
