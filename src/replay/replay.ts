import { isStep, type Chain, type Step } from '../chain/types.js';
import type { Direction } from '../errors.js';
import { diffSchemas, differenceKey, isCosmetic, type Difference } from '../schema/diff.js';
import type { Schema } from '../schema/types.js';
import { Runner, type RunnerEnvironment } from './runner.js';
import type { PhaseResult, ReplayResult, StepProblem, StepReport, StepStatement } from './types.js';

/** What the replay needs from the outside world. */
export interface ReplayEnvironment extends RunnerEnvironment {
  /** Reads the chain schema's current structure; `expected` is what it should be, when that is known. */
  snapshot(expected?: Schema): Promise<Schema>;
  /** Drops everything in the chain schema, to rebuild it in place. */
  reset(): Promise<void>;
  /** Only the first up pass, e.g. to take a snapshot of the chain's result. */
  upOnly?: boolean;
  /**
   * How many steps stay applied through the down pass (--minimum-downgrade): the down pass stops there
   * and the re-up pass starts there. 0 by default: down to an empty schema.
   */
  keep?: number;
  log?: (message: string) => void;
  /** Called before each step's first up, with the schema as that step finds it (to copy it for the probe). */
  beforeUp?: (index: number, before: Schema) => Promise<void>;
  /** Told of each step before it runs (for a message that says where the run was when the server stopped). */
  onStep?: (direction: Direction, name: string) => void;
  /** What the project's code printed since the last call, kept with the step that printed it. */
  output?: () => string;
  /**
   * Starts every connection the chain runs on afresh (temporary tables, session variables): production
   * runs each migration in a new process, so one pass must not see what another left in its session.
   */
  fresh?: () => Promise<void>;
  /** Compares the last snapshot with a full read of the schema (expected: the full read): what differs. */
  verify?: () => Promise<Difference[]>;
}

class Aborted extends Error {}

/**
 * Replays the chain one step at a time: (a) up each step, snapshotting after each; (b) down each,
 * newest first, which must give back the snapshot before that step; (c) up again, which must give back
 * the first pass's snapshots. Each step is judged on the change it makes alone: after a step leaves the
 * wrong schema, the schema is rebuilt in place before the next step is judged, and in the re-up pass a
 * difference already present before a step is not charged to it.
 */
