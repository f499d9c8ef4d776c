import path from 'node:path';
import { chainFiles, isMigrationFile } from './chain/load.js';
import { chainTool } from './chain/tool.js';
import { isStep } from './chain/types.js';
import { oneImage, resultOf, type CheckOptions } from './check.js';
import type { Config } from './config/types.js';
import { provision } from './database/provision.js';
import { whileServerRuns, type Server } from './database/server.js';
import { ConfigError } from './errors.js';
import { findingsOf } from './findings/collect.js';
import { judge } from './findings/judge.js';
import { liveFindings, type LiveEvidence } from './findings/live.js';
import { runUpgrade, type UpgradeResult } from './history/upgrade.js';
import { compareStage, inspect, type Inspection } from './inspect.js';
import { copyStructure } from './live/copy.js';
import { locate } from './live/locate.js';
import { positionOf, type Position } from './live/position.js';
import { readLive, serverIdentity, type LiveDatabase } from './live/read.js';
import { liveTarget, type LiveTarget } from './live/target.js';
import { hasModel, type ModelComparison } from './model/compare.js';
import { hostSetup, ProjectHost } from './project/host.js';
import type { CheckResult, LiveReport } from './result.js';
import { describeFlavor } from './schema/flavor.js';
import { adoptRunTimeDefaults } from './schema/frozen.js';
import { schemaReader } from './schema/reader.js';
import type { Schema } from './schema/types.js';

/**
 * Reads a running database (read-only), and answers before a deploy: where it is in the chain, whether
 * its schema is what the chain gives there (hand-made changes, a half-applied migration), whether the
 * pending migrations run on it (on a copy of its schema on the scratch server), and whether the model
 * fits what it will be after them.
 */
