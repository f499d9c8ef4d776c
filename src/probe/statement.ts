import { bareName as bare, formOf, isCompound, statementsIn, type DdlKind } from '../schema/touched.js';

/**
 * What the probe does with one statement a step sent:
 * - `read`: nothing (it changes nothing);
 * - `session`: runs it, since it sets what later statements run with (`SET FOREIGN_KEY_CHECKS = 0`);
 * - `rows`: runs it, but cannot say what it costs (that depends on the rows production has);
 * - `alter`: tries it with the cheapest algorithm first (ALTER TABLE, CREATE INDEX, DROP INDEX);
 * - `structure`: runs it as written (CREATE, DROP, RENAME or TRUNCATE TABLE take no ALGORITHM clause);
 * - `opaque`: runs it, but cannot probe it (a procedure, a trigger, a view, a form not known here).
 */
export type Statement =
  | { role: 'read' | 'session'; sql: string }
  | { role: 'rows'; sql: string; verb: string }
  | { role: 'alter'; sql: string; form: 'alter_table' | 'create_index' | 'drop_index'; table: string }
  | { role: 'structure'; sql: string; kind: DdlKind | 'truncate'; tables: string[]; temporary: boolean }
  | { role: 'opaque'; sql: string; what: string };

const READ = /^(select|show|describe|desc|explain|with|values|table|analyze|checksum|handler|do)\b/i;
const SESSION = /^(set|start|begin|commit|rollback|savepoint|release|lock|unlock|use|xa)\b/i;
const ROWS = /^(insert|update|delete|replace|load|call)\b/i;
const TRUNCATE = /^truncate\s+(?:table\s+)?((?:`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(?:`(?:[^`]|``)+`|[\w$]+))?)/i;
const OBJECT =
  /^(?:create|alter|drop)\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+|algorithm\s*=\s*\w+\s+|sql\s+security\s+\w+\s+)*(view|trigger|procedure|function|event)\b/i;

/**
 * The statements of what a step sent (one call may hold several), each with its role. Names qualified
 * by `schema` (the chain's) lose the qualifier: the probe runs them in a schema of its own.
 */
export function statementsOf(query: string, schema: string): Statement[] {
  if (isCompound(query)) return [{ role: 'opaque', sql: query, what: 'a routine or trigger' }];
  return statementsIn(query, 'keep').map((sql) => roleOf(unqualified(sql, schema)));
}

function roleOf(sql: string): Statement {
  if (READ.test(sql)) return { role: 'read', sql };
  if (SESSION.test(sql)) return { role: 'session', sql };
  const rows = sql.match(ROWS);
  if (rows)
    return /^call\b/i.test(sql)
      ? { role: 'opaque', sql, what: 'a procedure call' }
      : { role: 'rows', sql, verb: rows[1]!.toUpperCase() };
  const truncate = sql.match(TRUNCATE);
  if (truncate) return { role: 'structure', sql, kind: 'truncate', tables: [bare(truncate[1]!)], temporary: false };
  const object = sql.match(OBJECT);
  if (object) return { role: 'opaque', sql, what: `a ${object[1]!.toLowerCase()}` };
  // formOf reads statements with their literals emptied
  const form = formOf(statementsIn(sql)[0] ?? sql);
  if (form === 'other' || form === 'opaque') return { role: 'opaque', sql, what: 'a statement the gate does not know' };
  const tables = form.tables.map(bare);
  const temporary = /^(create|drop)\s+temporary\b/i.test(sql);
  if ((form.kind === 'alter_table' || form.kind === 'create_index' || form.kind === 'drop_index') && !renames(form))
    return { role: 'alter', sql, form: form.kind, table: tables[0]! };
  return { role: 'structure', sql, kind: form.kind, tables, temporary };
}

/** An ALTER TABLE that renames its table names two: renaming is metadata-only, and other tables than the probe's. */
function renames(form: { kind: DdlKind; tables: string[] }): boolean {
  return form.kind === 'alter_table' && form.tables.length > 1;
}

function unqualified(sql: string, schema: string): string {
  return sql.split(`\`${schema}\`.`).join('').split(`${schema}.`).join('');
}

export type Algorithm = 'INSTANT' | 'INPLACE' | 'COPY';

/** One way to ask for a change: an algorithm, and whether writes must go on meanwhile (LOCK=NONE). */
export interface Attempt {
  algorithm: Algorithm;
  online: boolean;
}

/**
 * The cheapest first: INSTANT (metadata only); INPLACE with writes going on; COPY with writes going on
 * (MariaDB 11.2 and later copy online); INPLACE with writes blocked. What the server refuses them all is
 * a COPY that blocks writes, run as written.
 */
export const LADDER: Attempt[] = [
  { algorithm: 'INSTANT', online: true },
  { algorithm: 'INPLACE', online: true },
  { algorithm: 'COPY', online: true },
  { algorithm: 'INPLACE', online: false },
];

const CLAUSE = /,?\s*\b(?:algorithm|lock)\s*=?\s*(?:default|instant|inplace|nocopy|copy|none|shared|exclusive)\b/gi;

/**
 * The statement with an ALGORITHM (and LOCK) clause in place of any it had: a clause among an ALTER
 * TABLE's changes, an option after CREATE INDEX's or DROP INDEX's.
 */
export function withAttempt(statement: Extract<Statement, { role: 'alter' }>, attempt: Attempt): string {
  const lock = attempt.online && attempt.algorithm !== 'INSTANT' ? 'NONE' : null;
  const body = statement.sql.replace(/[\s;]+$/, '').replace(CLAUSE, '');
  const clauses = [`ALGORITHM=${attempt.algorithm}`, ...(lock ? [`LOCK=${lock}`] : [])];
  return statement.form === 'alter_table' ? `${body}, ${clauses.join(', ')}` : `${body} ${clauses.join(' ')}`;
}

/**
 * Whether the server refused the algorithm or lock asked for (it says which it supports), rather than
 * the statement: a syntax error means the clause did not fit, and nothing is known.
 */
export function isRefusal(error: { errno?: number; message: string }): boolean {
  return (
    error.errno === 1845 ||
    error.errno === 1846 ||
    /\b(ALGORITHM|LOCK)=\w+ is not supported|Please use COPY/.test(error.message)
  );
}

/** The server's reason for refusing an algorithm: the `Reason:` it gave, else its whole message. */
export function refusalReason(message: string): string {
  const reason = message.match(/Reason:\s*(.+?)\.?\s*Try\s+(?:ALGORITHM|LOCK)=/is);
  return (reason?.[1] ?? message).trim().replace(/\.$/, '');
}
