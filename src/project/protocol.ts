/**
 * What the gate and the project host (a worker thread that runs the project's own code) say to each
 * other. Only plain data crosses: a step's work goes over in one request, not each of its queries.
 */
import type { Credentials } from '../database/server.js';
import type { ContextKind, SequelizeOptions } from '../config/types.js';
import type { LoadFailure } from '../chain/types.js';
import type { AppliedModel } from '../model/types.js';
import type { StepFailure, StepStatement } from '../replay/types.js';

/** What the worker is started with. */
export interface HostSetup {
  cwd: string;
  context: ContextKind;
  sequelize: SequelizeOptions;
}

/** A loaded step as the gate sees it: where it is, and whether it has a down. */
export interface StepInfo {
  name: string;
  file: string;
  downFile: string | null;
  upLine: number | null;
  downLine: number | null;
  reversible: boolean;
}

export type Request =
  /**
   * Settles the project's compiler and tsconfig (a project that cannot be loaded fails before a server is
   * used), and loads its Sequelize, while the server starts.
   */
  | { op: 'prepare' }
  /** The server the project's code connects to, and the variables (--env) it reads it from. */
  | { op: 'connect'; credentials: Credentials; variables: Record<string, string> }
  | { op: 'load'; paths: string[]; projectDir: string }
  | { op: 'open'; session: number; schema: string }
  /** Runs a step, and when it went, waits briefly for what it left running (most steps leave nothing). */
  | { op: 'run'; session: number; file: string; direction: 'up' | 'down' }
  /** Waits for queries a step left running after it returned (outside the step's own time limit). */
  | { op: 'settle'; session: number; ms: number }
  /**
   * How many sockets the host has open, counted before the gate kills the chain's connections: the host
   * has seen them all close when it is down to that count less the killed ones (see ProjectHost.renew).
   */
  | { op: 'sockets' }
  /** Opens a session's connections again, once the host is down to `sockets` open sockets. */
  | { op: 'renew'; session: number; sockets: number }
  | { op: 'close'; session: number }
  | { op: 'models'; schema: string; modelPath: string }
  /** Which compiler the project's TypeScript went through, if any did. */
  | { op: 'compiler' }
  /** A module's default export (or its exports) as data: a config module. */
  | { op: 'data'; file: string };

export interface Replies {
  prepare: null;
  connect: null;
  compiler: string | null;
  data: unknown;
  load: (StepInfo | LoadFailure)[];
  open: Exclude<ContextKind, 'auto'>;
  /** `settled`: nothing of the step runs any more; else a `settle` request waits longer. */
  run: { statements: StepStatement[]; failure: StepFailure | null; settled: boolean };
  settle: { statements: StepStatement[] };
  sockets: number;
  renew: null;
  close: null;
  models: AppliedModel;
}

/** Where in the project's code something happened, read off a stack. */
export interface Origin {
  file: string;
  line: number | null;
}

/** An error that crossed from the worker, with what the gate's messages need of it. */
export interface CrossedError {
  name: string;
  message: string;
  /** For ConfigError: the option it names. */
  option?: string;
  file?: string;
}

export type WorkerMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown; output: string }
  | { type: 'reply'; id: number; ok: false; error: CrossedError; output: string }
  /** The project's code called process.exit: the worker ends right after this. */
  | { type: 'exit'; code: number; origin: Origin | null }
  /** An exception thrown, or a promise rejected, outside any request's await: from a timer, say. */
  | { type: 'late'; message: string; origin: Origin | null };

export interface Envelope {
  id: number;
  request: Request;
}

/** Something the project's code did outside any step's await: reported on the step it came from. */
export interface LateFailure {
  message: string;
  origin: Origin | null;
  /** The step that was running, or had run last, when it happened. */
  during: { file: string; direction: 'up' | 'down' } | null;
}