export async function live(config: Config, options: CheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const phase = options.phase ?? ((_name, work) => work());
  const target = liveTarget(config);
  if (config.database?.password) options.secret?.(config.database.password);
  if (config.tool.kind !== 'umzug')
    throw new ConfigError(
      (name) =>
        `live reads which migrations a database recorded in umzug's table; with ${name.runner} ${config.tool.kind}, use check`,
      { option: 'runner' },
    );
  const tool = chainTool(config);
  const paths = await tool.find(config.cwd);
  const database = await phase(`Read the live database ${target.label}`, () => readLive(target, config.metaTable));
  log(
    `live: ${describeFlavor(database.flavor)}, ${database.tables.length} table(s), ${database.recorded?.length ?? 'no'} recorded migration(s), read in ${database.roundTrips} round trip(s)`,
  );
  // as loadChain makes entries of them: the replay's entries and these line up, step for step
  const files = chainFiles(paths);
  const position = positionOf(
    database.recorded ?? [],
    files.map((file) => path.basename(file)),
  );
  if (database.recorded === null && database.tables.length > 0)
    throw new ConfigError(
      (name) =>
        `${target.label} has tables but no ${config.metaTable}: set ${name.metaTable} to the table its migrations are recorded in (sequelize-cli's migrationStorageTableName)`,
      { option: 'metaTable' },
    );
  // the path the database takes: what it ran, then what a deploy runs
  const ordered = [...position.applied, ...position.pending].map((i) => files[i]!);
  const scratchConfig: Config = {
    ...config,
    database: config.scratch,
    charset: config.charset ?? database.defaults.charset,
    collation: config.collation ?? database.defaults.collation,
    irreversible: [],
    minimumDowngrade: null,
    base: null,
    seed: null,
  };

  await using host = new ProjectHost(hostSetup(config), config.stepTimeoutMs);
  await host.prepare();
  const serverStarted = performance.now();
  await using owned = options.server
    ? null
    : await phase('Start the scratch server', () =>
        provision({
          credentials: config.scratch,
          image: config.scratch ? config.mysqlImages[0]! : oneImage(config, 'live'),
          log,
        }),
      );
  const server = options.server ?? owned!;
  const serverMs = performance.now() - serverStarted;
  if (config.scratch && !options.server && (await serverIdentity(server.admin)) === database.identity)
    throw new ConfigError(
      (name) =>
        `${name.scratchUrl} reaches the server ${name.databaseUrl} names, under another name: live only reads that one and replays elsewhere; give another server, or none for a container`,
      { option: 'scratchUrl' },
    );
  if (server.credentials.password) options.secret?.(server.credentials.password);
  log(`scratch server: ${server.flavor.raw} (${server.origin})`);
  const secret = options.secret ?? (() => {});
  const seen = await inspect({
    config: scratchConfig,
    paths: [...ordered, ...paths.filter((file) => !isMigrationFile(file))],
    tree: null,
    tool,
    host,
    server,
    upOnly: true,
    withModel: false,
    phase,
    log,
    secret,
  });
  const deployStarted = performance.now();
  const copied = await phase('Run the pending migrations on a copy of the live schema', () =>
    whileServerRuns(
      server,
      () => 'the copy of the live schema',
      () => deploy({ server, host, seen, config: scratchConfig, database, target, position }),
    ),
  );
  const upgradeMs = performance.now() - deployStarted;
  const modelStarted = performance.now();
  const model =
    hasModel(config) && copied.result.schema
      ? await compareStage({
          server,
          host,
          config: scratchConfig,
          env: seen.env,
          phase,
          result: copied.result.schema,
          snapshotOf: copied.read,
        })
      : null;
  const modelMs = performance.now() - modelStarted;

  const evidence = liveEvidence(seen, target, config, position, copied, model);
  const findings = [...findingsOf(seen.evidence, config), ...liveFindings(evidence, config)];
  const gaps = [...seen.coverage.gaps, ...liveGaps(evidence, copied, config, model)];
  const coverage = {
    ...seen.coverage,
    tables: model && { compared: model.compared.length, model: model.info.tables.length },
    gaps,
  };
  const judged = judge(
    findings,
    {
      waivers: { irreversible: [], unsafe: [] },
      ignore: config.ignore,
      severities: config.severity,
      mask: seen.mask,
      baseline: null,
    },
    gaps,
  );
  const notes = [...seen.notes, ...copied.notes, ...liveNotes(config, database, server)];
  const result = resultOf(config, server, { ...seen, coverage, model }, judged, null, notes, {
    serverMs,
    totalMs: performance.now() - started,
  });
  return {
    ...result,
    timings: { ...result.timings, upgradeMs, modelMs },
    live: liveReport(evidence, database, position, copied, upgradeMs),
  };
}

interface Deployed {
  /** The live schema as its copy reads on the scratch server, before the pending migrations. */
  before: Schema;
  /** The pending migrations run on the copy: the first that failed, and the schema after them. */
  result: UpgradeResult;
  /** The pending steps, in order (indexes into the chain's entries). */
  pending: number[];
  /** Whether they ran: not when one of them cannot be loaded. */
  ran: boolean;
  notes: string[];
  read: (schema: string) => Promise<Schema>;
}

/**
 * Recreates the live schema in the chain's scratch schema (the project's code was told of that one), reads
 * it, and runs the pending migrations on it as the deploy will.
 */
async function deploy(input: {
  server: Server;
  host: ProjectHost;
  seen: Inspection;
  config: Config;
  database: LiveDatabase;
  target: LiveTarget;
  position: Position;
}): Promise<Deployed> {
  const { server, seen, config } = input;
  const schema = seen.schema;
  const options = { exclude: [config.metaTable, ...config.ignoreTables], startedMs: Date.now() };
  const read = async (name: string) => (await schemaReader(server, name, options)()).schema;
  await server.emptySchema(schema);
  const notes = await copyStructure(server, schema, input.database, input.target.schema, config.ignoreTables);
  const before = await read(schema);
  const entries = seen.evidence.entries;
  const applied = input.position.applied.length;
  // the entries of orphan .down.sql files come after the steps, and are no step of the deploy
  const pending = input.position.pending.map((_, i) => applied + i);
  const steps = pending.map((i) => entries[i]!).filter(isStep);
  if (steps.length < pending.length)
    return { before, result: { failure: null, schema: null, data: null, ms: 0 }, pending, ran: false, notes, read };
  await using session = await input.host.openSession(schema);
  // the app's own connections still hold what the replay left in their sessions
  await session.renew();
  const result = await runUpgrade(
    { steps, released: 0, seed: null },
    {
      context: session.step,
      killQueries: () => session.killQueries(),
      settle: (ms) => session.settle(ms),
      statements: () => session.statements(),
      stepTimeoutMs: config.stepTimeoutMs,
      snapshot: () => read(schema),
      tablesWithRows: async () => [],
      readRows: async () => [],
      log: (message) => void message,
    },
  );
  return { before, result, pending, ran: true, notes, read };
}

