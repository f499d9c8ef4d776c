/**
 * The gate's side of the project host (worker.ts): it starts the worker, sends it a step's work one
 * request at a time, and survives whatever the project's code does there. When the worker ends (the
 * code called process.exit, or a step ran out of time and was stopped), a step in flight fails as that
 * step's failure, a request of the gate's own is sent again, and the next request starts a new worker,
 * which loads the same files and opens the same sessions again before it answers.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Chain, LoadFailure, Step, StepContext } from '../chain/types.js';
import type { Config, SequelizeOptions } from '../config/types.js';
import type { Server } from '../database/server.js';
import { ConfigError, InfraError } from '../errors.js';
import type { AppliedModel } from '../model/types.js';
import { StepFailed } from '../replay/failure.js';
import type { ReplaySession, StepFailure, StepStatement } from '../replay/types.js';
import { asData, unmark } from './origin.js';
import type {
  CrossedError,
  HostSetup,
  LateFailure,
  Origin,
  Replies,
  Request,
  StepInfo,
  WorkerMessage,
} from './protocol.js';

/** A session in the host, as the gate holds it: what its steps sent, and what they printed. */
/** A chain session as the gate holds it: the replay's session, run in the worker. */
export type HostSession = ReplaySession;

interface Pending {
  request: Request;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The worker ended while a request was in flight. */
class WorkerEnded extends Error {
  /** By another step's code, not the one the request ran. */
  interrupted = false;
  constructor(
    readonly code: number,
    readonly origin: Origin | null,
  ) {
    super(`the process was ended with code ${code}`);
  }
}

export class ProjectHost implements AsyncDisposable {
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #nextSession = 1;
  /** Requests that set the worker up (loads, sessions), sent again to a new worker. */
  #journal: Request[] = [];
  #late: LateFailure[] = [];
  #exit: { code: number; origin: Origin | null } | null = null;
  #current: LateFailure['during'] = null;
  #loadOutput = '';
  #sessions = new Map<number, { statements: StepStatement[]; output: string; settled: boolean }>();
  #stepFiles = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  #server: Server | null = null;

  constructor(
    private readonly setup: HostSetup,
    private readonly stepTimeoutMs: number,
  ) {}

  /**
   * Starts the host and settles the project's compiler and tsconfig, so that a project that cannot be
   * loaded fails (a ConfigError naming the file) before a server starts.
   */
  async prepare(): Promise<void> {
    await this.#request<'prepare'>({ op: 'prepare' });
  }

  /** The server the project's code works on, and the variables (--env) it finds it by. */
  async connect(server: Server, variables: Record<string, string>): Promise<void> {
    await this.#setUp<'connect'>({ op: 'connect', credentials: server.credentials, variables });
    this.#server = server;
  }

  /** A module's default export (or its exports) as data. */
  data(file: string): Promise<unknown> {
    return this.#request<'data'>({ op: 'data', file });
  }

  /** Which compiler the project's TypeScript went through, if any of its files needed one. */
  compiler(): Promise<string | null> {
    return this.#request<'compiler'>({ op: 'compiler' });
  }

