import path from 'node:path';
import { chainTool, type ChainTool } from './chain/tool.js';
import type { Config } from './config/types.js';
import { provision } from './database/provision.js';
import type { Server } from './database/server.js';
import { ConfigError, InfraError } from './errors.js';
import { baselineOf, type BaselineEntry } from './findings/baseline.js';
import { mergeEngines } from './findings/engines.js';
import { findingsOf } from './findings/collect.js';
import { judge, type Policy } from './findings/judge.js';
import { checkoutBase, type BaseTree } from './history/git.js';
import { inspect, type Inspection } from './inspect.js';
import { hostFor } from './project/hosts.js';
import type { CheckResult } from './result.js';

export type { CheckResult } from './result.js';

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
  /** Told what the stages saw on one server (`generate` plans from the chain's end and the model). */
  inspected?: (seen: Inspection) => void;
  /**
   * Given each server's result while that server is still up, and awaited before it is disposed (the
   * action's `generate` proves its proposal on the server the check started, not on one more).
   */
  checked?: (result: CheckResult, server: Server, seen: Inspection) => Promise<void>;
}

/**
 * Replays the chain on a throwaway (or given) server, compares the result with the model, and judges
 * what it saw by the project's policy; on each server at once when several images are given. Stages live
 * where inspect.ts calls them; judging in findings/.
 */
export async function check(config: Config, options: CheckOptions = {}): Promise<CheckResult> {
  if (config.tls)
    throw new ConfigError(
      (name) =>
        `${name.databaseUrl} has ?ssl-mode=, which only live uses: the server a check replays on is a local or services: one`,
      { option: 'databaseUrl' },
    );
  const started = performance.now();
  const images = options.server ? config.mysqlImages.slice(0, 1) : config.mysqlImages;
  if (images.length > 1 && config.database)
    throw new ConfigError(
      (name) =>
        `${name.mysqlImage} lists ${images.length} images, but ${name.databaseUrl} gives one server to check on: give one image, or leave out ${name.databaseUrl} to start a container of each`,
      { option: 'mysqlImage' },
    );
  if (options.upOnly) oneImage(config, 'snapshot');
  const tool = chainTool(config);
  const paths = await tool.find(config.cwd);
  await using tree = config.base === null ? null : await checkoutBase(config.cwd, config.base);
  // awaited here: the tree is disposed when this function returns
  if (images.length === 1) return await checkOn(config, images[0]!, { paths, tree, tool }, options);
  const runs = await Promise.allSettled(
    images.map((image) => checkOn(config, image, { paths, tree, tool }, onEngine(options, image))),
  );
  const failed = runs.flatMap((run, i) => (run.status === 'rejected' ? [onImage(images[i]!, run.reason)] : []));
  if (failed.length > 0) throw failed[0];
  const results = runs.map((run, i) => ({
    image: images[i]!,
    result: (run as PromiseFulfilledResult<CheckResult>).value,
  }));
  return mergeEngines(results, performance.now() - started);
}

/** What stopped the check on one engine of several, saying which: a project's own error is every engine's. */
function onImage(image: string, error: unknown): unknown {
  if (!(error instanceof InfraError)) return error;
  return new InfraError((name) => `on ${image}: ${error.describe(name)}`, { cause: error });
}

/** The one image of a command that runs on one server; an error naming the option when several are given. */
export function oneImage(config: Config, command: string): string {
  if (config.mysqlImages.length > 1)
    throw new ConfigError(
      (name) =>
        `${name.mysqlImage} lists ${config.mysqlImages.length} images (${config.mysqlImages.join(', ')}), but ${command} runs on one server: give one image (check takes several)`,
      { option: 'mysqlImage' },
    );
  return config.mysqlImages[0]!;
}

/**
 * One engine's progress among several, its lines named by its image. Its phases are lines too: phases of
 * engines that run at once cannot nest as a terminal's status line or a log's groups do.
 */
function onEngine(options: CheckOptions, image: string): CheckOptions {
  const log = (message: string) => options.log?.(`[${image}] ${message}`);
  return {
    ...options,
    log,
    phase: (name, work) => {
      log(name);
      return work();
    },
  };
}

