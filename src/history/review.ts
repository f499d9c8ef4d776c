import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChainTool } from '../chain/tool.js';
import { isStep, type Chain, type Step } from '../chain/types.js';
import type { Config } from '../config/types.js';
import { readRows, tablesWithRows } from '../data/rows.js';
import type { DataCheck } from '../data/types.js';
import type { Server } from '../database/server.js';
import { ConfigError } from '../errors.js';
import { sameMigration } from '../chain/names.js';
import type { ChainHost } from '../project/hosts.js';
import type { Schema } from '../schema/types.js';
import { compareHistory, type History, type MigrationFile } from './changes.js';
import type { BaseTree } from './git.js';
import { runUpgrade, type UpgradePath, type UpgradeResult } from './upgrade.js';

/** What the report shows of the history, upgrade-path and data checks. */
export interface HistoryReport {
  base: { ref: string; sha: string } | null;
  history: History | null;
  /** The upgrade path that ran: base steps, new steps, and its time; null when it did not run. */
  upgrade: { released: number; added: number; ms: number; failed: boolean } | null;
  data: DataCheck | null;
}

/** What the history and upgrade checks saw, for findings/history.ts to judge. */
export interface ReviewEvidence {
  history: History | null;
  /** The upgrade path that ran, with the fresh chain's result to compare with; null when none ran. */
  upgrade: { path: UpgradePath; result: UpgradeResult; fresh: Schema | null; sha: string | null } | null;
}

export interface Review {
  evidence: ReviewEvidence;
  report: HistoryReport;
  notes: string[];
  /** Why the upgrade path went unchecked, when it should have run: a gap. */
  unchecked: string | null;
}

export interface ReviewInput {
  server: Server;
  /** Where the project's code runs (the base's migrations and the seed too). */
  host: ChainHost;
  /** The base commit's files (--base), written out before anything started. */
  tree: BaseTree | null;
  /** Finds the base's chain and names migrations as the runner knows them. */
  tool: ChainTool;
  /**
   * The chain's schema, done with: the upgrade path runs there too, so that a connection the project's
   * code opened to it (--env) stays valid. `reset` empties it.
   */
  schema: string;
  reset: () => Promise<void>;
  config: Config;
  /** The pull request's migration files and chain, and the fresh replay's result (null: incomplete). */
  paths: string[];
  chain: Chain;
  fresh: Schema | null;
  snapshotOf: (schema: string) => () => Promise<Schema>;
  log: (message: string) => void;
}

/**
 * The checks that need more than the chain itself: against the base commit (--base), what the pull
 * request changed in released migrations, and the upgrade path an existing database takes; with --seed,
 * whether seeded rows survive. Returns nothing to do when neither is asked for.
 */
export async function reviewHistory(input: ReviewInput): Promise<Review | null> {
  const { config, tree } = input;
  if (tree === null && config.seed === null) return null;
  const notes: string[] = [];
  const { tool } = input;
  const head = tree ? await readFiles(input.paths, tool) : [];
  const base = tree ? await readBase(tree, config, tool) : null;
  const history = base ? compareHistory(base.files, head, tool.isStep, tool.ordered) : null;
  const report: HistoryReport = {
    base: tree && { ref: tree.ref, sha: tree.sha },
    history,
    upgrade: null,
    data: null,
  };
  const released = base
    ? await loadBase(input.host, tool, base, { chain: input.chain, files: head }, tree!.projectDir)
    : null;
  const plan = await planPath(input, released, history);
  if (typeof plan === 'string') {
    // a chain that did not run to its end is a gap of its own already; anything else is this check's gap
    if (input.fresh === null) notes.push(plan);
    return { evidence: { history, upgrade: null }, report, notes, unchecked: input.fresh === null ? null : plan };
  }
  const { schema } = input;
  await input.reset();
  await using session = await input.host.openSession(schema);
  // the app's own connections still hold what the replay's last pass left in their sessions
  await session.renew();
  const exclude = [config.metaTable, ...config.ignoreTables];
  const result = await runUpgrade(plan, {
    context: session.step,
    killQueries: () => session.killQueries(),
    settle: (ms) => session.settle(ms),
    statements: () => session.statements(),
    stepTimeoutMs: config.stepTimeoutMs,
    snapshot: input.snapshotOf(schema),
    tablesWithRows: () => tablesWithRows(input.server.admin, schema, exclude),
    readRows: (tables) => readRows(input.server.admin, schema, tables),
    log: input.log,
  });
  report.data = result.data;
  if (history)
    report.upgrade = { released: plan.released, added: history.added.length, ms: result.ms, failed: !!result.failure };
  const upgrade = { path: plan, result, fresh: input.fresh, sha: tree?.sha ?? null };
  return { evidence: { history, upgrade }, report, notes, unchecked: null };
}

