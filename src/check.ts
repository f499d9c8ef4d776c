import path from 'node:path';
import { findCollisions } from './chain/duplicates.js';
import { findMigrations } from './chain/load.js';
import { isStep } from './chain/types.js';
import type { Config } from './config/types.js';
import { mask, placeholdersFor, projectEnvironment } from './database/environment.js';
import { hostSetup, ProjectHost } from './project/host.js';
import { provision } from './database/provision.js';
import { qualified, type Server } from './database/server.js';
import { ConfigError, InfraError } from './errors.js';
import {
  collisionFindings,
  driftFindings,
  fallbackFinding,
  frozenDefaultFindings,
  lateFindings,
  modelFindings,
  replayFindings,
} from './findings/make.js';
import { applyBaseline, baselineOf, type BaselineEntry } from './findings/baseline.js';
import { coverageOf, type Coverage } from './findings/coverage.js';
import { applyIgnoreRules, applySeverities, applyWaivers, sameMigration } from './findings/ignore.js';
import { describeDifference } from './findings/describe.js';
import { hintFor } from './findings/hints.js';
import { byImportance, type Finding } from './findings/types.js';
import { readSnapshotModel } from './model/snapshot.js';
import { applySqlModel } from './model/sql.js';
import type { AppliedModel, ModelKind } from './model/types.js';
import { checkoutBase, type BaseTree } from './history/git.js';
import { reviewHistory, type HistoryReport } from './history/review.js';
import { replay } from './replay/replay.js';
import type { StepReport } from './replay/types.js';
import { diffSchemas } from './schema/diff.js';
import { frozenDefaults, markRunTimeDefaults } from './schema/frozen.js';
import { incrementalSnapshots, type Snapshots } from './schema/incremental.js';
import { inspectSchema, readDdlCounters } from './schema/inspect.js';
import { noDdl, type DdlCounts } from './schema/touched.js';
import { tableInterner } from './schema/intern.js';
import { dialectOf, normalise } from './schema/normalise/index.js';
import type { Flavor, Schema } from './schema/types.js';

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

export interface CheckOptions {
  /** Progress lines, one per phase and step. */
  log?: (message: string) => void;
  /** Told every secret the run creates (the server password), so that logs can mask it. */
  secret?: (value: string) => void;
  /** Run the chain up once and stop: no down, no re-up (for `snapshot`). */
  upOnly?: boolean;
  /** Announces a phase (start server, load chain, replay, model, compare). */
  phase?: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  /** A server to work on instead of starting one (it is not disposed). */
  server?: Server;
}

