/** The statements that change table structure, as the server counts them (its `Com_*` status counters). */
export const DDL_KINDS = [
  'create_table',
  'alter_table',
  'drop_table',
  'rename_table',
  'create_index',
  'drop_index',
] as const;

export type DdlKind = (typeof DDL_KINDS)[number];
export type DdlCounts = Record<DdlKind, number>;

/** What a step's statements did to the schema: the tables they may have changed, and how many DDL of each kind. */
export interface Touched {
  tables: Set<string>;
  counts: DdlCounts;
}

export function noDdl(): DdlCounts {
  return Object.fromEntries(DDL_KINDS.map((kind) => [kind, 0])) as DdlCounts;
}

// A table name as written: `quoted`, or bare; optionally qualified by its schema.
export const PART = '(?:`(?:[^`]|``)+`|[\\w$]+)';
export const NAME = `${PART}(?:\\s*\\.\\s*${PART})?`;
const LIST = `${NAME}(?:\\s*,\\s*${NAME})*`;

/** Statements that leave table structure alone. */
const READS =
  /^(select|show|describe|desc|explain|insert|update|delete|replace|set|start|begin|commit|rollback|savepoint|release|lock|unlock|do|with|values|table|truncate|analyze|optimize|checksum|handler|use)\b/i;

// `CREATE [OR REPLACE] [ALGORITHM = …] [DEFINER = …] [SQL SECURITY …] VIEW`, as mysqldump writes it too.
const VIEW_PREFIX = '(?:algorithm\\s*=\\s*\\w+\\s+)?(?:definer\\s*=\\s*\\S+\\s+)?(?:sql\\s+security\\s+\\w+\\s+)?view';
const TRIGGER_PREFIX = '(?:definer\\s*=\\s*\\S+\\s+)?trigger';

/**
 * Views and triggers: a snapshot holds neither, and the server refuses them on a table name (CREATE VIEW
 * over an existing table, DROP VIEW of a table), so they change no table. The server counts them apart
 * (`Com_create_view`, `Com_create_trigger`), which the DDL counters leave out.
 */
const OTHER_OBJECTS = new RegExp(
  `^(?:(?:create\\s+(?:or\\s+replace\\s+)?|alter\\s+)${VIEW_PREFIX}|drop\\s+view|create\\s+(?:or\\s+replace\\s+)?${TRIGGER_PREFIX}|drop\\s+trigger)\\b`,
  'i',
);

/**
 * A trigger, procedure or function with a BEGIN … END body: its body's statements end in `;` too, so a
 * query holding one cannot be cut into statements here.
 */
const COMPOUND =
  /^create\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+)?(?:trigger|procedure|function|event)\b[\s\S]*\bbegin\b/i;

// RENAME [TO|AS] among an ALTER TABLE's changes renames the table (RENAME COLUMN, INDEX and KEY do not).
const RENAME_TO = new RegExp(`\\brename\\s+(?:to\\s+|as\\s+)?(?!(?:column|index|key)\\b)(${NAME})`, 'gi');

const PATTERNS: { kind: DdlKind; pattern: RegExp; names: (match: RegExpMatchArray) => string[] }[] = [
  {
    kind: 'create_table',
    pattern: new RegExp(
      `^create\\s+(?:or\\s+replace\\s+)?(?:temporary\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(${NAME})`,
      'i',
    ),
    names: (match) => [match[1]!],
  },
  {
    kind: 'alter_table',
    // the table, and every RENAME target among its changes, wherever it stands (`RENAME TO b, ADD c INT`)
    pattern: new RegExp(`^alter\\s+(?:online\\s+|ignore\\s+)*table\\s+(?:if\\s+exists\\s+)?(${NAME})([\\s\\S]*)`, 'i'),
    names: (match) => [match[1]!, ...[...match[2]!.matchAll(RENAME_TO)].map((rename) => rename[1]!)],
  },
  {
    kind: 'drop_table',
    pattern: new RegExp(`^drop\\s+(?:temporary\\s+)?tables?\\s+(?:if\\s+exists\\s+)?(${LIST})`, 'i'),
    names: (match) => namesIn(match[1]!),
  },
  {
    kind: 'rename_table',
    pattern: new RegExp(`^rename\\s+tables?\\s+(${NAME}\\s+to\\s+${NAME}(?:\\s*,\\s*${NAME}\\s+to\\s+${NAME})*)`, 'i'),
    // TO is reserved: a table of that name is always quoted
    names: (match) => namesIn(match[1]!).filter((name) => name.toLowerCase() !== 'to'),
  },
  {
    kind: 'create_index',
    pattern: new RegExp(
      `^create\\s+(?:or\\s+replace\\s+)?(?:online\\s+|offline\\s+)?(?:unique\\s+|fulltext\\s+|spatial\\s+)?index\\s+(?:if\\s+not\\s+exists\\s+)?${PART}(?:\\s+using\\s+\\w+)?\\s+on\\s+(${NAME})`,
      'i',
    ),
    names: (match) => [match[1]!],
  },
  {
    kind: 'drop_index',
    pattern: new RegExp(
      `^drop\\s+(?:online\\s+|offline\\s+)?index\\s+(?:if\\s+exists\\s+)?${PART}\\s+on\\s+(${NAME})`,
      'i',
    ),
    names: (match) => [match[1]!],
  },
];