interface BaseFiles {
  /** In the base tree. */
  paths: string[];
  /** Named by where they were in the working tree. */
  files: MigrationFile[];
}

async function readBase(tree: BaseTree, config: Config, tool: ChainTool): Promise<BaseFiles> {
  // A base without migrations (the pull request adds the first) has an empty chain.
  const paths = await tool.released(tree.projectDir);
  const where = (file: string) => path.join(config.cwd, path.relative(tree.projectDir, file));
  return { paths, files: await readFiles(paths, tool, where) };
}

/**
 * The base's chain. A released migration whose files are byte for byte the same in the working tree is
 * the pull request's own step, already loaded (loading costs more than running it); the others load
 * from the base tree, as they were released.
 */
async function loadBase(
  host: ChainHost,
  tool: ChainTool,
  base: BaseFiles,
  head: { chain: Chain; files: MigrationFile[] },
  projectDir: string,
): Promise<Chain> {
  const headContent = new Map(head.files.map((file) => [file.name, file.content]));
  const loaded = new Map(head.chain.entries.filter(isStep).map((step) => [step.name, step]));
  const halves = (name: string) => [name, name.replace(/\.up\.sql$/, '.down.sql')];
  const reusable = (name: string) =>
    loaded.has(name) &&
    base.files
      .filter((file) => halves(name).includes(file.name))
      .every((file) => headContent.get(file.name) === file.content);
  const names = [...new Set(base.files.map((file) => file.name).filter(tool.isStep))];
  const rest = await host.loadChain(
    base.paths.filter((file) => !tool.isStep(tool.nameOf(file)) || !reusable(tool.nameOf(file))),
    projectDir,
  );
  const byName = new Map(rest.entries.map((entry) => [entry.name, entry]));
  const entries = names.map((name) => (reusable(name) ? loaded.get(name)! : byName.get(name)!));
  return { entries: [...entries, ...rest.entries.filter((entry) => !entries.includes(entry))] };
}

/** The files' contents, named as the runner knows them, each by where it is (or was) in the working tree. */
async function readFiles(paths: string[], tool: ChainTool, where = (file: string) => file): Promise<MigrationFile[]> {
  return Promise.all(
    paths.map(async (file) => ({
      name: tool.nameOf(file),
      file: where(file),
      content: await readFile(file, 'utf8'),
    })),
  );
}

/**
 * The path an existing database takes: the base's chain as released, then the pull request's new
 * migrations in its order (umzug runs the pending ones in order, wherever they sort). Without a base,
 * the pull request's chain. A string says why the path cannot run.
 */
async function planPath(
  input: ReviewInput,
  base: Chain | null,
  history: History | null,
): Promise<UpgradePath | string> {
  const { config, chain } = input;
  if (input.fresh === null) return 'The upgrade path and the seed were not checked: the chain did not run to its end.';
  const unloadable = base?.entries.find((entry) => !isStep(entry));
  if (unloadable)
    return `The upgrade path was not checked: the base's ${unloadable.name} cannot be loaded (${'message' in unloadable ? unloadable.message : ''}).`;
  const released = (base?.entries ?? []) as Step[];
  const head = chain.entries as Step[];
  const steps = history ? [...released, ...head.filter((step) => history.added.includes(step.name))] : head;
  if (config.seed === null) return { steps, released: released.length, seed: null };
  const file = config.seed.file;
  const loaded = (await input.host.loadChain([file], config.cwd)).entries[0]!;
  if (!isStep(loaded))
    throw new ConfigError((name) => `${name.seed} ${file} cannot be loaded: ${loaded.message}`, {
      option: 'seed',
      file,
    });
  const name = config.seed.after;
  const after = name === null ? released.length : steps.findIndex((step) => sameMigration(name, step.name)) + 1;
  if (after === 0)
    throw new ConfigError(
      (names) => `${names.seedAfter} ${name} is not a migration of the ${history ? 'upgrade path' : 'chain'}`,
      { option: 'seedAfter' },
    );
  return { steps, released: released.length, seed: { step: loaded, after } };
}
