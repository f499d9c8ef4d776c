/** Where a problem happened, for messages that point at the file or input to fix. */
export interface Where {
  /** The CLI flag or action input, e.g. `--migrations`. */
  input?: string;
  file?: string;
  migration?: string;
  direction?: Direction;
}

export type Direction = 'up' | 'down' | 're-up';

/** Bad input: a flag, an input, a path or a file the user must fix. Exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly where: Where = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The environment failed: Docker, the image, the server. Exit code 2. */
export class InfraError extends Error {
  override name = 'InfraError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A migration step ran past its time limit. */
export class StepTimeoutError extends Error {
  override name = 'StepTimeoutError';
  constructor(readonly ms: number) {
    super(`did not finish within ${ms / 1000} s (--step-timeout); its queries were killed`);
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
