/**
 * The project host: a worker thread in which the project's own code runs (its migrations, the app
 * modules they import, its models), so that nothing that code does decides the gate's verdict. In a
 * worker, `process.exit` ends only the worker, an exception from a timer reaches only the worker, and
 * `terminate()` stops even a synchronous loop; the gate's thread stays free to time steps out, read the
 * schema, report and clean up. See host.ts for the gate's side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadChain } from '../chain/load.js';
import { importModule, projectLoader } from '../chain/modules.js';
import { isStep, type Step } from '../chain/types.js';
import { preloadSequelize } from '../database/sequelize.js';
import type { Credentials } from '../database/server.js';
import { ConfigError } from '../errors.js';
import { applySequelizeModels } from '../model/sequelize.js';
import { describeFailure } from '../replay/failure.js';
import { openChainSession, resolveContextKind, type ChainSession } from '../replay/session.js';
import { asData, originOf, OUTPUT_LIMIT, spellWithMarkers } from './origin.js';
import type { CrossedError, Envelope, HostSetup, Replies, Request, StepInfo, WorkerMessage } from './protocol.js';

const setup = workerData as HostSetup;
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

// What the project's code prints is kept with the request it printed during, never on the gate's stdout.
let output = '';
for (const stream of [process.stdout, process.stderr])
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    if (output.length < OUTPUT_LIMIT) output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  }) as typeof stream.write;

const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  post({ type: 'exit', code: Number(code ?? process.exitCode ?? 0), origin: originOf(new Error().stack, setup.cwd) });
  return exit(code);
}) as typeof process.exit;
/** From counting the sockets until a session is renewed, the gate is killing the chain's connections. */
let killing = false;
const late = (error: unknown) => {
  // an idle connection of the app's that reports its loss then (mysql2 emits it with no listener) is the gate's doing
  if (killing && lostConnection(error)) return;
  post({
    type: 'late',
    message: error instanceof Error ? error.message : String(error),
    origin: originOf(error instanceof Error ? error.stack : undefined, setup.cwd),
  });
};
process.on('uncaughtException', late);
process.on('unhandledRejection', late);

let credentials: Credentials | null = null;
const steps = new Map<string, Step>();
const sessions = new Map<number, ChainSession>();

port.on('message', ({ id, request }: Envelope) => {
  const fail = (error: unknown) => post({ type: 'reply', id, ok: false, error: crossed(error), output: take() });
  void handle(request).then((value) => {
    try {
      post({ type: 'reply', id, ok: true, value, output: take() });
    } catch (error) {
      fail(error); // a value that cannot be cloned: the request must still be answered
    }
  }, fail);
});

function take(): string {
  const taken = output;
  output = '';
  return taken;
}

/** How long a step's own request waits for what the step left running before the gate asks for longer. */
const QUICK_SETTLE_MS = 50;

async function handle(request: Request): Promise<Replies[Request['op']]> {
  switch (request.op) {
    case 'prepare':
      projectLoader(setup.cwd);
      if (resolveContextKind(setup.context, setup.cwd) === 'sequelize') preloadSequelize(setup.cwd);
      return null;
    case 'connect':
      credentials = request.credentials;
      Object.assign(process.env, request.variables);
      return null;
    case 'compiler':
      return projectLoader(setup.cwd).compiler();
    case 'data': {
      const loaded = (await importModule(request.file, setup.cwd)) as { default?: unknown };
      // what is not data (a `logging: console.log`) means nothing to the gate, and cannot cross
      return asData(loaded.default ?? loaded);
    }
    case 'load': {
      const chain = await loadChain(request.paths, request.projectDir);
      return chain.entries.map((entry) => (isStep(entry) ? remember(entry) : entry));
    }
    case 'open': {
      const session = await openChainSession(credentials!, request.schema, setup);
      sessions.set(request.session, session);
      return session.kind;
    }
    case 'run': {
      const session = sessions.get(request.session)!;
      const step = steps.get(request.file)!;
      let failure = null;
      try {
        await (request.direction === 'down' ? step.down! : step.up)(session.step);
      } catch (error) {
        failure = describeFailure(error, step, request.direction);
      }
      // here, not in a request of its own: one round trip between the threads less per step; what a step
      // left running longer is waited for by the settle request, as before, outside the step's time
      const settled = failure === null && (await session.settle(QUICK_SETTLE_MS).catch(() => false));
      return { statements: session.statements(), failure, settled };
    }
    case 'settle': {
      const session = sessions.get(request.session)!;
      await session.settle(request.ms);
      return { statements: session.statements() };
    }
    case 'sockets':
      killing = true;
      return openSockets();
    case 'renew': {
      await socketsDownTo(request.sockets, RENEW_WAIT_MS);
      killing = false;
      await sessions.get(request.session)!.renew();
      return null;
    }
    case 'close':
      await sessions.get(request.session)?.[Symbol.asyncDispose]();
      sessions.delete(request.session);
      return null;
    case 'models':
      return applySequelizeModels(credentials!, request.schema, request.modelPath, setup.cwd, setup.sequelize);
  }
}

/** The TCP sockets open in the host: the project's connections and the gate's. */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
}

/**
 * Waits until the host is down to `count` open sockets, for at most `ms`: the server has ended the
 * connections it killed, but a pool (the app's Sequelize) hands one out again as long as the host has not
 * read its close (measured: up to 10 ms after the server is done with it).
 */
async function socketsDownTo(count: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (openSockets() > count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

const RENEW_WAIT_MS = 2_000;

/** mysql2's error for a connection the server closed, and the socket's own. */
function lostConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'PROTOCOL_CONNECTION_LOST' || code === 'ECONNRESET' || code === 'EPIPE';
}

function remember(step: Step): StepInfo {
  steps.set(step.file, step);
  const { name, file, downFile, upLine, downLine } = step;
  return { name, file, downFile, upLine, downLine, reversible: step.down !== null };
}

/** A ConfigError keeps its option names as markers, for the gate to spell as its caller does. */
function crossed(error: unknown): CrossedError {
  if (error instanceof ConfigError)
    return { name: error.name, message: spellWithMarkers(error), option: error.where.option, file: error.where.file };
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
