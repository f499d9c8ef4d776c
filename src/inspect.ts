import { findCollisions } from './chain/duplicates.js';
import { stepsKept } from './chain/kept.js';
import { isStep } from './chain/types.js';
import type { Config } from './config/types.js';
import { mask, placeholdersFor, projectEnvironment } from './database/environment.js';
import { countTables, whileServerRuns, type Server } from './database/server.js';
import { ConfigError } from './errors.js';
import type { Evidence } from './findings/collect.js';
import { coverageOf, type Coverage } from './findings/coverage.js';
import type { BaseTree } from './history/git.js';
import { reviewHistory, type HistoryReport } from './history/review.js';
import { compareWithModel, hasModel, type ModelComparison } from './model/compare.js';
import type { ChainHost } from './project/hosts.js';
import type { ChainTool } from './chain/tool.js';
import { replayChain, type ChainReplay } from './replay/run.js';
import type { CheckResult } from './result.js';
import { readBaseModel } from './model/base.js';
import { ddlCopier, type TableDdl } from './probe/run.js';
import { probeStage, stepsToProbe, type ProbeReport } from './probe/stage.js';
import { frozenDefaults } from './schema/frozen.js';
import type { RecordedDdl } from './schema/incremental.js';
import { schemaReader } from './schema/reader.js';
import type { Schema } from './schema/types.js';

/** What the stages of a check on one tree saw: the evidence findings are made from, and the rest a report shows. */
export interface Inspection {
  /** The scratch schema the chain ran in (and the project's code was told of). */
  schema: string;
  /** The --env variables, naming that schema, as the project's code has them. */
  env: Record<string, string>;
  evidence: Evidence;
  replay: ChainReplay;
  model: ModelComparison | null;
  history: HistoryReport | null;
  /** What the new migrations' statements cost on this server; null when none were probed. */
  probe: ProbeReport | null;
  coverage: Coverage;
  notes: string[];
  loadLog: string;
  /** Hides the secrets of this run in anything a report shows. */
  mask: (text: string) => string;
  timings: Pick<CheckResult['timings'], 'replayMs' | 'upgradeMs' | 'probeMs' | 'modelMs'>;
}

export interface InspectInput {
  config: Config;
  /** The chain's files, found before anything started. */
  paths: string[];
  tree: BaseTree | null;
  /** Finds and names the chain's migrations (the base's too). */
  tool: ChainTool;
  host: ChainHost;
  server: Server;
  upOnly: boolean;
  /** Compare the chain's result with the model (`live` compares the database it reads instead). */
  withModel: boolean;
  phase: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  log: (message: string) => void;
  secret: (value: string) => void;
}

/**
 * The stages of a check on one tree, in order: load the chain, replay it, review its history, compare it
 * with the model. Each stage returns plain data; nothing here judges it.
 */
