import type { CheckResult } from './result.js';
import { FLAG_NAMES } from './config/options.js';
import { ConfigError, InfraError, type OptionNames } from './errors.js';

/** The exit codes, one table for the CLI and the action. */
export const EXIT = {
  /** No error finding. */
  pass: 0,
  /** At least one error finding. */
  fail: 1,
  /** Usage, configuration or infrastructure error: nothing was judged. */
  error: 2,
} as const;

export function exitCodeOf(result: CheckResult): number {
  return result.verdict === 'pass' ? EXIT.pass : EXIT.fail;
}

/**
 * One line for any thrown value: the gate never ends on a bare stack trace, and never passes. Options
 * are named as `names` spells them: the CLI's flags, or the action's inputs.
 */
export function describeError(error: unknown, names: OptionNames = FLAG_NAMES): string {
  if (error instanceof ConfigError) return firstLine(error.describe(names));
  // a server that stopped is followed by the lines it logged last
  if (error instanceof InfraError) return error.describe(names);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : printable(error);
  return `internal error (${firstLine(message)}); run with MIGRATION_GATE_DEBUG=1 for details`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

/** String() throws for objects without a prototype; a description must never throw. */
function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
