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
const PART = '(?:`(?:[^`]|``)+`|[\\w$]+)';
const NAME = `${PART}(?:\\s*\\.\\s*${PART})?`;
const LIST = `${NAME}(?:\\s*,\\s*${NAME})*`;

/** Statements that leave table structure alone. */
const READS =
  /^(select|show|describe|desc|explain|insert|update|delete|replace|set|start|begin|commit|rollback|savepoint|release|lock|unlock|do|with|values|table|truncate|analyze|optimize|checksum|handler|use)\b/i;

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
    // RENAME [TO|AS] inside an ALTER renames the table: both names change
    pattern: new RegExp(
      `^alter\\s+(?:online\\s+|ignore\\s+)*table\\s+(?:if\\s+exists\\s+)?(${NAME})(?:[\\s\\S]*?\\brename\\s+(?:to\\s+|as\\s+)?(?!column\\b|index\\b|key\\b)(${NAME})\\s*$)?`,
      'i',
    ),
    names: (match) => [match[1]!, ...(match[2] ? [match[2]] : [])],
  },
  {
    kind: 'drop_table',
    pattern: new RegExp(`^drop\\s+(?:temporary\\s+)?tables?\\s+(?:if\\s+exists\\s+)?(${LIST})`, 'i'),
    names: (match) => splitList(match[1]!),
  },
  {
    kind: 'rename_table',
    pattern: new RegExp(`^rename\\s+tables?\\s+(${NAME}\\s+to\\s+${NAME}(?:\\s*,\\s*${NAME}\\s+to\\s+${NAME})*)`, 'i'),
    names: (match) => match[1]!.split(/\s*,\s*|\s+to\s+/i),
  },
  {
    kind: 'create_index',
    pattern: new RegExp(
      `^create\\s+(?:or\\s+replace\\s+)?(?:unique\\s+|fulltext\\s+|spatial\\s+)?index\\s+(?:if\\s+not\\s+exists\\s+)?${PART}(?:\\s+using\\s+\\w+)?\\s+on\\s+(${NAME})`,
      'i',
    ),
    names: (match) => [match[1]!],
  },
  {
    kind: 'drop_index',
    pattern: new RegExp(`^drop\\s+index\\s+(?:if\\s+exists\\s+)?${PART}\\s+on\\s+(${NAME})`, 'i'),
    names: (match) => [match[1]!],
  },
];

/**
 * The tables a step's statements may have changed in `schema`, and its DDL by kind; null when a statement
 * is neither a known read nor a known DDL form (a procedure call, prepared SQL): then only reading the
 * whole schema tells what changed.
 */
export function touchedTables(statements: string[], schema: string): Touched | null {
  const touched: Touched = { tables: new Set(), counts: noDdl() };
  for (const statement of statements) {
    // Sequelize ends its statements with `;` (`ALTER TABLE \`a\` RENAME TO \`b\`;`): the forms match what comes before it
    const text = withoutComments(statement)
      .trim()
      .replace(/(?:\s*;)+$/, '');
    if (text === '' || READS.test(text)) continue;
    const form = PATTERNS.find(({ pattern }) => pattern.test(text));
    if (!form) return null;
    touched.counts[form.kind]++;
    for (const name of form.names(text.match(form.pattern)!)) {
      const table = inSchema(name, schema);
      if (table !== null) touched.tables.add(table);
    }
  }
  return touched;
}

function splitList(list: string): string[] {
  return list.match(new RegExp(NAME, 'g')) ?? [];
}

/** The table's name if it is in `schema` (unqualified names are), else null. */
function inSchema(name: string, schema: string): string | null {
  const parts = name.match(new RegExp(PART, 'g'))!.map(unquote);
  if (parts.length === 2 && parts[0] !== schema) return null;
  return parts.at(-1)!;
}

function unquote(part: string): string {
  return part.startsWith('`') ? part.slice(1, -1).replace(/``/g, '`') : part;
}

function withoutComments(sql: string): string {
  return sql.replace(/\/\*(?!!)[\s\S]*?\*\/|(?:--\s|#)[^\n]*/g, ' ');
}
