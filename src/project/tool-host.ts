/**
 * The project host of a migration tool run by command (Alembic, or any `--up`/`--down`): each step is a
 * process of its own, started in the project directory with the `--env` variables that name the scratch
 * schema. The gate sees no statement of it: snapshots read what the server's DDL counters say changed.
 */
import path from 'node:path';
import type { Connection } from 'mysql2/promise';
import { alembicStep } from '../chain/alembic.js';
import { graphCollisions, type Listed } from '../chain/listed.js';
import { loadChain } from '../chain/load.js';
import { alembicPython, type ChainTool } from '../chain/tool.js';
import type { Chain, LoadFailure, Step } from '../chain/types.js';
import type { Config } from '../config/types.js';
import { cleanupOnSignal } from '../database/cleanup.js';
import { connect, type Server } from '../database/server.js';
import { ConfigError } from '../errors.js';
import type { AppliedModel } from '../model/types.js';
import { StepFailed } from '../replay/failure.js';
import type { ReplaySession, StepStatement } from '../replay/types.js';
import type { ChainHost } from './hosts.js';
import { toolFailure } from './output.js';
import { quote, ToolProcess, type Ran } from './process.js';
import { PythonStarter } from './starter.js';
import type { LateFailure } from './protocol.js';

export class ToolHost implements ChainHost {
  readonly #process = new ToolProcess();
  #starter: PythonStarter | null = null;
  /** Counts the steps stopped after their time. */
  #generation = 0;
  #variables: Record<string, string> = {};
  #server: Server | null = null;
  #output = '';
  #statements: StepStatement[] = [];

  /** Ctrl-C or SIGTERM stops the step's processes too: they run in process groups of their own. */
  readonly #unregister = cleanupOnSignal(() => this.#stop());

  constructor(
    private readonly config: Config,
    private readonly tool: ChainTool,
  ) {}

  /** Lists the steps, so that a tool that is missing or cannot list fails before a server starts. */
  async prepare(): Promise<void> {
    await this.tool.find(this.config.cwd);
  }

  async connect(server: Server, variables: Record<string, string>): Promise<void> {
    this.#server = server;
    this.#variables = variables;
  }

  /** The listed steps of `paths`, in the tool's order; a `.sql` file it did not list (a seed) as SQL. */
  async loadChain(paths: string[], projectDir: string): Promise<Chain> {
    await this.tool.released(projectDir);
    const listed = this.tool.listed(projectDir) ?? [];
    const wanted = new Set(paths);
    const steps = listed.filter((step) => wanted.has(step.file));
    const known = new Set(listed.map((step) => step.file));
    const other = paths.filter((file) => !known.has(file));
    const files = (
      await loadChain(
        other.filter((file) => file.endsWith('.sql')),
        projectDir,
      )
    ).entries;
    const unknown: LoadFailure[] = other
      .filter((file) => !file.endsWith('.sql'))
      .map((file) => ({
        name: file,
        file,
        line: null,
        message: `${this.config.tool.kind} lists no such step: a seed for it is a .sql file`,
      }));
    return {
      entries: [...steps.map((step) => this.#step(step, projectDir)), ...files, ...unknown],
      // a revision graph collides by its heads and merges; a list's names are its tool's own, each once (the
      // list is refused otherwise), and its file names are no umzug's to compare
      collisions: this.config.tool.kind === 'alembic' ? graphCollisions(listed) : [],
    };
  }

  async openSession(schema: string): Promise<ReplaySession> {
    let connection: Connection | null = null;
    const server = () => this.#server!;
    return {
      kind: this.config.tool.kind === 'alembic' ? 'alembic' : 'command',
      step: {
        context: null,
        library: undefined,
        // a .sql seed or step the tool did not list runs here
        sql: async (statement) => {
          connection ??= await connect(server().credentials, schema);
          await connection.query(statement);
        },
      },
      // the step's process has ended: nothing of it runs on
      settle: () => Promise.resolve(),
      statements: () => this.#statements.splice(0),
      // each step is a process of its own, with connections of its own
      renew: () => Promise.resolve(),
      killQueries: async () => {
        this.#generation++;
        await this.#stop();
        await server().killQueries(schema);
      },
      output: () => {
        const taken = this.#output;
        this.#output = '';
        return taken;
      },
      [Symbol.asyncDispose]: async () => {
        await connection?.end().catch(() => {});
      },
    };
  }

  applyModels(): Promise<AppliedModel> {
    throw new ConfigError(
      (name) =>
        `${name.runner} ${this.config.tool.kind} compares with a model given as DDL: a .sql or .json ${name.model}, or ${name.modelCommand} (Sequelize models need ${name.runner} umzug)`,
      { option: 'model' },
    );
  }

  compiler(): Promise<string | null> {
    return Promise.resolve(null);
  }

  lateFailures(): LateFailure[] {
    return [];
  }

  loadOutput(): string {
    return '';
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#unregister();
    await this.#stop();
  }

  async #stop(): Promise<void> {
    await Promise.all([this.#process.kill(), this.#starter?.kill()]);
  }

  #step(listed: Listed, dir: string): Step {
    const { tool } = this.config;
    const steps = this.tool.listed(dir)!;
    const values: Record<string, string> = {
      step: listed.name,
      file: listed.file,
      previous: steps[steps.indexOf(listed) - 1]?.name ?? '',
    };
    // each a word for the shell, whatever a file name holds (a pull request writes them)
    const fill = (template: string) =>
      template.replace(/\{(step|file|previous)\}/g, (_, key: string) => quote(values[key]!));
    // the base commit's revisions run from its own tree, with its own alembic.ini
    const layout = tool.kind === 'alembic' && { ini: path.join(dir, this.config.migrations), flask: tool.flask };
    const command = (direction: 'upgrade' | 'downgrade'): (() => Promise<Ran>) | null => {
      if (layout) {
        const step = { ...alembicStep(layout, listed, direction), cwd: dir };
        return () => this.#python().run(step);
      }
      const template = tool.kind === 'command' ? (direction === 'upgrade' ? tool.up : tool.down) : null;
      return template ? () => this.#process.run(fill(template), { cwd: dir, env: this.#variables }) : null;
    };
    const run = (started: () => Promise<Ran>, line: number | null) => async () => {
      const generation = this.#generation;
      const ran = await started();
      // a step stopped after its time: what it printed last is no later step's
      if (generation !== this.#generation) return;
      this.#output += tool.kind === 'alembic' ? withoutChatter(ran.output) : ran.output;
      if (ran.code === 0) return;
      const { failure, statement } = toolFailure(ran.output, ran.code, { file: listed.file, line });
      if (statement) this.#statements.push(statement);
      throw new StepFailed(failure);
    };
    const [up, down] = [command('upgrade')!, command('downgrade')];
    return {
      name: listed.name,
      file: listed.file,
      downFile: null,
      up: run(up, listed.upLine),
      down: down && run(down, listed.downLine),
      upLine: listed.upLine,
      downLine: listed.downLine,
    };
  }

  /** Alembic's steps start from a Python that has its libraries imported already (project/starter.ts). */
  #python(): PythonStarter {
    return (this.#starter ??= new PythonStarter(alembicPython(), () => this.#variables));
  }
}

/**
 * What a step printed, less Alembic's own lines of every step (`Context impl`, `Will assume …`, `Running
 * upgrade …`): the report keeps what the revision printed, as it keeps a migration's console.log.
 */
export function withoutChatter(output: string): string {
  return output.replace(/^INFO {2}\[alembic\.runtime\.migration\] .*\n?/gm, '');
}
