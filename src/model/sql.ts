import { readFile } from 'node:fs/promises';
import { splitStatements } from '../chain/sql.js';
import { connect, type Server } from '../database/server.js';
import { messageOf } from '../errors.js';
import { locateTable } from './locate.js';
import type { AppliedModel, ModelFailure, TableSource } from './types.js';

const CREATE_TABLE = /create\s+table\s+(?:if\s+not\s+exists\s+)?[`"]?([\w$]+)/gi;

/** Applies a `.sql` file of DDL to the model's scratch schema, one statement at a time. */
export async function applySqlModel(server: Server, schema: string, file: string): Promise<AppliedModel> {
  const text = await readFile(file, 'utf8');
  return {
    kind: 'sql',
    files: [file],
    failures: await applyDdl(server, schema, text, file),
    sources: sourcesOf(text, file),
  };
}

/** Runs DDL in `schema`, one statement at a time: what the server refused, each on `file`'s line. */
export async function applyDdl(server: Server, schema: string, text: string, file: string): Promise<ModelFailure[]> {
  const connection = await connect(server.credentials, schema);
  const failures: ModelFailure[] = [];
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const statement of splitStatements(text)) {
      try {
        await connection.query(statement.sql);
      } catch (error) {
        const table = [...statement.sql.matchAll(CREATE_TABLE)][0]?.[1] ?? null;
        failures.push({ file, line: statement.line, table, message: messageOf(error) });
      }
    }
  } finally {
    await connection.end();
  }
  return failures;
}

/** Each CREATE TABLE of the DDL, where `source` says it is defined (its own line by default). */
export function sourcesOf(
  text: string,
  file: string,
  source: (table: string, offset: number) => TableSource | null = () => null,
): AppliedModel['sources'] {
  const sources: AppliedModel['sources'] = {};
  for (const match of text.matchAll(CREATE_TABLE)) {
    const table = match[1]!;
    sources[table] = source(table, match.index) ?? { file, line: locateTable(text, [table]), text, attributes: {} };
  }
  return sources;
}
