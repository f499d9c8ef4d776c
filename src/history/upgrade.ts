import type { Step } from '../chain/types.js';
import { compareRows } from '../data/compare.js';
import type { DataCheck, TableRows } from '../data/types.js';
import { ConfigError } from '../errors.js';
import { Runner, type RunnerEnvironment } from '../replay/runner.js';
import type { StepFailure } from '../replay/types.js';
import type { Schema } from '../schema/types.js';

/** The migrations in the order an existing database runs them, and where seeded rows come in. */
export interface UpgradePath {
  steps: Step[];
  /** How many of `steps` are the base's chain (0 without a base). */
  released: number;
  /** The seed, run after the first `after` steps. */
  seed: { step: Step; after: number } | null;
}

export interface UpgradeEnvironment extends RunnerEnvironment {
  snapshot(): Promise<Schema>;
  /** Tables that hold rows (the seeded ones, right after the seed). */
  tablesWithRows(): Promise<string[]>;
  readRows(tables: string[]): Promise<TableRows[]>;
  log?: (message: string) => void;
}

export interface UpgradeResult {
  /** The step of `path.steps` that failed, with how. */
  failure: { step: number; kind: 'failed' | 'timeout'; failure: StepFailure } | null;
  /** The schema at the end of the path; null when a step failed. */
  schema: Schema | null;
  data: DataCheck | null;
  ms: number;
}

/**
 * Runs the path up, one step at a time, as production would: the base's chain, the seed, then the
 * pull request's new migrations. After the seed, the seeded tables' rows are read after every step and
 * compared with the step before, so that a loss is charged to the step that caused it.
 */
export async function runUpgrade(path: UpgradePath, env: UpgradeEnvironment): Promise<UpgradeResult> {
  const started = performance.now();
  const runner = new Runner(path.steps, env);
  let data: DataCheck | null = null;
  let rows: TableRows[] = [];
  const seedAt = path.seed?.after ?? -1;
  for (let i = 0; i <= path.steps.length; i++) {
    if (i === seedAt && path.seed) {
      rows = await seed(path.seed.step, env);
      data = {
        seed: path.seed.step.file,
        after: i === 0 ? null : path.steps[i - 1]!.name,
        steps: path.steps.length - i,
        tables: rows.map((table) => ({ table: table.table, seeded: table.rows.length, final: table.rows.length })),
        losses: [],
      };
    }
    if (i === path.steps.length) break;
    const step = path.steps[i]!;
    env.log?.(`upgrade path ${i + 1}/${path.steps.length} ${step.name}`);
    const result = await runner.run(step, 'up');
    if (result.problem)
      return {
        failure: { step: i, kind: result.problem.kind, failure: result.problem.failure },
        schema: null,
        data,
        ms: performance.now() - started,
      };
    if (data && rows.length > 0) rows = await measure(rows, i, data, env);
  }
  return { failure: null, schema: await env.snapshot(), data, ms: performance.now() - started };
}

/** Runs the seed; a seed that fails is bad input, not a finding: the user's fixture does not fit. */
async function seed(step: Step, env: UpgradeEnvironment): Promise<TableRows[]> {
  const result = await new Runner([step], env).run(step, 'up');
  const problem = result.problem;
  if (problem)
    throw new ConfigError((name) => `${name.seed} ${step.file} failed: ${problem.failure.message}`, {
      option: 'seed',
      file: step.file,
    });
  const tables = await env.tablesWithRows();
  if (tables.length === 0)
    throw new ConfigError((name) => `${name.seed} ${step.file} inserted no rows: nothing to check`, {
      option: 'seed',
      file: step.file,
    });
  return env.readRows(tables);
}

/** Compares the seeded tables after step `i` with before it, and records what the step lost. */
async function measure(before: TableRows[], i: number, data: DataCheck, env: UpgradeEnvironment): Promise<TableRows[]> {
  const after = await env.readRows(before.map((table) => table.table));
  const byName = new Map(after.map((table) => [table.table, table]));
  for (const table of before) {
    const now = byName.get(table.table);
    const entry = data.tables.find((item) => item.table === table.table)!;
    entry.final = now ? now.rows.length : null;
    if (now) data.losses.push(...compareRows(table, now).map((loss) => ({ step: i, loss })));
  }
  return after;
}
