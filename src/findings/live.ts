import { isStep, type LoadFailure, type Step } from '../chain/types.js';
import type { LiveState } from '../live/locate.js';
import type { AppliedModel } from '../model/types.js';
import type { StepFailure } from '../replay/types.js';
import type { Difference } from '../schema/diff.js';
import type { Schema } from '../schema/types.js';
import { subject } from './describe.js';
import { driftFindings, modelFindings, type Strictness } from './make.js';
import { unplaced, type Finding, type Sides } from './types.js';

/** What `live` saw of a running database, as plain data: what its findings are made from. */
export interface LiveEvidence {
  /** `user@host:port/schema`. */
  target: string;
  metaTable: string;
  /** The chain's migrations in the order the database runs them: those it recorded, then the pending ones. */
  entries: (Step | LoadFailure)[];
  /** How many of `entries` the database recorded. */
  applied: number;
  /** Recorded names no file has. */
  missing: string[];
  /** Pending entries (indexes) that sort before the newest recorded one. */
  behind: number[];
  /** The replay's schema after 0, 1, … of `entries`, as far as it got. */
  snapshots: Schema[];
  /** Where the live schema stands among `snapshots`; null when the replay did not get that far. */
  state: LiveState | null;
  /** The first pending migration that failed on the copy of the live schema (index into `entries`). */
  deploy: { step: number; kind: 'failed' | 'timeout'; failure: StepFailure } | null;
  /** The model against the schema the database will have after the deploy. */
  model: { applied: AppliedModel; differences: Difference[] } | null;
}

const LIVE_SIDES: Sides = { expected: 'migrations', actual: 'live database' };
const STEP_SIDES: Sides = { expected: 'migration', actual: 'live database' };
const DEPLOYED_SIDES: Sides = { expected: 'model', actual: 'live database after the deploy' };

/** Every finding of a live run's own, made in one place from what it saw. */
export function liveFindings(evidence: LiveEvidence, strictness: Strictness): Finding[] {
  const steps = evidence.entries.slice(0, Math.max(0, evidence.snapshots.length - 1)) as Step[];
  return [
    ...evidence.missing.map((name) => missingFinding(name, evidence)),
    ...evidence.behind.map((i) => behindFinding(evidence.entries[i]!, evidence)),
    ...(evidence.state ? stateFindings(evidence.state, evidence, steps, strictness) : []),
    ...(evidence.deploy ? [deployFinding(evidence.deploy, evidence)] : []),
    ...(evidence.model ? modelFindings(evidence.model.applied) : []),
    ...(evidence.model
      ? driftFindings(
          notHandMade(evidence.model.differences, evidence.state),
          evidence.model.applied,
          { snapshots: evidence.snapshots, steps },
          strictness,
          DEPLOYED_SIDES,
        )
      : []),
  ];
}

function missingFinding(name: string, evidence: LiveEvidence): Finding {
  return {
    kind: 'missing-migration',
    severity: 'warning',
    message: `${evidence.target} ran ${name} (it is in ${evidence.metaTable}), but no migration file has that name: it was deleted or renamed, and a renamed one runs again under its new name`,
    ...unplaced(),
    migration: name,
  };
}

function behindFinding(entry: Step | LoadFailure, evidence: LiveEvidence): Finding {
  const newest = evidence.entries[evidence.applied - 1]!;
  return {
    kind: 'out-of-order',
    severity: 'warning',
    message: `${entry.name} is pending on ${evidence.target} but sorts before ${newest.name}, which it ran: the deploy runs it after that one, a fresh database before it`,
    ...unplaced(),
    file: entry.file,
    line: isStep(entry) ? entry.upLine : null,
    migration: entry.name,
    direction: 'up',
  };
}

/** Where the schema stands against what the meta table says, a half-applied migration, and hand-made changes. */
function stateFindings(state: LiveState, evidence: LiveEvidence, steps: Step[], strictness: Strictness): Finding[] {
  const findings: Finding[] = [];
  const after = (k: number) => (k === 0 ? 'no migration' : steps[k - 1]!.name);
  if (state.at !== evidence.applied) {
    const recorded = steps[evidence.applied - 1];
    const looks = state.partial ? `${after(state.at)} and part of ${steps[state.at]!.name}` : after(state.at);
    findings.push({
      kind: 'live-position',
      severity: 'error',
      message: `${evidence.target} records ${evidence.applied} migration(s) in ${evidence.metaTable}${recorded ? `, up to ${recorded.name}` : ''}, but its schema is what the chain gives after ${looks}`,
      ...unplaced(),
      file: recorded?.file ?? null,
      line: recorded?.upLine ?? null,
      migration: recorded?.name ?? null,
    });
  }
  if (state.partial) {
    const step = steps[state.partial.step]!;
    findings.push({
      kind: 'half-applied',
      severity: 'error',
      message: `${evidence.target} looks half-applied at ${step.name}: it has ${list(state.partial.done)} of its changes, and lacks ${list(state.partial.lacking)}`,
      ...unplaced(),
      file: step.file,
      line: step.upLine,
      migration: step.name,
      direction: 'up',
      // what the step would have made, against what the database has
      differences: state.partial.lacking,
      sides: STEP_SIDES,
    });
  }
  const attribution = { snapshots: evidence.snapshots.slice(0, state.at + 1), steps };
  const drift = driftFindings(state.drift, { sources: {} }, attribution, strictness, LIVE_SIDES);
  findings.push(
    ...drift.map((finding) => (finding.kind === 'drift' ? { ...finding, kind: 'live-drift' as const } : finding)),
  );
  return findings;
}

function deployFinding(deploy: NonNullable<LiveEvidence['deploy']>, evidence: LiveEvidence): Finding {
  const step = evidence.entries[deploy.step] as Step;
  const how = deploy.kind === 'timeout' ? 'would not finish' : 'would fail';
  return {
    kind: 'upgrade-error',
    severity: 'error',
    message: `${step.name} ${how} on ${evidence.target} as it is (run on a copy of its schema, without rows): ${deploy.failure.message}`,
    ...unplaced(),
    file: deploy.failure.file,
    line: deploy.failure.line ?? step.upLine,
    migration: step.name,
    direction: 'up',
  };
}

/**
 * The model's differences from the deployed schema, but those about an object changed by hand: that is
 * one defect, reported as live drift where its cause is.
 */
function notHandMade(differences: Difference[], state: LiveState | null): Difference[] {
  const object = (difference: Difference) => JSON.stringify([difference.table, difference.object, difference.name]);
  const handMade = new Set((state?.drift ?? []).map(object));
  return differences.filter((difference) => !handMade.has(object(difference)));
}

function list(differences: Difference[]): string {
  const subjects = [...new Set(differences.map(subject))];
  return subjects.length > 4
    ? `${subjects.slice(0, 4).join(', ')} and ${subjects.length - 4} more`
    : subjects.join(', ');
}