export async function inspect(input: InspectInput): Promise<Inspection> {
  const { config, server, host, phase, log } = input;
  const startedMs = Date.now();
  const schema = await server.createScratchSchema('chain', config);
  const environment = projectEnvironment(config.env, placeholdersFor(server.credentials, schema));
  environment.secrets.forEach(input.secret);
  await host.connect(server, environment.variables);
  const chain = await phase('Load the migration chain', () => host.loadChain(input.paths, config.cwd));
  const steps = chain.entries.filter(isStep);
  const keep = stepsKept(chain.entries, config);
  log(`${chain.entries.length} migration(s), ${chain.entries.length - steps.length} not loadable`);
  const reader = { exclude: [config.metaTable, ...config.ignoreTables], startedMs };
  const snapshotOf = async (name: string) => (await schemaReader(server, name, reader)()).schema;
  // the probe tries a step's statements on a copy of the schema as the step found it: copied on the way
  const probing = input.upOnly ? new Set<number>() : await stepsToProbe(config, chain.entries, input.tree, input.tool);
  const ddl = new Map<number, TableDdl[]>();
  let captureMs = 0;
  // the DDL the snapshots read as they went: the probe's copies are made from it
  const recorded: RecordedDdl = new WeakMap();
  const copy = ddlCopier(server.admin, schema, recorded);
  const beforeUp = async (i: number, before: Schema) => {
    if (!probing.has(i)) return;
    // a tool's steps are judged from their snapshots alone: no copy to try statements on
    if (!input.tool.watched) return void ddl.set(i, []);
    const started = performance.now();
    ddl.set(i, await copy(before));
    captureMs += performance.now() - started;
  };

  let clock = performance.now();
  const lap = () => -clock + (clock = performance.now());
  let position = 'the replay';
  const replayed = await phase(input.upOnly ? 'Run the chain up' : 'Replay up, down, up', () =>
    whileServerRuns(
      server,
      () => position,
      () =>
        replayChain({
          server,
          openSession: (name) => host.openSession(name),
          chain,
          schema,
          read: schemaReader(server, schema, reader),
          config,
          keep,
          upOnly: input.upOnly,
          log,
          onStep: (direction, name) => void (position = `${direction} of ${name}`),
          beforeUp,
          recorded,
        }),
    ),
  );
  const { complete, snapshots } = replayed.replayed;
  if (!input.tool.watched) await reachedScratch(config, server, schema, replayed);
  // the probe's copies of the schema were made during the replay: counted as the probe's time
  const replayMs = lap() - captureMs;

  const review = input.upOnly
    ? null
    : await phase('Check the history, upgrade path and data', () =>
        whileServerRuns(
          server,
          () => 'the upgrade path',
          () =>
            reviewHistory({
              server,
              host,
              tree: input.tree,
              tool: input.tool,
              schema,
              reset: () => server.emptySchema(schema),
              config,
              paths: input.paths,
              chain,
              fresh: complete ? snapshots.at(-1)! : null,
              snapshotOf: (name) => () => snapshotOf(name),
              log,
            }),
        ),
      );
  const upgradeMs = lap();

  const modelGiven = input.withModel && hasModel(config);
  const model =
    modelGiven && complete
      ? await compareStage({
          server,
          host,
          config,
          env: environment.variables,
          phase,
          result: snapshots.at(-1)!,
          snapshotOf,
        })
      : null;
  const modelMs = lap();

  const { tree } = input;
  const probed =
    ddl.size === 0
      ? null
      : await phase('Probe the new migrations on the server', () =>
          whileServerRuns(
            server,
            () => 'the probe of the new migrations',
            () =>
              probeStage({
                server,
                config,
                measures: input.tool.watched,
                schema,
                entries: chain.entries,
                replayed: replayed.replayed,
                ddl,
                captureMs,
                baseModel: () =>
                  tree
                    ? readBaseModel({ config, tree, server, snapshotOf, head: model, env: environment.variables })
                    : Promise.resolve(null),
                headModel: model?.expected ?? null,
                log,
              }),
          ),
        );
  // copying the schemas ran during the replay: the probe's time has it too
  const probeMs = lap() + captureMs;

  const compiler = await host.compiler();
  const secrets = environment.secrets;
  return {
    schema,
    env: environment.variables,
    evidence: {
      entries: chain.entries,
      collisions: chain.collisions ?? findCollisions(input.paths.filter((file) => !file.endsWith('.down.sql'))),
      problems: replayed.replayed.problems,
      frozen: frozenDefaults(snapshots),
      suspect: replayed.suspect,
      review: review?.evidence ?? null,
      model: model && { applied: model.applied, differences: model.differences, snapshots, steps },
      // read last: anything the project's code did until now, the compiler request included
      late: host.lateFailures(),
      safety: probed?.evidence ?? null,
    },
    replay: replayed,
    model,
    history: review?.report ?? null,
    probe: probed?.report ?? null,
    coverage: coverageOf({
      steps: replayed.replayed.steps,
      keep,
      upOnly: input.upOnly,
      modelGiven,
      tables: model && { compared: model.compared.length, model: model.info.tables.length },
      unchecked: review?.unchecked ? [review.unchecked] : [],
    }),
    notes: [
      ...passNotes(config),
      ...(review?.notes ?? []),
      ...(probed?.notes ?? []),
      ...(input.withModel ? modelNotes(config, complete) : []),
      ...(compiler ? [`TypeScript: ${compiler}`] : []),
    ],
    loadLog: host.loadOutput(),
    mask: (text) => mask(text, secrets),
    timings: { replayMs, upgradeMs, probeMs, modelMs },
  };
}

/** The model applied on the server and compared with `result` (the chain's, or the live database's after the deploy). */
export function compareStage(input: {
  server: Server;
  host: ChainHost;
  config: Config;
  env: Record<string, string>;
  phase: InspectInput['phase'];
  result: Schema;
  snapshotOf: (schema: string) => Promise<Schema>;
}): Promise<ModelComparison> {
  const { server, host } = input;
  return input.phase('Apply the model and compare', () =>
    whileServerRuns(
      server,
      () => 'the model',
      () =>
        compareWithModel({
          server,
          applyModels: (name, modelPath) => host.applyModels(name, modelPath),
          config: input.config,
          env: input.env,
          result: input.result,
          snapshotOf: input.snapshotOf,
        }),
    ),
  );
}

/**
 * A tool's steps ran, but none of them wrote to the scratch schema: the tool connected elsewhere (an
 * env.py that reads its URL from alembic.ini, a forgotten --env), and a replay of an untouched schema would
 * pass. Each tool writes its version table, at least, where it works.
 */
async function reachedScratch(config: Config, server: Server, schema: string, replay: ChainReplay): Promise<void> {
  const ran = replay.replayed.steps.filter((step) => step.up.outcome === 'ok').length;
  if (ran === 0 || (await countTables(server.admin, schema)) > 0) return;
  throw new ConfigError(
    (name) =>
      `${ran} step(s) of ${name.runner} ${config.tool.kind} ran, and the scratch schema ${schema} has no table${config.tool.kind === 'alembic' ? `, not even ${config.metaTable}` : ''}: the tool works on another database. Point it at the scratch schema through ${name.env} (e.g. DATABASE_URL={url}, read by env.py)`,
    { option: 'env' },
  );
}

/** What the reader should know of how the passes ran that is no finding. */
function passNotes(config: Config): string[] {
  const notes: string[] = [];
  if (config.minimumDowngrade !== null)
    notes.push(
      `The down pass stopped after ${config.minimumDowngrade}, the minimum downgrade: older migrations were not reverted.`,
    );
  for (const waiver of config.irreversible) notes.push(`${waiver.migration} is marked irreversible: ${waiver.reason}.`);
  return notes;
}

function modelNotes(config: Config, complete: boolean): string[] {
  if (!hasModel(config)) return ['No model given: the chain was checked, not compared with a model.'];
  return complete ? [] : ['The model was not compared: the chain did not run to its end.'];
}