export async function replay(chain: Chain, env: ReplayEnvironment): Promise<ReplayResult> {
  const entries = chain.entries;
  const steps: StepReport[] = entries.map((entry) => ({
    name: entry.name,
    file: entry.file,
    up: skipped(),
    down: skipped(),
    reup: skipped(),
    log: '',
  }));
  const problems: StepProblem[] = [];
  const snapshotMs: number[] = [];
  const snapshot = async (expected?: Schema) => {
    const started = performance.now();
    const schema = await env.snapshot(expected);
    snapshotMs.push(performance.now() - started);
    return schema;
  };
  /** What differs now from the schema a step should have given back. */
  const against = async (expected: Schema) => diffSchemas(expected, await snapshot(expected));
  const runner = new Runner(entries.filter(isStep), env);
  let sent: StepStatement[] = [];
  const swallowed = new Set<string>();
  /** Runs one step and records how it went; true when it ran without throwing. */
  const attempt = async (i: number, direction: Direction): Promise<boolean> => {
    const result = await runner.run(entries[i] as Step, direction);
    keepOutput(i);
    sent = result.statements;
    // cut short by another migration's code (whose finding it is): this step's phase was not judged, a gap
    const interrupted = result.problem?.failure.interrupted === true;
    const phase = interrupted ? { ...result.phase, outcome: 'skipped' as const } : result.phase;
    steps[i]![direction === 'up' ? 'up' : direction === 'down' ? 'down' : 'reup'] = phase;
    if (!result.problem) {
      keepSwallowed(i, direction, sent);
      return true;
    }
    if (!interrupted) problems.push({ ...result.problem, step: i, statements: sent });
    if (result.problem.kind === 'timeout') throw new Aborted();
    return false;
  };
  /** Errors a step that went on caught: once each, though every pass runs the step again. */
  const keepSwallowed = (i: number, direction: Direction, statements: StepStatement[]) => {
    for (const statement of statements.filter((item) => item.error !== null)) {
      const key = JSON.stringify([i, statement.sql, statement.error]);
      if (swallowed.has(key)) continue;
      swallowed.add(key);
      problems.push({ kind: 'swallowed', step: i, direction, statement });
    }
  };
  /** A full read at the end of a pass: when the incremental snapshots missed something, stop here. */
  let suspect: ReplayResult['suspect'] = null;
  const verify = async (pass: 'up' | 'down' | 're-up') => {
    if (!env.verify) return;
    // the pass may have ended on a step that failed halfway (DDL is not transactional): the snapshot
    // compared must be of the schema as it is now
    await env.snapshot();
    const differences = await env.verify();
    if (differences.length === 0) return;
    suspect = { pass, differences };
    throw new Aborted();
  };
  const announce = (direction: Direction, i: number) => {
    env.onStep?.(direction, entries[i]!.name);
    env.log?.(`${direction} ${i + 1}/${entries.length} ${entries[i]!.name}`);
  };
  const keepOutput = (i: number) => {
    const output = env.output?.();
    if (output) steps[i]!.log += output;
  };
  const snapshots = [await snapshot()];
  const firstUp: StepStatement[][] = [];
  let upCount = 0;
  try {
    // (a) up, one step at a time
    for (const [i, entry] of entries.entries()) {
      if (!isStep(entry)) {
        steps[i]!.up = { outcome: 'not-loaded', ms: null };
        problems.push({ kind: 'not-loaded', step: i, failure: { ...entry, server: null } });
        break;
      }
      await env.beforeUp?.(i, snapshots.at(-1)!);
      announce('up', i);
      const went = await attempt(i, 'up');
      firstUp[i] = sent;
      if (!went) break;
      snapshots.push(await snapshot());
      upCount = i + 1;
    }
    await verify('up');
    if (env.upOnly) throw new Aborted();
    await env.fresh?.();
    let clean = upCount === entries.length || steps[upCount]?.up.outcome === 'not-loaded';

    // (b) down, newest first; step i must turn snapshots[i + 1] back into snapshots[i]
    const keep = Math.min(env.keep ?? 0, upCount);
    for (let i = upCount - 1; i >= keep; i--) {
      const step = entries[i] as Step;
      if (!clean) {
        const failure = await rebuild(i + 1);
        if (failure) {
          problems.push({ kind: 'unchecked', step: i, direction: 'down', reason: failure });
          break;
        }
      }
      announce('down', i);
      if (!step.down) {
        steps[i]!.down = { outcome: 'irreversible', ms: null };
        problems.push({ kind: 'irreversible', step: i });
        clean = false;
        continue;
      }
      if (!(await attempt(i, 'down'))) {
        clean = false;
        continue;
      }
      const differences = await against(snapshots[i]!);
      clean = differences.length === 0;
      if (!clean) {
        steps[i]!.down.outcome = 'mismatch';
        problems.push({ kind: 'mismatch', step: i, direction: 'down', differences, statements: sent });
      }
    }
    await verify('down');
    await env.fresh?.();

    // (c) up again; step i must give back snapshots[i + 1]. Each step starts from the schema its first
    // up started from (the down pass proved it), so only a nondeterministic step can differ: run the
    // pass through and compare its end, and go step by step only when the end differs.
    let failure = clean ? null : await rebuild(keep);
    if (failure) problems.push({ kind: 'unchecked', step: keep, direction: 're-up', reason: failure });
    const through = failure ? 'failed' : await reupThrough(keep);
    if (through === 'different') {
      failure = await rebuild(keep);
      if (failure) problems.push({ kind: 'unchecked', step: keep, direction: 're-up', reason: failure });
    }
    let inherited = new Set<string>();
    for (let i = keep; i < (through !== 'different' || failure ? keep : upCount); i++) {
      announce('re-up', i);
      if (!(await attempt(i, 're-up'))) break;
      const differences = await against(snapshots[i + 1]!);
      const introduced = differences.filter((difference) => !inherited.has(differenceKey(difference)));
      inherited = new Set(differences.map(differenceKey));
      if (introduced.length > 0) {
        steps[i]!.reup.outcome = 'mismatch';
        problems.push({ kind: 'mismatch', step: i, direction: 're-up', differences: introduced, statements: sent });
      }
    }
    await verify('re-up');
  } catch (error) {
    if (!(error instanceof Aborted)) throw error;
  }
  return {
    steps,
    problems,
    snapshots,
    firstUp,
    complete: upCount === entries.length,
    suspect,
    snapshotCount: snapshotMs.length,
    snapshotMs,
  };

  /** Runs the re-up pass through without snapshots, and says whether its end is the first pass's end. */
  async function reupThrough(from: number): Promise<'same' | 'different' | 'failed'> {
    for (let i = from; i < upCount; i++) {
      announce('re-up', i);
      if (!(await attempt(i, 're-up'))) return 'failed';
    }
    return (await against(snapshots[upCount]!)).length === 0 ? 'same' : 'different';
  }

  /**
   * Rebuilds the chain schema in place to the state after `count` steps by running them up again from
   * empty. Returns why that failed, or null. Names and column order may differ (nondeterministic
   * migrations, judged in the re-up pass); anything else means the state cannot be had again.
   */
  async function rebuild(count: number): Promise<string | null> {
    env.log?.(`rebuilding the schema to its state after ${count} step(s)`);
    await env.reset();
    await env.fresh?.();
    runner.forget();
    for (const [i, step] of (entries.slice(0, count) as Step[]).entries()) {
      const result = await runner.run(step, 'up');
      keepOutput(i);
      if (result.problem?.kind === 'timeout') throw new Aborted();
      if (result.problem) return `running ${step.name} up again failed: ${result.problem.failure.message}`;
    }
    const differences = (await against(snapshots[count]!)).filter((difference) => !isCosmetic(difference));
    return differences.length === 0
      ? null
      : `running the first ${count} migration(s) up again gave another schema (${differences.length} difference(s), e.g. ${differences[0]!.table}${differences[0]!.name ? `.${differences[0]!.name}` : ''} ${differences[0]!.attribute ?? differences[0]!.kind})`;
  }
}

const skipped = (): PhaseResult => ({ outcome: 'skipped', ms: null });