/** Replays the chain on a throwaway (or given) server and compares the result with the model. */
export async function check(config: Config, options: CheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const startedWall = Date.now();
  const phase = options.phase ?? ((_name, work) => work());
  const log = options.log ?? (() => {});
  const paths = await findMigrations(config.cwd, config.migrations);
  await using tree = config.base === null ? null : await checkoutBase(config.cwd, config.base);
  // The project's code runs in a worker of its own: see project/host.ts.
  await using host = new ProjectHost(hostSetup(config), config.stepTimeoutMs);
  await host.prepare();
  const serverStarted = performance.now();
  await using owned = options.server
    ? null
    : await phase('Start the database server', () =>
        provision({ databaseUrl: config.databaseUrl, image: config.mysqlImage, log }),
      );
  const server = options.server ?? owned!;
  const serverMs = performance.now() - serverStarted;
  if (server.credentials.password) options.secret?.(server.credentials.password);
  log(`server: ${server.flavor.raw} (${server.origin})`);
  const chainSchema = await server.createScratchSchema('chain', config);
  const environment = projectEnvironment(config.env, placeholdersFor(server.credentials, chainSchema));
  for (const secret of environment.secrets) options.secret?.(secret);
  await host.connect(server, environment.variables);
  const chain = await phase('Load the migration chain', () => host.loadChain(paths, config.cwd));
  const steps = chain.entries.filter(isStep);
  const keep = stepsKept(chain.entries, config);
  log(`${chain.entries.length} migration(s), ${chain.entries.length - steps.length} not loadable`);

  const snapshotOf = (schema: string) => {
    const read = schemaReader(server, schema, config, startedWall);
    return async () => (await read()).schema;
  };
  const replayStarted = performance.now();
  // The chain's statements tell which tables a step changed; see incremental.ts.
  const sent: string[] = [];
  const readChain = schemaReader(server, chainSchema, config, startedWall);
  const snapshots = incrementalSnapshots(
    {
      read: (tables) => readChain(tables, true),
      counters: () => readDdlCounters(server.admin),
      statements: () => sent.splice(0),
    },
    chainSchema,
  );
  let position = 'the replay';
  const result = await phase(options.upOnly ? 'Run the chain up' : 'Replay up, down, up', () =>
    whileServerRuns(
      server,
      () => position,
      async () => {
        await using session = await host.openSession(chainSchema);
        const run = () =>
          replay(chain, {
            context: session.step,
            snapshot: () => snapshots.snapshot(),
            reset: async () => {
              await resetSchema(server, chainSchema);
              snapshots.invalidate();
            },
            killQueries: () => session.killQueries(),
            settle: (ms) => session.settle(ms),
            statements: () => {
              const taken = session.statements();
              sent.push(...taken.map((statement) => statement.sql));
              return taken;
            },
            output: () => session.output(),
            fresh: () => session.renew(),
            verify: async () => {
              const differences = await snapshots.verify();
              return differences.length === 0
                ? null
                : differences.map((difference) => describeDifference(difference, FULL_READ_SIDES)).join('; ');
            },
            stepTimeoutMs: config.stepTimeoutMs,
            upOnly: options.upOnly ?? false,
            keep,
            log,
            onStep: (direction, name) => (position = `${direction} of ${name}`),
          });
        const first = await run();
        if (first.suspect === null) return { kind: session.kind, replayed: first, suspect: null };
        // the snapshots now read whole schemas (see verify): the whole replay again, from empty
        log(`the incremental snapshots differed from a full read ${first.suspect}: replaying with full reads`);
        await resetSchema(server, chainSchema);
        snapshots.invalidate();
        await session.renew();
        return { kind: session.kind, replayed: await run(), suspect: first.suspect };
      },
    ),
  );
  const replayMs = performance.now() - replayStarted;
  const { replayed } = result;
  const findings = [
    ...collisionFindings(findCollisions(paths.filter((file) => !file.endsWith('.down.sql')))),
    ...replayFindings(replayed.problems, chain.entries, config),
    ...frozenDefaultFindings(frozenDefaults(replayed.snapshots), chain.entries),
    ...(result.suspect === null ? [] : [fallbackFinding(result.suspect)]),
  ];
  const notes: string[] = [];
  if (config.minimumDowngrade !== null)
    notes.push(
      `The down pass stopped after ${config.minimumDowngrade}, the minimum downgrade: older migrations were not reverted.`,
    );
  for (const waiver of config.irreversible) notes.push(`${waiver.migration} is marked irreversible: ${waiver.reason}.`);

  const upgradeStarted = performance.now();
  const reviewed = options.upOnly
    ? null
    : await phase('Check the history, upgrade path and data', () =>
        whileServerRuns(
          server,
          () => 'the upgrade path',
          () =>
            reviewHistory({
              server,
              host,
              tree,
              schema: chainSchema,
              reset: () => resetSchema(server, chainSchema),
              config,
              paths,
              chain,
              fresh: replayed.complete ? replayed.snapshots.at(-1)! : null,
              snapshotOf,
              log,
            }),
        ),
      );
  if (reviewed) {
    findings.push(...reviewed.findings);
    notes.push(...reviewed.notes);
  }
  const upgradeMs = performance.now() - upgradeStarted;

  const modelStarted = performance.now();
  let modelInfo: CheckResult['model'] = null;
  let compared: string[] = [];
  if (config.model !== null && !replayed.complete) {
    notes.push('The model was not compared: the chain did not run to its end.');
  } else if (config.model !== null) {
    const modelPath = path.resolve(config.cwd, config.model);
    const model = await phase('Apply the model', () =>
      whileServerRuns(
        server,
        () => 'the model',
        () => readModel(server, host, modelPath, config, snapshotOf),
      ),
    );
    const applied = model.applied;
    const expected = limit(model.schema, config);
    const actual = limit(replayed.snapshots.at(-1)!, config);
    compared = Object.keys(expected.tables).filter((name) => name in actual.tables);
    modelInfo = { kind: applied.kind, files: applied.files, tables: Object.keys(expected.tables) };
    if (Object.keys(expected.tables).length === 0 && Object.keys(actual.tables).length === 0)
      throw new ConfigError(
        (name) =>
          `nothing to compare: the migrations create no table${config.tables ? ` named in ${name.tables}` : ''} and the model ${config.model} defines none`,
        { option: config.tables ? 'tables' : 'model' },
      );
    await phase('Compare with the model', async () => {
      findings.push(...modelFindings(applied));
      const refused = new Set(applied.failures.map((failure) => failure.table));
      const differences = diffSchemas(expected, actual).filter((difference) => !refused.has(difference.table));
      findings.push(...driftFindings(differences, applied, { snapshots: replayed.snapshots, steps }, config));
    });
  } else {
    notes.push('No model given: the chain was checked, not compared with a model.');
  }
  const modelMs = performance.now() - modelStarted;
  const compiler = await host.compiler();
  // read last: anything the project's code did until now, the compiler request included
  findings.push(...lateFindings(host.lateFailures(), chain.entries));
  if (compiler) notes.push(`TypeScript: ${compiler}`);
  const accepted = applySeverities(
    applyIgnoreRules(applyWaivers(findings, config.irreversible), config.ignore),
    config.severity,
  ).map((finding) => ({ ...finding, message: mask(finding.message, environment.secrets) }));
  const baseline =
    config.newOnly && tree
      ? await phase(`Check the base commit ${tree.sha.slice(0, 7)} (new findings only)`, () =>
          checkBase(config, tree, server, log),
        )
      : config.baseline && { label: path.relative(config.cwd, config.baseline.file), entries: config.baseline.entries };
  const known = baseline
    ? applyBaseline(accepted, baseline.entries, baseline.label)
    : { findings: accepted, fixed: [] };
  const judged = known.findings.sort(byImportance).map((finding) => ({ ...finding, hint: hintFor(finding) }));
  if (known.fixed.length > 0 && !config.newOnly)
    notes.push(
      `${known.fixed.length} known finding(s) of the baseline no longer occur: run \`migration-gate baseline\` to shrink it.`,
    );
  const coverage = coverageOf({
    steps: replayed.steps,
    keep,
    upOnly: options.upOnly ?? false,
    modelGiven: config.model !== null,
    tables: modelInfo && { compared: compared.length, model: modelInfo.tables.length },
    unchecked: reviewed?.unchecked ? [reviewed.unchecked] : [],
  });
  const sorted = [...replayed.snapshotMs].sort((a, b) => a - b);
  return {
    verdict: judged.some((finding) => finding.severity === 'error') || coverage.gaps.length > 0 ? 'fail' : 'pass',
    server: { flavor: server.flavor, origin: server.origin },
    context: result.kind,
    cwd: config.cwd,
    steps: replayed.steps.map((step) => ({ ...step, log: mask(step.log, environment.secrets) })),
    findings: judged,
    model: modelInfo,
    schema: replayed.complete ? replayed.snapshots.at(-1)! : null,
    compared,
    coverage,
    loadLog: mask(host.loadOutput(), environment.secrets),
    notes: notes.map((note) => mask(note, environment.secrets)),
    history: reviewed?.report ?? null,
    baseline: baseline && {
      label: baseline.label,
      known: judged.filter((finding) => finding.known).length,
      fixed: known.fixed,
    },
    timings: { serverMs, replayMs, upgradeMs, modelMs, totalMs: performance.now() - started },
    snapshots: {
      count: sorted.length,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      reads: snapshots.reads,
    },
  };
}

