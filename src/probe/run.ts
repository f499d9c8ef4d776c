import type { Connection } from 'mysql2/promise';
import { connect, type SchemaDefaults, type Server } from '../database/server.js';
import type { StepStatement } from '../replay/types.js';
import { dialectOf } from '../schema/normalise/index.js';
import type { RecordedDdl } from '../schema/incremental.js';
import { readDdl } from '../schema/inspect.js';
import type { Schema } from '../schema/types.js';
import { sampleRows } from './rows.js';
import {
  isRefusal,
  LADDER,
  refusalReason,
  renamesIn,
  statementsOf,
  withAttempt,
  withClauses,
  writtenClause,
  type Attempt,
  type Statement,
} from './statement.js';
import { InfraError } from '../errors.js';
import type { StepProbe } from './types.js';

/** One table's DDL, as `SHOW CREATE TABLE` gives it. */
export interface TableDdl {
  name: string;
  sql: string;
}

/** What the probe of one step starts from. */
export interface ProbedStep {
  index: number;
  /** The chain schema's tables before the step: their DDL, and as a snapshot (for rows they take). */
  ddl: TableDdl[];
  before: Schema;
  after: Schema;
  /** What the step's first up sent. */
  statements: StepStatement[];
}

/**
 * Copies the chain schema's tables as DDL before each probed step: the texts the snapshots read with the
 * tables (`recorded`), and in one round trip those read without (a whole read). A table whose DDL cannot
 * be read is left out: a statement on it then stops that step's probe, which says so.
 */
export function ddlCopier(
  admin: Connection,
  schema: string,
  recorded: RecordedDdl,
): (before: Schema) => Promise<TableDdl[]> {
  return async (before) => {
    const tables = Object.values(before.tables);
    const unread = tables.filter((table) => !recorded.has(table));
    if (unread.length > 0) {
      const read = await readDdl(
        admin,
        schema,
        unread.map((table) => table.name),
      );
      for (const table of unread) if (read?.ddl[table.name] !== undefined) recorded.set(table, read.ddl[table.name]!);
    }
    return tables.flatMap((table) => (recorded.has(table) ? [{ name: table.name, sql: recorded.get(table)! }] : []));
  };
}

/**
 * Tries each step's statements on a copy of the schema as it was before the step (its tables, a few
 * rows in each) in a scratch schema of its own on the same server: each ALTER with the cheapest
 * algorithm first, so that the server says what the statement costs on this version. The chain's own
 * schema is never touched.
 */
export async function probeSteps(input: {
  server: Server;
  /** The chain's schema, which the steps' statements may name. */
  chain: string;
  defaults: SchemaDefaults;
  steps: ProbedStep[];
}): Promise<StepProbe[]> {
  const { server } = input;
  const schema = await server.createScratchSchema('probe', input.defaults);
  const tableId = tableIdReader(server, schema);
  const probes: StepProbe[] = [];
  for (const step of input.steps) {
    try {
      probes.push(await probeStep(server, schema, input.chain, step, tableId));
    } finally {
      await server.emptySchema(schema);
    }
  }
  return probes;
}

type TableId = (table: string) => Promise<string | null>;

function tableIdReader(server: Server, schema: string): TableId {
  const sql = dialectOf(server.flavor).tableIdSql;
  // a user without the PROCESS privilege (a --database-url server) may not read it: no rebuild is seen then
  return async (table) => {
    const [rows] = await server.admin.query(sql, [`${schema}/${table}`]).catch(() => [[]]);
    const row = (rows as { id: unknown }[])[0];
    return row ? String(row.id) : null;
  };
}

async function probeStep(
  server: Server,
  schema: string,
  chain: string,
  step: ProbedStep,
  tableId: TableId,
): Promise<StepProbe> {
  // refused in the replay too: a swallowed error, reported as such
  const statements = step.statements
    .filter((sent) => sent.error === null)
    .flatMap((sent) => statementsOf(sent.sql, chain));
  const probe: StepProbe = {
    step: step.index,
    measured: [],
    unmeasured: [],
    truncated: statements.flatMap((statement) =>
      statement.role === 'structure' && statement.kind === 'truncate' ? statement.tables : [],
    ),
    renamed: [...renamesIn(statements)],
    stopped: null,
  };
  // a connection of its own: what a step sets for its session (SET FOREIGN_KEY_CHECKS) ends with it
  const connection = await connect(server.credentials, schema);
  let current: Statement | null = null;
  try {
    await recreate(connection, step, neighbourhood(statements, step));
    for (current of statements) {
      const stopped = await probeStatement(connection, current, probe, tableId);
      if (stopped) {
        probe.stopped = { sql: current.sql, message: stopped };
        break;
      }
    }
  } catch (error) {
    // the copy could not be made, or a read of it failed: this step's probe ends, the check goes on
    if (error instanceof InfraError) throw error;
    probe.stopped = { sql: current?.sql ?? '(copying the schema)', message: (error as Error).message };
  } finally {
    connection.destroy();
  }
  return probe;
}

/**
 * The tables the step's DDL names, and those a foreign key links them to either way (the server weighs
 * those keys when it picks an algorithm): all the probe needs of the schema. Creating a table is what the
 * probe spends most of its time on (MySQL syncs its data dictionary for each).
 */