  /** Loads the chain's files in the host: steps the gate runs by name, or failures at their place. */
  async loadChain(paths: string[], projectDir: string): Promise<Chain> {
    const entries = await this.#setUp<'load'>({ op: 'load', paths, projectDir });
    return { entries: entries.map((entry) => ('reversible' in entry ? this.#step(entry) : (entry as LoadFailure))) };
  }

  /** Opens the project's Sequelize (or mysql2) on `schema` in the host. */
  async openSession(schema: string): Promise<HostSession> {
    const session = this.#nextSession++;
    const kind = await this.#setUp<'open'>({ op: 'open', session, schema });
    const record = { statements: [] as StepStatement[], output: '', settled: false };
    this.#sessions.set(session, record);
    const context: StepContext = { context: session, library: undefined, sql: () => Promise.resolve() };
    return {
      kind,
      step: context,
      settle: async (ms) => {
        // the step's own request waited already, and nothing of it was left running
        if (record.settled) return void (record.settled = false);
        const { statements } = await this.#request<'settle'>({ op: 'settle', session, ms });
        record.statements.push(...statements);
      },
      statements: () => record.statements.splice(0),
      output: () => {
        const taken = record.output;
        record.output = '';
        return taken;
      },
      renew: async () => {
        // counted before the kill, so that the host knows when it has seen every killed connection close
        const sockets = await this.#request<'sockets'>({ op: 'sockets' });
        const killed = (await this.#server?.killConnections(schema)) ?? 0;
        await this.#request<'renew'>({ op: 'renew', session, sockets: sockets - killed });
      },
      killQueries: async () => {
        // the step's code first, so that its killed queries' rejections are nobody's late failure
        await this.stop();
        await this.#server?.killQueries(schema);
      },
      [Symbol.asyncDispose]: async () => {
        this.#journal = this.#journal.filter((entry) => !(entry.op === 'open' && entry.session === session));
        this.#sessions.delete(session);
        if (this.#worker) await this.#request<'close'>({ op: 'close', session }).catch(() => null);
      },
    };
  }

  /** Defines the project's Sequelize models in the host and creates their tables in `schema`. */
  applyModels(schema: string, modelPath: string): Promise<AppliedModel> {
    return this.#request<'models'>({ op: 'models', schema, modelPath });
  }

  /** What the project's code did outside any request, and what it printed while loading. */
  lateFailures(): LateFailure[] {
    return [...this.#late];
  }

  loadOutput(): string {
    return this.#loadOutput;
  }

  /** Stops the worker and whatever it runs; the next request starts a new one. */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    // ended here, not by the project's code: what was in flight fails now, and its exit means nothing
    this.#ended(worker, { code: 1, origin: null });
    await worker.terminate();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #step(info: StepInfo): Step {
    this.#stepFiles.add(info.file);
    const run = (direction: 'up' | 'down') => async (context: StepContext) => {
      const session = context.context as number;
      this.#current = { file: info.file, direction };
      const { statements, failure, settled } = await this.#request<'run'>({
        op: 'run',
        session,
        file: info.file,
        direction,
      }).catch((error: unknown) => ({ statements: [], failure: ended(error, info, direction), settled: false }));
      const record = this.#sessions.get(session);
      record?.statements.push(...statements);
      if (record) record.settled = settled;
      if (failure) throw new StepFailed(failure);
    };
    const { name, file, downFile, upLine, downLine } = info;
    return { name, file, downFile, upLine, downLine, up: run('up'), down: info.reversible ? run('down') : null };
  }

  /** A request that sets the worker up: sent again to every new worker (see #ready). */
  async #setUp<K extends keyof Replies>(request: Request): Promise<Replies[K]> {
    const value = await this.#request<K>(request);
    this.#journal.push(request);
    return value;
  }

  /** One request at a time: what a request prints is that request's. */
  #request<K extends keyof Replies>(request: Request): Promise<Replies[K]> {
    const next = this.#queue.then(() => this.#send(request));
    this.#queue = next.catch(() => null);
    return next as Promise<Replies[K]>;
  }

  /**
   * Sends a request. The gate's own requests (everything but running a step) are sent once more when the
   * worker ended under them: the project's code that ended it is a late failure of its own step.
   */
  async #send(request: Request, retried = false): Promise<unknown> {
    // a late failure from now on is blamed on this step, or (loading, models) on no step but by its stack
    if (request.op !== 'run') this.#current = null;
    try {
      return await this.#post(request);
    } catch (error) {
      if (!(error instanceof WorkerEnded)) throw error;
      const late = { message: endedMessage(error.code), origin: error.origin, during: this.#current };
      if (this.#interrupted(request, error)) {
        // its own work was cut off midway: it failed, but the defect is the other step's
        this.#late.push(late);
        throw Object.assign(error, { interrupted: true });
      }
      if (request.op === 'run') throw error;
      if (retried) throw whileLoading(error, request, this.setup.cwd);
      this.#late.push(late);
      return this.#send(request, true);
    }
  }

  /** A step cut short by another step's code (a timer it left behind). */
  #interrupted(request: Request, error: WorkerEnded): boolean {
    const origin = error.origin?.file;
    return request.op === 'run' && origin !== undefined && origin !== request.file && this.#stepFiles.has(origin);
  }

  async #post(request: Request): Promise<unknown> {
    return this.#ask(await this.#ready(), request);
  }