const FULL_READ_SIDES = { expected: 'full read', actual: 'incremental snapshot' };

/**
 * Reads the schema or some of its tables, normalised, sharing unchanged tables with earlier reads; with
 * the server's DDL counters read in the same round trip when asked.
 */
function schemaReader(server: Server, schema: string, config: Config, startedMs: number) {
  const dialect = dialectOf(server.flavor);
  const options = { exclude: [config.metaTable, ...config.ignoreTables], defaultCollations: server.defaultCollations };
  const intern = tableInterner();
  return async (tables?: string[], counters = false): Promise<{ schema: Schema; counters: DdlCounts }> => {
    const raw = await inspectSchema(server.admin, schema, dialect, { tables, counters });
    const normalised = markRunTimeDefaults(normalise(raw, server.flavor, options), startedMs, Date.now());
    return { schema: intern(normalised), counters: raw.counters ?? noDdl() };
  };
}

/**
 * The schema the model describes: Sequelize models or SQL DDL applied to a scratch schema and read back,
 * or a snapshot file read as it is.
 */
async function readModel(
  server: Server,
  host: ProjectHost,
  modelPath: string,
  config: Config,
  snapshotOf: (schema: string) => () => Promise<Schema>,
): Promise<{ schema: Schema; applied: AppliedModel }> {
  if (modelPath.endsWith('.json')) return readSnapshotModel(modelPath);
  const scratch = await server.createScratchSchema('model', config);
  const applied = modelPath.endsWith('.sql')
    ? await applySqlModel(server, scratch, modelPath)
    : await host.applyModels(scratch, modelPath);
  return { schema: await snapshotOf(scratch)(), applied };
}

