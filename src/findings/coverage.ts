import type { StepReport } from '../replay/types.js';

/** How much of the chain and the model the check really ran and compared. */
export interface Coverage {
  /** Migrations in the chain. */
  steps: number;
  /** Steps that ran (and, for down and re-up, were judged) in each pass. */
  up: number;
  down: number;
  reup: number;
  /** What each pass should run: --minimum-downgrade keeps steps out of down and re-up; a snapshot runs up only. */
  expected: { up: number; down: number; reup: number };
  /** Model tables compared with the chain's, out of the model's; null without a model. */
  tables: { compared: number; model: number } | null;
  /**
   * Why something went unchecked; empty when everything was. A check with a gap never passes, whatever a
   * baseline, an ignore rule or a severity accepts: those accept differences, never "not checked".
   */
  gaps: string[];
}

export interface CoverageInput {
  steps: StepReport[];
  /** Steps --minimum-downgrade keeps applied through the down pass. */
  keep: number;
  upOnly: boolean;
  /** A model was given; `tables` is null when it was not compared. */
  modelGiven: boolean;
  tables: Coverage['tables'];
  /** Gaps found elsewhere: an upgrade path that could not run. */
  unchecked?: string[];
}

const JUDGED = new Set(['ok', 'mismatch']);

export function coverageOf({ steps, keep, upOnly, modelGiven, tables, unchecked = [] }: CoverageInput): Coverage {
  const n = steps.length;
  const ranUp = steps.filter((step) => step.up.outcome === 'ok');
  const judged = (phase: 'down' | 'reup') => steps.filter((step) => JUDGED.has(step[phase].outcome)).length;
  const expected = { up: n, down: upOnly ? 0 : n - keep, reup: upOnly ? 0 : n - keep };
  const gaps: string[] = [];
  const unloaded = steps.filter((step) => step.up.outcome === 'not-loaded').length;
  if (unloaded > 0) gaps.push(`${unloaded} migration(s) could not be loaded`);
  if (ranUp.length < n) gaps.push(`the up pass ran ${ranUp.length} of ${n} migration(s)`);
  else if (!upOnly) {
    // a step that failed or has no down was judged (it is a finding); one that never ran was not
    const unrun = (phase: 'down' | 'reup') => steps.slice(keep).filter((step) => step[phase].outcome === 'skipped');
    if (unrun('down').length > 0) gaps.push(`the down pass did not run ${unrun('down').length} migration(s)`);
    if (unrun('reup').length > 0) gaps.push(`the re-up pass did not run ${unrun('reup').length} migration(s)`);
  }
  if (modelGiven && tables === null) gaps.push('the model was not compared');
  gaps.push(...unchecked);
  return { steps: n, up: ranUp.length, down: judged('down'), reup: judged('reup'), expected, tables, gaps };
}

/** "up 7/7, down 7/7, re-up 7/7; 3 of 3 model table(s) compared", for reports. */
export function describeCoverage(coverage: Coverage): string {
  const { expected } = coverage;
  const passes = [`up ${coverage.up}/${expected.up}`];
  if (expected.down > 0 || coverage.down > 0) passes.push(`down ${coverage.down}/${expected.down}`);
  if (expected.reup > 0 || coverage.reup > 0) passes.push(`re-up ${coverage.reup}/${expected.reup}`);
  const tables = coverage.tables && `; ${coverage.tables.compared} of ${coverage.tables.model} model table(s) compared`;
  return `${passes.join(', ')}${tables ?? ''}`;
}