function liveEvidence(
  seen: Inspection,
  target: LiveTarget,
  config: Config,
  position: Position,
  copied: Deployed,
  model: ModelComparison | null,
): LiveEvidence {
  const entries = seen.evidence.entries;
  const snapshots = seen.replay.replayed.snapshots;
  const applied = position.applied.length;
  const failure = copied.result.failure;
  return {
    target: target.label,
    metaTable: config.metaTable,
    entries,
    applied,
    missing: position.missing,
    behind: position.behind.map((i) => applied + position.pending.indexOf(i)),
    snapshots,
    // placed among the schemas the replay went through, up to the recorded position and the step after it
    state:
      snapshots.length > applied ? locate(snapshots, adoptRunTimeDefaults(copied.before, snapshots), applied) : null,
    deploy: failure && { step: copied.pending[failure.step]!, kind: failure.kind, failure: failure.failure },
    model: model && { applied: model.applied, differences: model.differences },
  };
}

/** What a live run could not check, with why: each fails the run. */
function liveGaps(evidence: LiveEvidence, copied: Deployed, config: Config, model: ModelComparison | null): string[] {
  const gaps: string[] = [];
  if (evidence.state === null)
    gaps.push('the live schema was not compared with the chain: the replay did not reach the recorded position');
  if (!copied.ran) gaps.push('the pending migrations were not run on the live schema: one cannot be loaded');
  // whatever stopped it: a failed deploy is a finding a team may weigh down, the comparison still did not run
  if (hasModel(config) && model === null)
    gaps.push(
      `the model was not compared${copied.result.failure ? ': the pending migrations fail on the live schema' : ''}`,
    );
  return gaps;
}

/** What the reader should know of how the live run went that is no finding. */
function liveNotes(config: Config, database: LiveDatabase, server: Server): string[] {
  const notes: string[] = [];
  const [live, scratch] = [database.flavor, server.flavor];
  if (live.kind !== scratch.kind || live.version[0] !== scratch.version[0] || live.version[1] !== scratch.version[1])
    notes.push(
      `The live database runs ${describeFlavor(live)}, the scratch server ${describeFlavor(scratch)}: a pending migration may behave otherwise there; set the scratch image to the live version.`,
    );
  if (!hasModel(config)) notes.push('No model given: the schema after the deploy was not compared with a model.');
  return notes;
}

function liveReport(
  evidence: LiveEvidence,
  database: LiveDatabase,
  position: Position,
  copied: Deployed,
  ms: number,
): LiveReport {
  const name = (i: number) => evidence.entries[i]!.name;
  const state = evidence.state;
  const failure = evidence.deploy;
  return {
    database: evidence.target,
    server: database.flavor,
    tables: database.tables.length,
    views: database.views.length,
    recorded: database.recorded?.length ?? 0,
    newest: evidence.applied > 0 ? name(evidence.applied - 1) : null,
    pending: copied.pending.map(name),
    missing: position.missing,
    state: state && {
      at: state.at === 0 ? null : name(state.at - 1),
      halfApplied: state.partial && name(state.partial.step),
      drift: state.drift.length,
      asRecorded: state.at === evidence.applied,
    },
    deploy: { steps: copied.pending.length, ran: copied.ran, failed: failure && name(failure.step), ms },
    reads: { roundTrips: database.roundTrips, ms: database.ms },
  };
}