/**
 * Runs `work`; when it fails because the server stopped (a crash, a killed container), says so, where the
 * run was, and what the server logged last, instead of the error of whatever query noticed first.
 */
async function whileServerRuns<T>(server: Server, where: () => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // a seed or a model that failed because the server went away is not the user's input at fault
    if (error instanceof InfraError) throw error;
    const stopped = await server.stopped();
    if (!stopped) throw error;
    const log = stopped.log ? `; its last log lines:\n${stopped.log}` : '';
    throw new InfraError(`the database server stopped during ${where()}${log}`, { cause: error });
  }
}

/** Drops every table and view of the chain's schema, so that it can be rebuilt in place. */
async function resetSchema(server: Server, schema: string): Promise<void> {
  const [rows] = await server.admin.query(
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [schema],
  );
  const objects = rows as { name: string; type: string }[];
  const quoted = (names: { name: string }[]) => names.map(({ name }) => qualified(schema, name)).join(', ');
  const views = objects.filter((object) => object.type === 'VIEW');
  const tables = objects.filter((object) => object.type !== 'VIEW');
  const statements = ['SET FOREIGN_KEY_CHECKS = 0'];
  if (views.length > 0) statements.push(`DROP VIEW IF EXISTS ${quoted(views)}`);
  if (tables.length > 0) statements.push(`DROP TABLE IF EXISTS ${quoted(tables)}`);
  statements.push('SET FOREIGN_KEY_CHECKS = 1');
  await server.admin.query(statements.join(';\n'));
}

/**
 * How many steps stay applied through the down pass: up to and including --minimum-downgrade. Also checks
 * that every migration named in --irreversible is one of the chain's.
 */
function stepsKept(entries: { name: string }[], config: Config): number {
  for (const waiver of config.irreversible)
    if (!entries.some((entry) => sameMigration(waiver.migration, entry.name)))
      throw new ConfigError((name) => `${name.irreversible} ${waiver.migration} is not a migration of the chain`, {
        option: 'irreversible',
      });
  const name = config.minimumDowngrade;
  if (name === null) return 0;
  const index = entries.findIndex((entry) => sameMigration(name, entry.name));
  if (index === -1)
    throw new ConfigError((names) => `${names.minimumDowngrade} ${name} is not a migration of the chain`, {
      option: 'minimumDowngrade',
    });
  return index + 1;
}

/** Applies --tables to one side of the model comparison. */
function limit(schema: Schema, config: Config): Schema {
  if (!config.tables) return schema;
  const wanted = new Set(config.tables);
  return { tables: Object.fromEntries(Object.entries(schema.tables).filter(([name]) => wanted.has(name))) };
}

/**
 * --new-only: the base commit's own findings, from a check of its tree on the same server, as the
 * baseline, so that only what the pull request introduces fails.
 */
async function checkBase(
  config: Config,
  tree: BaseTree,
  server: Server,
  log: (message: string) => void,
): Promise<{ label: string; entries: BaselineEntry[] }> {
  const label = `the base commit ${tree.sha.slice(0, 7)}`;
  try {
    const base = await check(
      { ...config, cwd: tree.projectDir, base: null, seed: null, newOnly: false, baseline: null },
      { server, log: (message) => log(`base: ${message}`) },
    );
    return { label, entries: baselineOf(base.findings).findings };
  } catch (error) {
    // a base with no migrations or no tables yet has no findings: everything is new
    if (error instanceof ConfigError) return { label, entries: [] };
    throw error;
  }
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