  /**
   * Posts a request and waits for its answer. A step is timed by the runner (umzug's own timeout); every
   * other request, loading the project's modules above all, gets the step timeout here: a module that
   * spins when it loads stops the run with an error, not forever.
   */
  #ask(worker: Worker, request: Request): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      const timer =
        request.op === 'run'
          ? undefined
          : setTimeout(() => {
              this.#pending.delete(id);
              reject(spinning(request, this.stepTimeoutMs));
              void this.stop();
            }, this.stepTimeoutMs);
      const settled =
        <T>(then: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          then(value);
        };
      this.#pending.set(id, { request, resolve: settled(resolve), reject: settled(reject) });
      worker.postMessage({ id, request });
    });
  }

  /** The worker, started and set up again (files loaded, sessions opened) if it is not running. */
  async #ready(): Promise<Worker> {
    if (this.#worker) return this.#worker;
    // No flags of the gate's own: a worker refuses V8 options (--max-old-space-size) and --input-type.
    const worker = new Worker(workerFile(), { workerData: this.setup, execArgv: [] });
    this.#worker = worker;
    this.#exit = null;
    // what a worker that was stopped or replaced still says is no longer heard
    worker.on('message', (message: WorkerMessage) => worker === this.#worker && this.#receive(message));
    worker.on('error', (error) => this.#ended(worker, { code: 1, origin: null }, error));
    worker.on('exit', (code) => this.#ended(worker, this.#exit ?? { code, origin: null }));
    try {
      for (const request of this.#journal) await this.#ask(worker, request);
    } catch (error) {
      await this.stop();
      throw error;
    }
    return worker;
  }

  #receive(message: WorkerMessage): void {
    if (message.type === 'exit') {
      this.#exit = { code: message.code, origin: message.origin };
      return;
    }
    if (message.type === 'late') {
      this.#late.push({ message: message.message, origin: message.origin, during: this.#current });
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    this.#keepOutput(pending.request, message.output);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(revived(message.error));
  }

  #keepOutput(request: Request, output: string): void {
    if (!output) return;
    const session = request.op === 'run' ? this.#sessions.get(request.session) : undefined;
    if (session) session.output += output;
    else if (!this.#journal.includes(request)) this.#loadOutput += output;
  }

  #ended(worker: Worker, exit: { code: number; origin: Origin | null }, error?: Error): void {
    // a worker already stopped (or replaced) has nothing left in flight
    if (this.#worker !== worker) return;
    this.#worker = null;
    const failed = error ?? new WorkerEnded(exit.code, exit.origin);
    if (this.#pending.size === 0 && this.#exit)
      this.#late.push({ message: endedMessage(exit.code), origin: exit.origin, during: this.#current });
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(failed);
    }
  }
}

/**
 * What the worker is started with. Only data crosses to it: function-valued Sequelize options (`define`
 * hooks) are left out, as a config module's are.
 */
export function hostSetup(config: Pick<Config, 'cwd' | 'context' | 'sequelize'>): HostSetup {
  return { cwd: config.cwd, context: config.context, sequelize: asData(config.sequelize) as SequelizeOptions };
}

/**
 * A config module's content as data, loaded in a host of its own: even the project's config modules
 * run apart from the gate (one that calls process.exit is an error, not a pass).
 */
export async function importData(file: string, cwd: string): Promise<unknown> {
  await using host = new ProjectHost({ cwd, context: 'auto', sequelize: {} }, LOAD_TIMEOUT_MS);
  return await host.data(file);
}

const endedMessage = (code: number) => `the migration ended the process with code ${code}`;

/** The failure of a step whose worker ended under it. */
function ended(error: unknown, step: StepInfo, direction: 'up' | 'down'): StepFailure {
  const line = direction === 'down' ? step.downLine : step.upLine;
  const file = direction === 'down' && step.downFile ? step.downFile : step.file;
  if (error instanceof WorkerEnded)
    return {
      message: error.interrupted
        ? `interrupted: another migration's code ended the process with code ${error.code}`
        : endedMessage(error.code),
      file: error.origin?.file ?? file,
      line: error.origin?.line ?? line,
      server: null,
      ...(error.interrupted && { interrupted: true }),
    };
  return { message: error instanceof Error ? error.message : String(error), file, line, server: null };
}

/** The project's code ended the worker while it was loaded or set up: the project cannot be checked. */
function whileLoading(error: WorkerEnded, request: Request, cwd: string): Error {
  const where = error.origin ? `${error.origin.file}:${error.origin.line}` : `the project's code`;
  return new ConfigError(
    `${where} ended the process with code ${error.code} while the gate ${doing(request)}: code that runs when a module loads must not exit`,
    { file: error.origin?.file ?? cwd },
  );
}

/** A request other than a step's ran past the step timeout: the project's code spins as it loads. */
function spinning(request: Request, ms: number): ConfigError {
  const what = request.op === 'load' ? request.paths.join(', ') : request.op === 'data' ? request.file : null;
  return new ConfigError(
    (name) =>
      `the project's code did not finish within ${ms / 1000} s (${name.stepTimeout}) while the gate ${doing(request)}${what ? ` (${what})` : ''}`,
    { option: 'stepTimeout' },
  );
}

function doing(request: Request): string {
  return request.op === 'models'
    ? 'loaded the models'
    : request.op === 'data'
      ? 'read a config module'
      : 'loaded the project';
}

/** How long reading a config module may take: there is no step timeout yet. */
const LOAD_TIMEOUT_MS = 60_000;

function revived(error: CrossedError): Error {
  if (error.name === 'ConfigError')
    return new ConfigError(unmark(error.message), {
      ...(error.option && { option: error.option as never }),
      ...(error.file && { file: error.file }),
    });
  return Object.assign(new Error(error.message), { name: error.name });
}

/**
 * The worker's script: project-worker.js beside the bundle. Run from source (tests, benchmarks), it is
 * built beforehand and named by MIGRATION_GATE_WORKER.
 */
function workerFile(): URL {
  const bundled = new URL('./project-worker.js', import.meta.url);
  if (existsSync(bundled)) return bundled;
  const built = process.env.MIGRATION_GATE_WORKER;
  if (built && existsSync(built)) return pathToFileURL(built);
  throw new InfraError(`project-worker.js is missing beside ${import.meta.url}: reinstall migration-gate`);
}
