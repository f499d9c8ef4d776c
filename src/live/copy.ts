import { connect, type Server } from '../database/server.js';
import { ConfigError } from '../errors.js';
import { describeFlavor } from '../schema/flavor.js';
import type { LiveDatabase } from './read.js';

/**
 * Recreates the live database's tables and views, without rows, in `schema` on the scratch server: what
 * the pending migrations run on before the deploy runs them for real. Resolves to notes on what could
 * not be copied (views are no part of a snapshot; a table is, so one the server refuses is bad input).
 */
export async function copyStructure(
  server: Server,
  schema: string,
  live: LiveDatabase,
  from: string,
  /** Tables and views left out (--ignore-tables): one the scratch server cannot create need not stop the run. */
  skip: string[],
): Promise<string[]> {
  const kept = ({ name }: { name: string }) => !skip.includes(name);
  const connection = await connect(server.credentials, schema);
  try {
    // the tables reference each other: created in name order, their keys are checked only when rows come
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of live.tables.filter(kept))
      await connection.query(table.sql).catch((error: unknown) => {
        throw new ConfigError(
          (name) =>
            `the live table ${table.name} cannot be created on the scratch server (${describeFlavor(server.flavor)}, ${server.origin}): ${(error as Error).message}; set ${name.mysqlImage} to the live server's version (${describeFlavor(live.flavor)}), or leave the table out with ${name.ignoreTables}`,
          { option: 'mysqlImage' },
        );
      });
    return await copyViews(
      connection,
      live.views.map((view) => ({ name: view.name, sql: portable(view.sql, from) })),
    );
  } finally {
    connection.destroy();
  }
}

/**
 * Views, in an order that works: a view over another view fails until that one exists, so each round
 * creates what it can. A view that never can is a note.
 */
async function copyViews(
  connection: Awaited<ReturnType<typeof connect>>,
  views: { name: string; sql: string }[],
): Promise<string[]> {
  let left = views;
  while (left.length > 0) {
    const failed: { name: string; sql: string; message: string }[] = [];
    for (const view of left)
      await connection
        .query(view.sql)
        .catch((error: unknown) => failed.push({ ...view, message: (error as Error).message }));
    if (failed.length === left.length)
      return failed.map((view) => `View ${view.name} was not copied to the scratch server: ${view.message}.`);
    left = failed;
  }
  return [];
}

/**
 * A view's DDL as the scratch schema takes it: without its definer (a user the scratch server lacks) and
 * without the live schema's name, which SHOW CREATE VIEW puts before every table.
 */
function portable(sql: string, from: string): string {
  const quoted = `\`${from.replace(/`/g, '``')}\`.`;
  return sql
    .replace(/\bDEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`\s*/i, '')
    .split(quoted)
    .join('');
}
