import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import type { Server } from '../database/server.js';
import { ConfigError } from '../errors.js';
import { runOrExplain } from '../project/process.js';
import { locateTable } from './locate.js';
import { applyDdl, sourcesOf } from './sql.js';
import type { AppliedModel, TableSource } from './types.js';

/**
 * The model a command prints as DDL (a non-Node project's: SQLAlchemy's metadata on a mock engine),
 * applied to the model's scratch schema. A `-- file: <path>` line names the file that defines the next
 * table(s): drift on them is annotated there, on the table's class and the column's attribute; a table
 * no such line names is annotated on its DDL line.
 */
export async function applyCommandModel(
  server: Server,
  schema: string,
  config: Pick<Config, 'cwd' | 'modelCommand' | 'stepTimeoutMs'>,
  /** The --env variables, as the project's code has them. */
  env: Record<string, string>,
): Promise<AppliedModel> {
  const command = config.modelCommand!;
  const text = await runModelCommand(command, config.cwd, config.stepTimeoutMs, env);
  const failures = await applyDdl(server, schema, text, command);
  const named = namedFiles(text, config.cwd);
  const sources = sourcesOf(text, command, named);
  return {
    kind: 'command',
    files: [...new Set(Object.values(sources).map((source) => source.file))],
    failures,
    sources,
  };
}

function runModelCommand(command: string, cwd: string, ms: number, env: Record<string, string>): Promise<string> {
  return runOrExplain(
    command,
    { cwd, env, ms },
    (problem) =>
      new ConfigError((name) => `${name.modelCommand} '${command}' ${problem} (run in ${cwd})`, {
        option: 'modelCommand',
      }),
    (stdout) => (/create\s+table/i.test(stdout) ? null : 'printed no CREATE TABLE'),
  );
}

/**
 * Where the `-- file:` line right above a CREATE TABLE says its table is defined; null for a table no such
 * line names (an association table the printer has no class for): a mark names the table after it only.
 */
function namedFiles(text: string, cwd: string): (table: string, offset: number) => TableSource | null {
  const marks = [...text.matchAll(/^--\s*file:\s*(.+?)\s*$/gm)].map((match) => ({
    offset: match.index,
    file: path.resolve(cwd, match[1]!),
  }));
  const texts = new Map<string, string | null>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(file, 'utf8'));
      } catch {
        texts.set(file, null);
      }
    }
    return texts.get(file)!;
  };
  return (table, offset) => {
    const mark = marks.filter((candidate) => candidate.offset < offset).at(-1);
    if (!mark || text.slice(mark.offset, offset).includes(';')) return null;
    const source = read(mark.file);
    if (source === null) return null;
    return { file: mark.file, line: locateTable(source, [table, className(table)]), text: source, attributes: {} };
  };
}

/** The class a table is usually mapped by: `order_item` → `OrderItem` (Flask-SQLAlchemy's own default). */
export function className(table: string): string {
  return table
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
