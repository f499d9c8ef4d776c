import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import { ConfigError, InfraError, messageOf, type OptionNames } from '../errors.js';
import { interpreterOf, onPath, quote, runOrExplain } from '../project/process.js';
import { LIST_REVISIONS, parseRevisions } from './alembic.js';
import { findMigrations, isMigrationFile } from './load.js';
import { parseList, type Listed } from './listed.js';

/**
 * How a runner finds a chain in a project directory (the working tree's, or the base commit's) and names
 * its migrations: umzug by a glob and file names, Alembic by its revision graph and revision ids, a
 * `--list` command by what it prints. History compares migrations by these names.
 */
export interface ChainTool {
  /** The chain's files in `dir`, in the order the tool runs them; an error when there are none. */
  find(dir: string): Promise<string[]>;
  /** The chain of a base commit's tree: none when it has no migrations yet, an error when it cannot be read. */
  released(dir: string): Promise<string[]>;
  /** The name the tool knows a file of `find`'s by. */
  nameOf(file: string): string;
  /** Whether a name is a step's own (not a `.down.sql` half). */
  isStep(name: string): boolean;
  /**
   * Whether the chain is one order (umzug's names, a list): a new migration that sorts before a released
   * one is back-dated. A revision graph's order between branches is no order a database keeps.
   */
  ordered: boolean;
  /**
   * Whether the gate runs the steps itself (umzug, in its worker, on connections it makes): it sees the
   * statements they send, and they work where it points them. A tool's process does neither: what its
   * steps cost is not probed, and that they reached the scratch schema is checked.
   */
  watched: boolean;
  /** The steps the tool listed in `dir` (after `find`); null for umzug, whose steps the project host loads. */
  listed(dir: string): Listed[] | null;
}

export function chainTool(config: Config): ChainTool {
  if (config.tool.kind === 'umzug') {
    const find = (dir: string) => findMigrations(dir, config.migrations);
    return {
      find,
      // a glob that matches nothing in the base: the pull request adds the first migration
      released: (dir) =>
        find(dir).catch((error: unknown) => {
          if (error instanceof ConfigError) return [];
          throw error;
        }),
      nameOf: (file) => path.basename(file),
      isStep: isMigrationFile,
      ordered: true,
      watched: true,
      listed: () => null,
    };
  }
  return new ListingTool(config);
}

/** A tool that lists its steps by running a command: once per directory, before any server starts. */
class ListingTool implements ChainTool {
  readonly #lists = new Map<string, Promise<Listed[]>>();
  readonly #done = new Map<string, Listed[]>();
  readonly #names = new Map<string, string>();

  constructor(private readonly config: Config) {}

  async find(dir: string): Promise<string[]> {
    const listed = await this.#listed(dir);
    const { tool } = this.config;
    if (listed.length > 0) return listed.map((step) => step.file);
    if (tool.kind === 'command')
      throw new ConfigError((name) => `${name.list} '${tool.list}' printed no step in ${dir}: nothing to check`, {
        option: 'list',
      });
    throw new ConfigError(
      (name) =>
        `${name.migrations} ${this.config.migrations} has no revision in its script directory: nothing to check`,
      { option: 'migrations' },
    );
  }

  async released(dir: string): Promise<string[]> {
    // a base commit from before the project took Alembic up: no revision was released
    if (this.config.tool.kind === 'alembic' && !existsSync(path.join(dir, this.config.migrations))) return [];
    try {
      return (await this.#listed(dir)).map((step) => step.file);
    } catch (error) {
      // the base's chain unread is no base without migrations: the history checks would pass unchecked
      const why = (name: OptionNames) => (error instanceof ConfigError ? error.describe(name) : messageOf(error));
      throw new InfraError((name) => `the base commit's chain: ${why(name)}`, {
        cause: error,
      });
    }
  }

  // properties, not methods: callers pass them on as functions
  nameOf = (file: string): string => this.#names.get(file) ?? path.basename(file);

  isStep = (): boolean => true;

  get ordered(): boolean {
    return this.config.tool.kind !== 'alembic';
  }

  readonly watched = false;

  listed(dir: string): Listed[] | null {
    return this.#done.get(dir) ?? null;
  }

  #listed(dir: string): Promise<Listed[]> {
    // one listing a directory, though several engines' hosts ask at once
    if (!this.#lists.has(dir))
      this.#lists.set(
        dir,
        this.#list(dir).then((listed) => {
          this.#done.set(dir, listed);
          for (const step of listed) this.#names.set(step.file, step.name);
          return listed;
        }),
      );
    return this.#lists.get(dir)!;
  }

  async #list(dir: string): Promise<Listed[]> {
    const { tool } = this.config;
    if (tool.kind === 'command') {
      const steps = parseList(await this.#run(tool.list, dir, 'list', 'the list command'), dir);
      const twice = steps.find((step, i) => steps.findIndex((other) => other.name === step.name) !== i);
      if (twice)
        throw new ConfigError((name) => `${name.list} '${tool.list}' printed ${twice.name} twice`, { option: 'list' });
      // findings, {file} and history read the file: a name that is none would point nowhere
      const nowhere = steps.find((step) => !existsSync(step.file) || !statSync(step.file).isFile());
      if (nowhere)
        throw new ConfigError(
          (name) =>
            `${name.list} '${tool.list}' printed ${nowhere.name}, and ${path.relative(dir, nowhere.file)} is no file in ${dir}: print each step's file after its name`,
          { option: 'list' },
        );
      return steps;
    }
    const ini = path.join(dir, this.config.migrations);
    const printed = await this.#run(alembicList(ini), dir, 'migrations', 'listing the Alembic revisions');
    const revisions = parseRevisions(printed);
    if (revisions === null)
      throw new ConfigError(
        (name) => `listing the Alembic revisions of ${name.migrations} ${this.config.migrations} printed no list`,
        { option: 'migrations', file: ini },
      );
    // Alembic names files by their real path: named again as the project directory has them (a symlink in
    // its path, such as macOS's /var), for relative paths in reports
    const real = realpathSync(dir);
    return revisions.map((revision) => ({ ...revision, file: path.join(dir, path.relative(real, revision.file)) }));
  }

  /** Runs a listing to its end: its stdout, or a ConfigError naming the option. */
  #run(command: string, dir: string, option: 'migrations' | 'list', what: string): Promise<string> {
    const ms = this.config.stepTimeoutMs;
    return runOrExplain(
      command,
      { cwd: dir, env: {}, ms },
      (problem) =>
        new ConfigError(
          (name) =>
            `${what} (${name[option]}) ${problem} in ${dir}${problem.startsWith('did not end') ? ': it must list from files, without a database' : ''}`,
          { option },
        ),
    );
  }
}

/** The command that lists an Alembic project's revisions, by the Python of the `alembic` on PATH. */
function alembicList(ini: string): string {
  return [...alembicPython(), '-c', LIST_REVISIONS, ini].map(quote).join(' ');
}

/**
 * The Python that runs the `alembic` on PATH (its `#!` line), which has the project's packages; `python3`
 * when that line names no Python (a version manager's shim).
 */
export function alembicPython(): string[] {
  const alembic = onPath('alembic');
  if (alembic === null)
    throw new ConfigError(
      (name) =>
        `the \`alembic\` command (${name.runner} alembic) is not on PATH: install it where the project's packages are (\`pip install alembic\`, or Debian's alembic package)`,
      { option: 'runner' },
    );
  return interpreterOf(alembic) ?? ['python3'];
}
