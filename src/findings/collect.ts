import type { Collision } from '../chain/duplicates.js';
import type { LoadFailure, Step } from '../chain/types.js';
import type { AppliedModel } from '../model/types.js';
import type { LateFailure } from '../project/protocol.js';
import type { ReviewEvidence } from '../history/review.js';
import type { ReplayResult, StepProblem } from '../replay/types.js';
import type { Difference } from '../schema/diff.js';
import type { Schema } from '../schema/types.js';
import { reviewFindings } from './history.js';
import { safetyFindings, type SafetyEvidence } from './safety.js';
import {
  collisionFindings,
  driftFindings,
  fallbackFinding,
  frozenDefaultFindings,
  lateFindings,
  modelFindings,
  replayFindings,
  type Strictness,
} from './make.js';
import type { Finding } from './types.js';

/** Everything a check saw, as plain data: the one input findings are made from. */
export interface Evidence {
  entries: (Step | LoadFailure)[];
  collisions: Collision[];
  problems: StepProblem[];
  /** Columns whose default is the time their migration ran. */
  frozen: { table: string; column: string; step: number }[];
  /** What a full read saw that the incremental snapshots had not, when the replay had to run again. */
  suspect: ReplayResult['suspect'];
  review: ReviewEvidence | null;
  /** The model compared with the chain's result: its differences and where each table came from. */
  model: { applied: AppliedModel; differences: Difference[]; snapshots: Schema[]; steps: Step[] } | null;
  /** What the project's code did outside any step's time. */
  late: LateFailure[];
  /** The new migrations' statements as the server measured them; null when none were probed. */
  safety: SafetyEvidence | null;
}

/** Every finding of a check, made in one place from what it saw. */
export function findingsOf(evidence: Evidence, strictness: Strictness): Finding[] {
  const { entries, model } = evidence;
  return [
    ...collisionFindings(evidence.collisions),
    ...replayFindings(evidence.problems, entries, strictness),
    ...frozenDefaultFindings(evidence.frozen, entries),
    ...(evidence.suspect === null ? [] : [fallbackFinding(evidence.suspect)]),
    ...(evidence.review ? reviewFindings(evidence.review, strictness) : []),
    ...(model ? modelFindings(model.applied) : []),
    ...(model
      ? driftFindings(model.differences, model.applied, { snapshots: model.snapshots, steps: model.steps }, strictness)
      : []),
    ...lateFindings(evidence.late, entries),
    ...(evidence.safety ? safetyFindings(evidence.safety, entries) : []),
  ];
}
