import { readFile } from 'node:fs/promises';
import { splitStatements } from '../chain/sql.js';
import { connect, type Server } from '../database/server.js';
import { messageOf } from '../errors.js';
import { locateTable } from './locate.js';
import type { AppliedModel } from './types.js';

/** Applies a `.sql` file of DDL to the model's scratch schema, one statement at a time. */
export async function applySqlModel(server: Server, schema: string, file: string): Promise<AppliedModel> {
  const text = await readFile(file, 'utf8');
  const connection = await connect(server.credentials, schema);
  const failures: AppliedModel['failures'] = [];
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const statement of splitStatements(text)) {
      try {
        await connection.query(statement.sql);
      } catch (error) {
        const table = statement.sql.match(/create\s+table\s+(?:if\s+not\s+exists\s+)?[`"]?([\w$]+)/i)?.[1] ?? null;
        failures.push({ file, line: statement.line, table, message: messageOf(error) });
      }
    }
  } finally {
    await connection.end();
  }
  return { kind: 'sql', files: [file], failures, sources: sourcesOf(text, file) };
}

function sourcesOf(text: string, file: string): AppliedModel['sources'] {
  const sources: AppliedModel['sources'] = {};
  for (const match of text.matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?[`"]?([\w$]+)/gi)) {
    const table = match[1]!;
    sources[table] = { file, line: locateTable(text, [table]), text, attributes: {} };
  }
  return sources;
}
