import { bareName as bare, formOf, isCompound, NAME, PART, statementsIn, type DdlKind } from '../schema/touched.js';

/**
 * What the probe does with one statement a step sent:
 * - `read`: nothing (it changes nothing, or like USE it would point the probe at another schema);
 * - `session`: runs it, since it sets what later statements run with (`SET FOREIGN_KEY_CHECKS = 0`);
 * - `rows`: leaves it out, and says so: what it costs depends on the rows production has;
 * - `alter`: tries it with the cheapest algorithm first (ALTER TABLE, CREATE INDEX, DROP INDEX);
 * - `structure`: runs it as written (CREATE, DROP, RENAME or TRUNCATE TABLE take no ALGORITHM clause);
 * - `opaque`: leaves it out, and says so (a procedure, a trigger, a view, another schema's table, a form
 *   not known here): the probe runs nothing it cannot keep inside its own schema.
 * `text` is the statement with comments dropped and string literals emptied, for reading its clauses.
 */
export type Statement =
  | { role: 'read' | 'session'; sql: string; text: string }
  | { role: 'rows'; sql: string; text: string; verb: string }
  | {
      role: 'alter';
      sql: string;
      text: string;
      form: 'alter_table' | 'create_index' | 'drop_index';
      table: string;
      references: string[];
    }
  | { role: 'structure'; sql: string; text: string; kind: DdlKind | 'truncate'; tables: string[]; references: string[] }
  | { role: 'opaque'; sql: string; text: string; what: string };

const READ = /^(select|show|describe|desc|explain|with|values|table|analyze|checksum|handler|do|use)\b/i;
const SESSION = /^(set|start|begin|commit|rollback|savepoint|release|xa)\b/i;
const ROWS = /^(insert|update|delete|replace|load|call)\b/i;
const TRUNCATE = new RegExp(`^truncate\\s+(?:table\\s+)?(${NAME})`, 'i');
const REFERENCES = new RegExp(`\\breferences\\s+(${NAME})`, 'gi');
const OBJECT =
  /^(?:create|alter|drop)\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+|algorithm\s*=\s*\w+\s+|sql\s+security\s+\w+\s+)*(view|trigger|procedure|function|event)\b/i;

/**
 * The statements of what a step sent (one call may hold several), each with its role. Names qualified
 * by `schema` (the chain's) lose the qualifier: the probe runs them in a schema of its own.
 */
export function statementsOf(query: string, schema: string): Statement[] {
  if (isCompound(query)) return [{ role: 'opaque', sql: query, text: query, what: 'a routine or trigger' }];
  const statements = statementsIn(query, 'keep');
  const texts = statementsIn(query);
  return statements.map((sql, i) => roleOf(unqualified(sql, schema), unqualified(texts[i] ?? sql, schema), schema));
}

function roleOf(sql: string, text: string, schema: string): Statement {
  if (READ.test(text)) return { role: 'read', sql, text };
  if (SESSION.test(text)) return { role: 'session', sql, text };
  const rows = text.match(ROWS);
  if (rows)
    return /^call\b/i.test(text)
      ? { role: 'opaque', sql, text, what: 'a procedure call' }
      : { role: 'rows', sql, text, verb: rows[1]!.toUpperCase() };
  const object = text.match(OBJECT);
  if (object) return { role: 'opaque', sql, text, what: `a ${object[1]!.toLowerCase()}` };
  const truncate = text.match(TRUNCATE);
  const form = truncate ? { kind: 'truncate' as const, tables: [truncate[1]!] } : formOf(text);
  if (form === 'other' || form === 'opaque')
    return { role: 'opaque', sql, text, what: 'a statement the gate does not know' };
  const referenced = [...text.matchAll(REFERENCES)].map((match) => match[1]!);
  // still qualified: another schema's table, or the chain's spelt another way; the probe stays out of both
  const qualified = (name: string) => bare(name) !== name.replace(/`/g, '');
  if ([...form.tables, ...referenced].some(qualified) || new RegExp(`\\b${schema}\\b`, 'i').test(text))
    return { role: 'opaque', sql, text, what: "a statement on another schema's table" };
  const tables = form.tables.map(bare);
  const references = referenced.map(bare);
  if (
    (form.kind === 'alter_table' || form.kind === 'create_index' || form.kind === 'drop_index') &&
    tables.length === 1
  )
    return { role: 'alter', sql, text, form: form.kind, table: tables[0]!, references };
  // an ALTER TABLE that also renames its table names two: renaming is metadata-only, and two tables
  return { role: 'structure', sql, text, kind: form.kind, tables, references };
}

/** The statement without the chain schema's qualifier, however it is spelt (quoted or not, any case). */
function unqualified(sql: string, schema: string): string {
  return sql.replace(new RegExp(`(\`${schema}\`|\\b${schema}\\b)\\s*\\.\\s*`, 'gi'), '');
}