/** The check on one server: started from `image` unless one is given (options.server, --database-url). */
async function checkOn(
  config: Config,
  image: string,
  { paths, tree, tool }: { paths: string[]; tree: BaseTree | null; tool: ChainTool },
  options: CheckOptions,
): Promise<CheckResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const phase = options.phase ?? ((_name, work) => work());
  // The project's code runs in a worker of its own (project/host.ts), or the tool's processes, prepared while
  // the server starts.
  await using host = hostFor(config, tool);
  const serverStarted = performance.now();
  let serverMs = 0;
  // What the start logs is held until the project is known to load: one that does not prints its error alone.
  const held: string[] = [];
  let holding = true;
  const starting = options.server
    ? null
    : provision({
        credentials: config.database,
        image,
        log: (message) => void (holding ? held.push(message) : log(message)),
      }).then((started) => {
        serverMs = performance.now() - serverStarted;
        return started;
      });
  // awaited below, after the project is prepared: a failure to start meanwhile is not unhandled
  starting?.catch(() => {});
  try {
    await host.prepare();
  } catch (error) {
    // a project that cannot load is the error; the server started for it is not left behind
    await (await starting?.catch(() => null))?.[Symbol.asyncDispose]();
    throw error;
  }
  await using owned =
    starting &&
    (await phase('Start the database server', () => {
      holding = false;
      held.forEach((message) => log(message));
      return starting;
    }));
  const server = options.server ?? owned!;
  if (server.credentials.password) options.secret?.(server.credentials.password);
  log(`server: ${server.flavor.raw} (${server.origin})`);
  const secret = options.secret ?? (() => {});
  const seen = await inspect({
    config,
    paths,
    tree,
    tool,
    host,
    server,
    upOnly: options.upOnly ?? false,
    withModel: true,
    phase,
    log,
    secret,
  });
  options.inspected?.(seen);
  const baseline =
    config.newOnly && tree
      ? await phase(`Check the base commit ${tree.sha.slice(0, 7)} (new findings only)`, () =>
          baseFindings(config, tree, server, tool, log),
        )
      : config.baseline && { label: path.relative(config.cwd, config.baseline.file), entries: config.baseline.entries };
  const judged = judge(findingsOf(seen.evidence, config), policyOf(config, seen, baseline), seen.coverage.gaps);
  const notes = [...seen.notes];
  if (judged.fixed.length > 0 && !config.newOnly)
    notes.push(
      `${judged.fixed.length} known finding(s) of the baseline no longer occur: run \`migration-gate baseline\` to shrink it.`,
    );
  const result = resultOf(
    config,
    server,
    seen,
    judged,
    baseline && { label: baseline.label, fixed: judged.fixed },
    notes,
    { serverMs, totalMs: performance.now() - started },
  );
  await options.checked?.(result, server, seen);
  return result;
}

function policyOf(config: Config, seen: Inspection, baseline: Policy['baseline']): Policy {
  return {
    waivers: { irreversible: config.irreversible, unsafe: config.unsafe },
    ignore: config.ignore,
    severities: config.severity,
    mask: seen.mask,
    baseline: baseline || null,
    runner: config.tool.kind,
  };
}

/**
 * --new-only: the base commit's own findings, from the same stages on its tree and the same server, judged
 * by the same policy, as the baseline, so that only what the pull request introduces fails.
 */
async function baseFindings(
  config: Config,
  tree: BaseTree,
  server: Server,
  tool: ChainTool,
  log: (message: string) => void,
): Promise<{ label: string; entries: BaselineEntry[] }> {
  const label = `the base commit ${tree.sha.slice(0, 7)}`;
  const base = { ...config, cwd: tree.projectDir, base: null, seed: null, newOnly: false, baseline: null };
  // the base's chain unread is an error (released() says why); one without migrations yet has no findings
  const paths = await tool.released(base.cwd);
  if (paths.length === 0) return { label, entries: [] };
  try {
    await using host = hostFor(base, tool);
    await host.prepare();
    const seen = await inspect({
      config: base,
      paths,
      tree: null,
      tool,
      host,
      server,
      upOnly: false,
      withModel: true,
      phase: (_name, work) => work(),
      log: (message) => log(`base: ${message}`),
      secret: () => {},
    });
    const judged = judge(findingsOf(seen.evidence, base), policyOf(base, seen, null), seen.coverage.gaps);
    return { label, entries: baselineOf(judged.findings).findings };
  } catch (error) {
    // a base with no tables yet (nothing to compare) has no findings: everything is new
    if (error instanceof ConfigError) return { label, entries: [] };
    throw error;
  }
}

/** The result of a check from what its stages saw and how it was judged (`live` adds its own part). */
export function resultOf(
  config: Config,
  server: Server,
  seen: Pick<Inspection, 'replay' | 'model' | 'coverage' | 'mask' | 'loadLog' | 'history' | 'probe' | 'timings'>,
  judged: ReturnType<typeof judge>,
  baseline: { label: string; fixed: BaselineEntry[] } | null,
  notes: string[],
  timings: { serverMs: number; totalMs: number },
): CheckResult {
  const { replayed, kind, reads } = seen.replay;
  const sorted = [...replayed.snapshotMs].sort((a, b) => a - b);
  return {
    verdict: judged.verdict,
    server: { flavor: server.flavor, origin: server.origin },
    context: kind,
    cwd: config.cwd,
    steps: replayed.steps.map((step) => ({ ...step, log: seen.mask(step.log) })),
    findings: judged.findings,
    model: seen.model?.info ?? null,
    schema: replayed.complete ? replayed.snapshots.at(-1)! : null,
    compared: seen.model?.compared ?? [],
    coverage: seen.coverage,
    loadLog: seen.mask(seen.loadLog),
    notes: notes.map(seen.mask),
    history: seen.history,
    probe: seen.probe && {
      ...seen.probe,
      statements: seen.probe.statements.map((statement) => ({ ...statement, sql: seen.mask(statement.sql) })),
    },
    baseline: baseline && {
      label: baseline.label,
      known: judged.findings.filter((finding) => finding.known).length,
      fixed: baseline.fixed,
    },
    timings: { ...timings, ...seen.timings },
    live: null,
    engines: null,
    snapshots: { count: sorted.length, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), reads },
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
