/**
 * What a migration tool's output says of a step that failed: the server's error, the statement it
 * refused, and the line of the step's file where it happened. Pure text reading, for the tools' usual
 * shapes: a Python traceback with SQLAlchemy's wrapped DBAPI error (Alembic), a Node stack, `file:line`.
 */
import path from 'node:path';
import type { ServerError } from '../errors.js';
import type { StepFailure, StepStatement } from '../replay/types.js';
import { lastWords } from './process.js';

export interface ToolFailure {
  failure: StepFailure;
  /** The statement the server refused, when the output shows it (SQLAlchemy's `[SQL: …]`). */
  statement: StepStatement | null;
}

/** The failure of a step whose command exited with `code`, read from what it printed. */
export function toolFailure(
  output: string,
  code: number | null,
  step: { file: string; line: number | null },
): ToolFailure {
  const server = serverErrorIn(output);
  const sql = output.match(/\[SQL: ([\s\S]*?)\]\n/)?.[1]?.trim() ?? null;
  const message = server
    ? `${server.code}${server.errno ? ` (${server.errno})` : ''}: ${server.message}`
    : (lastWords(output) ?? (code === null ? 'the command was stopped' : `the command exited with code ${code}`));
  return {
    failure: { message, file: step.file, line: lineIn(output, step.file) ?? step.line, server },
    statement: sql ? { sql, error: server?.message ?? message } : null,
  };
}

/**
 * The server's error as a MySQL driver prints it in an exception: PyMySQL's and mysqlclient's
 * `OperationalError: (1091, "Can't DROP …")`, or mysql2's `ER_…: message`.
 */
export function serverErrorIn(output: string): ServerError | null {
  const python = [...output.matchAll(/(\w+Error)\)? \((\d{4}), (['"])([\s\S]*?)\3\)/g)].at(-1);
  if (python) return { code: python[1]!, errno: Number(python[2]), message: unescape(python[4]!) };
  const node = [...output.matchAll(/\b(ER_[A-Z0-9_]+)\b:? ([^\n]+)/g)].at(-1);
  if (node) return { code: node[1]!, errno: null, message: node[2]!.trim() };
  return null;
}

/**
 * The innermost line of `file` the output's stack names: a Python frame (`File "…/x.py", line 21`),
 * or a Node frame or message (`…/x.js:21:5`).
 */
export function lineIn(output: string, file: string): number | null {
  const same = (named: string) => path.resolve(named) === path.resolve(file);
  const python = [...output.matchAll(/File "([^"]+)", line (\d+)/g)].filter((frame) => same(frame[1]!));
  if (python.length > 0) return Number(python.at(-1)![2]);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const node = output.match(new RegExp(`${escaped}:(\\d+)`));
  return node ? Number(node[1]) : null;
}

function unescape(text: string): string {
  return text.replace(/\\(['"\\])/g, '$1');
}
