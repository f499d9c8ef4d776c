import type { BaselineEntry } from './findings/baseline.js';
import type { Coverage } from './findings/coverage.js';
import type { Finding } from './findings/types.js';
import type { HistoryReport } from './history/review.js';
import type { ModelKind } from './model/types.js';
import type { StepReport } from './replay/types.js';
import type { Snapshots } from './schema/incremental.js';
import type { Flavor, Schema } from './schema/types.js';

/** What a check found: the one thing the reports, the exit code and the library read. */
export interface CheckResult {
  /** pass: no error finding, and everything was checked (`coverage.gaps` is empty). */
  verdict: 'pass' | 'fail';
  server: { flavor: Flavor; origin: string };
  context: 'sequelize' | 'mysql2';
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
  timings: { serverMs: number; replayMs: number; upgradeMs: number; modelMs: number; totalMs: number };
  /** Snapshots taken, their time, and how many read the whole schema, some tables, or nothing. */
  snapshots: { count: number; p50Ms: number; p95Ms: number; reads: Snapshots['reads'] };
}