function neighbourhood(statements: Statement[], step: Pick<ProbedStep, 'before' | 'after'>): Set<string> {
  const named = new Set(
    statements.flatMap((statement) =>
      statement.role === 'alter'
        ? [statement.table, ...statement.references]
        : statement.role === 'structure'
          ? [...statement.tables, ...statement.references]
          : [],
    ),
  );
  const linked = new Set(named);
  // keys the step adds count too: the table they reference must be there for the server to weigh them
  for (const schema of [step.before, step.after])
    for (const table of Object.values(schema.tables))
      for (const key of table.foreignKeys)
        if (named.has(table.name) || named.has(key.referencedTable)) linked.add(table.name).add(key.referencedTable);
  return linked;
}

/** The tables as they were before the step, each with a few rows; foreign keys checked as production does. */
async function recreate(connection: Connection, step: ProbedStep, tables: Set<string>): Promise<void> {
  // created in name order and filled in any order: keys are checked again once all rows are in
  await connection.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const table of step.ddl.filter((ddl) => tables.has(ddl.name))) await connection.query(table.sql);
  for (const table of Object.values(step.before.tables).filter((table) => tables.has(table.name))) {
    const insert = sampleRows(table);
    // a row a check constraint or a column type refuses leaves the table with fewer: still a probe
    if (insert) await connection.query(insert).catch(() => {});
  }
  await connection.query('SET FOREIGN_KEY_CHECKS = 1');
}

/** Runs one statement on the copy, measuring it where it can; a message when the copy refused it. */
async function probeStatement(
  connection: Connection,
  statement: Statement,
  probe: StepProbe,
  tableId: TableId,
): Promise<string | null> {
  switch (statement.role) {
    case 'read':
      return null;
    case 'session':
      await connection.query(statement.sql).catch(() => {});
      return null;
    case 'rows':
    case 'opaque':
      probe.unmeasured.push({
        sql: statement.sql,
        why:
          statement.role === 'rows'
            ? `${statement.verb} writes rows: what it costs depends on the rows production has`
            : `${statement.what} is not tried on the copy`,
      });
      return null;
    case 'structure':
      return asWritten(connection, statement.sql);
    case 'alter':
      return measure(connection, statement, probe, tableId);
  }
}

async function asWritten(connection: Connection, sql: string): Promise<string | null> {
  try {
    await connection.query(sql);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The ladder: each cheaper way the server refuses says why (its refusal is no change made); the first it
 * accepts is the answer. Refused them all, the statement runs as written: a COPY that blocks writes.
 */
async function measure(
  connection: Connection,
  statement: Extract<Statement, { role: 'alter' }>,
  probe: StepProbe,
  tableId: TableId,
): Promise<string | null> {
  const written = writtenClause(statement.text);
  const before = await tableId(statement.table);
  const measured = async (attempt: Attempt, reason: string | null, asWrittenToo: boolean) => {
    const rebuild = attempt.algorithm === 'COPY' || (before !== null && (await tableId(statement.table)) !== before);
    probe.measured.push({
      sql: statement.sql,
      table: statement.table,
      ...attempt,
      rebuild,
      reason,
      asWritten: asWrittenToo,
    });
  };
  if (written) return measureWritten(connection, statement, written, measured);
  const refusals: { attempt: Attempt; reason: string }[] = [];
  // why not the cheaper algorithm: a COPY's refusal of LOCK=NONE says only that a copy locks
  const reason = () => refusals.filter((refusal) => refusal.attempt.algorithm !== 'COPY').at(-1)?.reason ?? null;
  for (const attempt of LADDER) {
    try {
      await connection.query(withAttempt(statement, attempt));
      await measured(attempt, reason(), false);
      return null;
    } catch (error) {
      const { errno, message } = error as { errno?: number; message: string };
      if (!isRefusal({ errno, message })) {
        probe.unmeasured.push({
          sql: statement.sql,
          why: `with ALGORITHM=${attempt.algorithm} the copy refused it for another reason (${message})`,
        });
        return asWritten(connection, statement.sql);
      }
      refusals.push({ attempt, reason: refusalReason(message) });
    }
  }
  const failed = await asWritten(connection, statement.sql);
  if (!failed) await measured({ algorithm: 'COPY', online: false }, reason(), false);
  return failed;
}

/**
 * A statement that names its algorithm runs with it. Without a LOCK the server blocks no more than it must:
 * tried with LOCK=NONE first, to tell which.
 */
async function measureWritten(
  connection: Connection,
  statement: Extract<Statement, { role: 'alter' }>,
  written: NonNullable<ReturnType<typeof writtenClause>>,
  measured: (attempt: Attempt, reason: string | null, asWritten: boolean) => Promise<void>,
): Promise<string | null> {
  const instant = written.algorithm === 'INSTANT';
  if (written.lock === null && !instant) {
    const online = await asWritten(connection, withClauses(statement, ['LOCK=NONE']));
    if (!online) {
      await measured({ algorithm: written.algorithm, online: true }, null, true);
      return null;
    }
  }
  const failed = await asWritten(connection, statement.sql);
  if (!failed) await measured({ algorithm: written.algorithm, online: instant || written.lock === 'NONE' }, null, true);
  return failed;
}
