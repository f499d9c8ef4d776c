/**
 * Starts Python tools' steps fast: a Python process that has imported the tool's libraries once forks a
 * child for each step, which runs the tool's own entry point (`python -m alembic …`, `python -m flask …`)
 * and exits. Each step is still a process of its own, with its own connections and a fresh import of the
 * project's modules, as the tool's CLI runs it; what the fork saves is Python starting and importing
 * SQLAlchemy and Alembic again, most of a step's time (bench/runners.ts: about 55 ms a step forked, 260 ms
 * as a fresh `alembic` process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { killGroup, type Ran } from './process.js';

/**
 * The fork server. It reads a request a line (JSON: module, args, cwd), forks, and writes a line back
 * (JSON: the child's exit code and what it printed, stdout and stderr in order) on a descriptor of its
 * own: anything else that writes to stdout goes to stderr. A child reads no input (a prompt fails at
 * once), and ends as `python -m` would: a traceback, or SystemExit's message, and its code.
 */
const FORK_SERVER = `
import json, os, runpy, sys, tempfile, traceback
reply = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
requests = os.fdopen(os.dup(0), "r")
nothing = os.open(os.devnull, os.O_RDONLY)
os.dup2(nothing, 0)
for name in ("alembic.config", "alembic.command", "sqlalchemy", "sqlalchemy.dialects.mysql", "pymysql", "MySQLdb", "flask", "flask_migrate"):
    try:
        __import__(name)
    except Exception:
        pass
for line in requests:
    request = json.loads(line)
    with tempfile.TemporaryFile() as output:
        pid = os.fork()
        if pid == 0:
            os.dup2(output.fileno(), 1)
            os.dup2(output.fileno(), 2)
            code = 0
            try:
                os.chdir(request["cwd"])
                sys.path[0] = request["cwd"]
                sys.argv = [request["module"], *request["args"]]
                runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            except SystemExit as exit:
                if exit.code is None or isinstance(exit.code, int):
                    code = exit.code or 0
                else:
                    print(exit.code, file=sys.stderr)
                    code = 1
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code & 0xFF)
        _, status = os.waitpid(pid, 0)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    reply.write(json.dumps({"code": code, "output": text}) + "\\n")
    reply.flush()
`;

export interface PythonStep {
  module: string;
  args: string[];
  cwd: string;
}

/** A fork server, and the requests it has still to answer, in order. */
interface Server {
  process: ChildProcess;
  waiting: ((reply: Ran | Error) => void)[];
  /** What the server itself printed: why it ended, when it did. */
  errors: string;
}

export class PythonStarter {
  #server: Server | null = null;

  constructor(
    private readonly python: string[],
    private readonly env: () => Record<string, string>,
  ) {}

  /** Runs one step in a child of the server (started first if none runs). */
  run(step: PythonStep): Promise<Ran> {
    const started = performance.now();
    const server = this.#start();
    return new Promise((resolve, reject) => {
      server.waiting.push((reply) => {
        if (reply instanceof Error) reject(reply);
        else resolve({ ...reply, ms: performance.now() - started });
      });
      server.process.stdin!.write(`${JSON.stringify(step)}\n`);
    });
  }

  /**
   * Stops the server and the step it runs, with everything they started, and waits for the server to end;
   * the next step starts another.
   */
  kill(): Promise<void> {
    const server = this.#server;
    return server ? this.#stopping(server) : Promise.resolve();
  }

  #stopping(server: Server): Promise<void> {
    if (this.#server === server) this.#server = null;
    if (server.process.pid === undefined) return Promise.resolve();
    const ended = new Promise<void>((resolve) =>
      server.process.exitCode !== null || server.process.signalCode !== null
        ? resolve()
        : server.process.once('exit', () => resolve()),
    );
    killGroup(server.process.pid);
    return ended;
  }

  #start(): Server {
    if (this.#server) return this.#server;
    const [command, ...args] = this.python;
    const child = spawn(command!, [...args, '-c', FORK_SERVER], {
      env: { ...process.env, ...this.env() },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    // each server answers its own requests only: one stopped after a timeout takes its unanswered ones along
    const server: Server = { process: child, waiting: [], errors: '' };
    this.#server = server;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      server.errors = (server.errors + chunk).slice(-2000);
    });
    // a request written after the server ended is answered by the close, not by an error thrown here
    child.stdin!.on('error', () => {});
    child.on('error', () => {});
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let reply: { code: number | null; output: string };
      try {
        reply = JSON.parse(line) as typeof reply;
      } catch {
        // which request a stray line answers is unknown: none is answered by this server any more
        server.errors += `\nit wrote ${JSON.stringify(line.slice(0, 200))} where an answer was due`;
        void this.#stopping(server);
        return;
      }
      server.waiting.shift()?.({ code: reply.code, stdout: reply.output, output: reply.output, ms: 0 });
    });
    child.on('close', () => {
      if (this.#server === server) this.#server = null;
      const why = server.errors.trim();
      for (const answer of server.waiting.splice(0))
        answer(new Error(`the Python that runs the steps ended${why ? `: ${why}` : ''}`));
    });
    return server;
  }
}