/**
 * The tables a step's statements may have changed in `schema`, and its DDL by kind; null when a statement
 * is neither a known read nor a known DDL form (a procedure call, prepared SQL): then only reading the
 * whole schema tells what changed. Each of `queries` is what one call sent, which may hold several
 * statements (connections allow multipleStatements).
 */
export function touchedTables(queries: string[], schema: string): Touched | null {
  const touched: Touched = { tables: new Set(), counts: noDdl() };
  for (const query of queries) {
    for (const statement of statementsIn(query)) {
      const form = formOf(statement);
      if (form === 'opaque') return null;
      if (form === 'other') continue;
      touched.counts[form.kind]++;
      for (const name of form.tables) {
        const table = inSchema(name, schema);
        if (table !== null) touched.tables.add(table);
      }
    }
  }
  return touched;
}

/** A trigger, procedure or function with a body: one statement, whatever `;` its body holds. */
export function isCompound(query: string): boolean {
  return COMPOUND.test(query.trim());
}

/**
 * What one statement does to table structure: a DDL form and the tables it names (as written, maybe
 * qualified); `other` for a read, a write of rows or a view or trigger; `opaque` for what only the server
 * knows (a compound statement, a procedure call, a form not known here).
 */
export function formOf(statement: string): { kind: DdlKind; tables: string[] } | 'other' | 'opaque' {
  if (COMPOUND.test(statement)) return 'opaque';
  if (READS.test(statement) || OTHER_OBJECTS.test(statement)) return 'other';
  const form = PATTERNS.find(({ pattern }) => pattern.test(statement));
  return form ? { kind: form.kind, tables: form.names(statement.match(form.pattern)!) } : 'opaque';
}

// One token of a query: a string literal, a quoted name, a comment, the start or end of an executable
// comment, a statement's end, or other text.
const TOKEN =
  /'(?:[^'\\]|\\[\s\S]|'')*'?|"(?:[^"\\]|\\[\s\S]|"")*"?|`(?:[^`]|``)*`?|\/\*M?!\d*|\/\*[\s\S]*?(?:\*\/|$)|\*\/|(?:--(?=\s|$)|#)[^\n]*|;|[^'"`/*#;-]+|[\s\S]/gy;

/**
 * The statements of one query as the server runs them: cut at each `;` outside quotes and comments,
 * trimmed, without comments, and with string literals emptied (so that a `COMMENT 'rename to x'` names
 * no table) unless `literals` keeps them, to run the statements again. An executable comment
 * (`/*!40101 … *\/`, MariaDB's `/*M!…`) is kept as the code it is.
 */
export function statementsIn(query: string, literals: 'empty' | 'keep' = 'empty'): string[] {
  const statements: string[] = [];
  let current = '';
  let executable = false;
  for (const [token] of query.matchAll(TOKEN)) {
    if (token === ';') {
      statements.push(current);
      current = '';
    } else if (/^\/\*M?!/.test(token)) {
      executable = true;
      current += ' ';
    } else if (token === '*/' && executable) {
      executable = false;
      current += ' ';
    } else if (token.startsWith('/*') || token.startsWith('#') || token.startsWith('--')) current += ' ';
    else if ((token.startsWith("'") || token.startsWith('"')) && literals === 'empty')
      current += `${token[0]}${token[0]}`;
    else current += token;
  }
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter((statement) => statement !== '');
}

function namesIn(list: string): string[] {
  return list.match(new RegExp(NAME, 'g')) ?? [];
}

/**
 * The table's name if it is in `schema` (unqualified names are), else null. Schemas compare ignoring
 * case: with lower_case_table_names=1 `MG_1_CHAIN`.t is the chain's table, and reading a table too
 * many costs less than missing one.
 */
function inSchema(name: string, schema: string): string | null {
  const parts = name.match(new RegExp(PART, 'g'))!.map(unquote);
  if (parts.length === 2 && parts[0]!.toLowerCase() !== schema.toLowerCase()) return null;
  return parts.at(-1)!;
}

/** A table's name as written (`s`.`t`, t) without its schema and quotes. */
export function bareName(name: string): string {
  return unquote(name.match(new RegExp(PART, 'g'))!.at(-1)!);
}

function unquote(part: string): string {
  return part.startsWith('`') ? part.slice(1, -1).replace(/``/g, '`') : part;
}