/**
 * Tables and columns the statements rename, old name to new (`users` → `people`, `users.fullname` →
 * `users.name`): RENAME TABLE, ALTER TABLE … RENAME TO, RENAME COLUMN, and CHANGE with a new name, as
 * Sequelize's renameColumn sends it on MySQL.
 */
export function renamesIn(statements: Statement[]): Map<string, string> {
  const renamed = new Map<string, string>();
  for (const statement of statements) {
    const { text } = statement;
    for (const [, from, to] of text.matchAll(
      new RegExp(`(?:^rename\\s+tables?\\s+|,)\\s*(${PART})\\s+to\\s+(${PART})`, 'gi'),
    ))
      if (/^rename/i.test(text)) renamed.set(bare(from!), bare(to!));
    if (statement.role !== 'alter' && !(statement.role === 'structure' && statement.kind === 'alter_table')) continue;
    const table = statement.role === 'alter' ? statement.table : statement.tables[0]!;
    const to = text.match(new RegExp(`\\brename\\s+(?:to\\s+|as\\s+)?(?!(?:column|index|key)\\b)(${PART})`, 'i'));
    if (to) renamed.set(table, bare(to[1]!));
    for (const [, from, name] of text.matchAll(new RegExp(`\\brename\\s+column\\s+(${PART})\\s+to\\s+(${PART})`, 'gi')))
      renamed.set(`${table}.${bare(from!)}`, bare(name!));
    for (const [, from, name] of text.matchAll(new RegExp(`\\bchange\\s+(?:column\\s+)?(${PART})\\s+(${PART})`, 'gi')))
      if (bare(from!) !== bare(name!)) renamed.set(`${table}.${bare(from!)}`, bare(name!));
  }
  return renamed;
}

export type Algorithm = 'INSTANT' | 'INPLACE' | 'COPY';

/** One way to ask for a change: an algorithm, and whether writes must go on meanwhile (LOCK=NONE). */
export interface Attempt {
  algorithm: Algorithm;
  online: boolean;
}

/**
 * The cheapest first, in the order the server itself prefers them when the statement names none:
 * INSTANT (metadata only); INPLACE with writes going on; INPLACE with writes blocked; COPY with writes going
 * on (MariaDB 11.2 and later copy online). What the server refuses them all is a COPY that blocks writes,
 * run as written.
 */
export const LADDER: Attempt[] = [
  { algorithm: 'INSTANT', online: true },
  { algorithm: 'INPLACE', online: true },
  { algorithm: 'INPLACE', online: false },
  { algorithm: 'COPY', online: true },
];

/**
 * The algorithm and lock the statement names itself (`ALGORITHM=INPLACE`, `LOCK=NONE`), read where no
 * string literal can fake them; null when it names no algorithm, or DEFAULT.
 */
export function writtenClause(text: string): { algorithm: Algorithm; lock: string | null } | null {
  const algorithm = text.match(/\balgorithm\s*=?\s*(instant|inplace|nocopy|copy)\b/i)?.[1]?.toUpperCase();
  if (!algorithm) return null;
  const lock = text.match(/\block\s*=?\s*(none|shared|exclusive|default)\b/i)?.[1]?.toUpperCase() ?? null;
  return {
    algorithm: (algorithm === 'NOCOPY' ? 'INPLACE' : algorithm) as Algorithm,
    lock: lock === 'DEFAULT' ? null : lock,
  };
}

/**
 * The statement with an ALGORITHM (and LOCK) clause added: among an ALTER TABLE's changes, or as an
 * option after CREATE INDEX's or DROP INDEX's. Only for a statement that names none (see writtenClause).
 */
export function withAttempt(statement: Extract<Statement, { role: 'alter' }>, attempt: Attempt): string {
  const lock = attempt.online && attempt.algorithm !== 'INSTANT' ? 'NONE' : null;
  return withClauses(statement, [`ALGORITHM=${attempt.algorithm}`, ...(lock ? [`LOCK=${lock}`] : [])]);
}

/** The statement with `clauses` (`LOCK=NONE`) added where its form takes them. */
export function withClauses(statement: Extract<Statement, { role: 'alter' }>, clauses: string[]): string {
  const body = statement.sql.replace(/[\s;]+$/, '');
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
