/**
 * How messages name options, by the option's key (config/options.ts): as the caller spells them, `--seed`
 * for the CLI, `seed` for the action. Plain strings here, so that errors need nothing of the option table,
 * whose value kinds throw them.
 */
export type OptionNames = Readonly<Record<string, string>>;

/**
 * How messages name options until a caller spells them: as the CLI's flags. The option table tells
 * (config/options.ts calls spellOptionsAs on load); errors need nothing of it, so its value kinds can throw
 * them without a cycle. Where the table is not loaded (the project's worker) options show as their keys;
 * every message a user reads goes through describe(), which takes the caller's names.
 */
let defaultNames: OptionNames = new Proxy({}, { get: (_, key) => String(key) });

export function spellOptionsAs(names: OptionNames): void {
  defaultNames = names;
}

/** Where a problem happened, for messages that point at the file or option to fix. */
export interface Where {
  /** The option to fix, by its key; the message names it as the caller spells it (see ConfigError.describe). */
  option?: string;
  file?: string;
  migration?: string;
  direction?: Direction;
}

export type Direction = 'up' | 'down' | 're-up';

/**
 * A message that names options is written as a function of their names, `(name) => `${name.seed} …``,
 * so that the CLI says `--seed` and the action `seed` from the same error.
 */
export type Message = string | ((name: OptionNames) => string);

/** Bad input: a flag, an input, a path or a file the user must fix. Exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly #message: Message;
  /** `message` names the options as the CLI's flags; `describe()` names them as the caller does. */
  constructor(
    message: Message,
    readonly where: Where = {},
    options?: ErrorOptions,
  ) {
    super(spell(message, defaultNames), options);
    this.#message = message;
  }

  /** The message with the options spelt as `names` spells them, e.g. the action's inputs. */
  describe(names: OptionNames): string {
    return spell(this.#message, names);
  }
}

/** The environment failed: Docker, the image, the server. Exit code 2. */
export class InfraError extends Error {
  override name = 'InfraError';
  readonly #message: Message;
  /** Options in the message are named as in ConfigError: `describe()` spells them for the caller. */
  constructor(message: Message, options?: ErrorOptions) {
    super(spell(message, defaultNames), options);
    this.#message = message;
  }

  describe(names: OptionNames): string {
    return spell(this.#message, names);
  }
}

function spell(message: Message, names: OptionNames): string {
  return typeof message === 'string' ? message : message(names);
}

/** A migration step ran past its time limit. */
export class StepTimeoutError extends Error {
  override name = 'StepTimeoutError';
  constructor(readonly ms: number) {
    // A finding's message: written once for the CLI and the action, so it names no flag or input.
    super(`did not finish within ${ms / 1000} s (the step timeout); its queries were killed`);
  }
}

/** The server's own error behind a failure, as mysql2 reports it (possibly wrapped by Sequelize or umzug). */
export interface ServerError {
  code: string;
  errno: number | null;
  message: string;
}

/** Digs the server's error code and message out of wrapper errors (Sequelize's `parent`, umzug's `cause`). */
export function serverErrorOf(error: unknown): ServerError | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const candidate = current as { code?: unknown; errno?: unknown; sqlMessage?: unknown };
    if (typeof candidate.sqlMessage === 'string' && typeof candidate.code === 'string')
      return {
        code: candidate.code,
        errno: typeof candidate.errno === 'number' ? candidate.errno : null,
        message: candidate.sqlMessage,
      };
    const next = current as { original?: unknown; parent?: unknown; cause?: unknown };
    current = next.original ?? next.parent ?? next.cause;
  }
  return null;
}

/** The innermost readable message of an error chain, without umzug's "Migration X (up) failed:" wrapper. */
export function messageOf(error: unknown): string {
  const server = serverErrorOf(error);
  if (server) return `${server.code}${server.errno ? ` (${server.errno})` : ''}: ${server.message}`;
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error && /^Migration .* failed/.test(current.message))
    current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
