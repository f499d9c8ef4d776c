import type { RawSchema, Row } from '../raw.js';
import type {
  Check,
  Column,
  Flavor,
  ForeignKey,
  Index,
  IndexKind,
  IndexPart,
  ReferentialAction,
  Schema,
  Table,
} from '../types.js';
import type { Dialect } from './dialect.js';
import { canonicalExpression, isCurrentTimestamp } from './expression.js';
import { mariadb } from './mariadb.js';
import { mysql } from './mysql.js';

export interface NormaliseOptions {
  /**
   * The server's default collation of each charset (information_schema.CHARACTER_SETS). A collation that
   * is its charset's default is recorded as null, "the default": servers differ in their defaults
   * (utf8mb4_0900_ai_ci on MySQL 8+, utf8mb4_general_ci on MariaDB 10, utf8mb4_uca1400_ai_ci on MariaDB
   * 11.5+), so this is what keeps snapshots engine-neutral.
   */
  defaultCollations?: Readonly<Record<string, string>>;
  /** Tables that are never schema, such as the migration-metadata table (compared case-insensitively). */
  exclude?: readonly string[];
}

/** The one place that picks a flavor's rules. */
export function dialectOf(flavor: Flavor): Dialect {
  return flavor.kind === 'mariadb' ? mariadb : mysql;
}

/**
 * Turns information_schema rows into a `Schema` that compares equal across MySQL 8.0–9.x and
 * MariaDB 10.6–11.x when the tables are the same.
 */
export function normalise(raw: RawSchema, flavor: Flavor, options: NormaliseOptions = {}): Schema {
  const dialect = dialectOf(flavor);
  const excluded = new Set((options.exclude ?? []).map((name) => name.toLowerCase()));
  const names = raw.tables
    .map((row) => str(row.TABLE_NAME))
    .filter((name) => !excluded.has(name.toLowerCase()))
    .sort();
  const byTable = <T extends Row>(rows: T[]) => groupBy(rows, (row) => str(row.TABLE_NAME));
  const columns = byTable(raw.columns);
  const statistics = byTable(raw.statistics);
  const keyColumns = byTable(raw.keyColumns);
  const rules = byTable(raw.referentialConstraints);
  const checks = checksByTable(raw);
  const tables: Record<string, Table> = {};
  for (const name of names) {
    const row = raw.tables.find((table) => str(table.TABLE_NAME) === name)!;
    const collation = canonicalCollation(nullableStr(row.TABLE_COLLATION));
    const charset = charsetOf(collation);
    const indexRows = statistics.get(name) ?? [];
    const foreignKeys = toForeignKeys(keyColumns.get(name) ?? [], rules.get(name) ?? []);
    const table: Table = {
      name,
      engine: nullableStr(row.ENGINE),
      charset,
      collation: explicit(charset, collation, options),
      comment: str(row.TABLE_COMMENT),
      options: tableOptions(str(row.CREATE_OPTIONS)),
      columns: (columns.get(name) ?? [])
        .sort((a, b) => Number(a.ORDINAL_POSITION) - Number(b.ORDINAL_POSITION))
        .map((column) => toColumn(column, collation, dialect, options)),
      primaryKey: toPrimaryKey(indexRows),
      // the index InnoDB makes for a foreign key is kept: only with both sides in view can it be told from
      // one someone named, which must never be hidden (schema/pairing.ts)
      indexes: toIndexes(indexRows, dialect),
      foreignKeys,
      checks: checks.get(name) ?? [],
    };
    tables[name] = dialect.finishTable(table);
  }
  return { tables };
}

/**
 * Table options as CREATE TABLE gave them. `row_format=DYNAMIC` is the InnoDB default on MySQL 5.7+ and
 * MariaDB 10.2+, listed only when written out, so it counts as no option; `partitioned` describes the
 * partitioning, not an option.
 */
export function tableOptions(createOptions: string): string {
  return createOptions
    .split(/\s+/)
    .filter((option) => option !== '' && !/^row_format=dynamic$/i.test(option) && option !== 'partitioned')
    .map((option) => option.replace(/^([a-z_]+)=/i, (key) => key.toLowerCase()))
    .sort()
    .join(' ');
}

/** The collation, or null when it is the server's default for its charset. */
function explicit(charset: string | null, collation: string | null, options: NormaliseOptions): string | null {
  const defaults = options.defaultCollations ?? {};
  // MySQL before 8.0.30 still names utf8mb3 `utf8` in CHARACTER_SETS.
  const fallback =
    charset === null ? undefined : (defaults[charset] ?? (charset === 'utf8mb3' ? defaults.utf8 : undefined));
  return collation !== null && canonicalCollation(fallback ?? null) === collation ? null : collation;
}

function toColumn(row: Row, tableCollation: string | null, dialect: Dialect, options: NormaliseOptions): Column {
  const extra = str(row.EXTRA);
  const collation = canonicalCollation(nullableStr(row.COLLATION_NAME));
  const inherited = collation === tableCollation;
  const generation = dialect.generationExpression(row);
  const onUpdate = extra.match(/on update ([a-z_]+(?:\(\d*\))?)/i);
  return {
    name: str(row.COLUMN_NAME),
    position: Number(row.ORDINAL_POSITION),
    type: canonicalType(str(row.COLUMN_TYPE)),
    nullable: str(row.IS_NULLABLE).toUpperCase() === 'YES',
    default: generation === null ? dialect.columnDefault(row) : null,
    autoIncrement: /auto_increment/i.test(extra),
    onUpdate: onUpdate ? canonicalOnUpdate(onUpdate[1]!) : null,
    generated:
      generation === null ? null : { expression: canonicalExpression(generation), stored: /STORED/i.test(extra) },
    charset: inherited ? null : canonicalCharset(nullableStr(row.CHARACTER_SET_NAME)),
    collation: inherited ? null : explicit(charsetOf(collation), collation, options),
    comment: str(row.COLUMN_COMMENT),
  };
}

function canonicalOnUpdate(expression: string): string {
  const canonical = canonicalExpression(expression);
  return isCurrentTimestamp(canonical) ? canonical : expression;
}

/**
 * Integer display widths are gone from MySQL 8.0.19+ but still printed by MariaDB (`int(11)`), except
 * `tinyint(1)`, which both keep because it spells BOOLEAN, and ZEROFILL columns, where width matters.
 * MariaDB also still prints `year(4)`.
 */
export function canonicalType(columnType: string): string {
  const type = lowercaseOutsideQuotes(columnType.trim().replace(/\s+/g, ' '));
  const integer = type.match(/^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)(.*)$/);
  if (integer) {
    const [, base, width, rest] = integer;
    if ((base === 'tinyint' && width === '1') || rest!.includes('zerofill')) return type;
    return `${base}${rest}`;
  }
  if (type === 'year(4)') return 'year';
  return type;
}

/** ENUM and SET members are data: their case matters, the type's keywords' does not. */
function lowercaseOutsideQuotes(text: string): string {
  return text
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase()))
    .join('');
}

/** `utf8` means `utf8mb3` on every supported server; MySQL 8.0.30+ and MariaDB 10.6+ print the latter. */
export function canonicalCharset(charset: string | null): string | null {
  return charset === 'utf8' ? 'utf8mb3' : charset;
}

export function canonicalCollation(collation: string | null): string | null {
  return collation?.replace(/^utf8_/, 'utf8mb3_') ?? null;
}

function charsetOf(collation: string | null): string | null {
  return collation === null ? null : collation === 'binary' ? 'binary' : collation.split('_')[0]!;
}

function toPrimaryKey(rows: Row[]): string[] | null {
  const primary = rows.filter((row) => str(row.INDEX_NAME) === 'PRIMARY');
  if (primary.length === 0) return null;
  return primary.sort(bySeq('SEQ_IN_INDEX')).map((row) => str(row.COLUMN_NAME));
}

function toIndexes(rows: Row[], dialect: Dialect): Index[] {
  const byName = groupBy(
    rows.filter((row) => str(row.INDEX_NAME) !== 'PRIMARY'),
    (row) => str(row.INDEX_NAME),
  );
  return [...byName.entries()]
    .map(([name, parts]): Index => {
      const sorted = parts.sort(bySeq('SEQ_IN_INDEX'));
      const kind = indexKind(str(sorted[0]!.INDEX_TYPE));
      return {
        name,
        unique: Number(sorted[0]!.NON_UNIQUE) === 0,
        kind,
        parts: sorted.map((row) => toIndexPart(row, kind, dialect)),
        visible: dialect.indexVisible(sorted[0]!),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function toIndexPart(row: Row, kind: IndexKind, dialect: Dialect): IndexPart {
  const expression = dialect.indexExpression(row);
  return {
    column: expression === null ? nullableStr(row.COLUMN_NAME) : null,
    expression,
    // Spatial indexes report a SUB_PART of 32 that no DDL can set.
    prefix: kind === 'spatial' || row.SUB_PART == null ? null : Number(row.SUB_PART),
    descending: str(row.COLLATION).toUpperCase() === 'D',
  };
}

function indexKind(indexType: string): IndexKind {
  const type = indexType.toUpperCase();
  return type === 'FULLTEXT' ? 'fulltext' : type === 'SPATIAL' ? 'spatial' : 'btree';
}

function toForeignKeys(keyRows: Row[], ruleRows: Row[]): ForeignKey[] {
  const byName = groupBy(keyRows, (row) => str(row.CONSTRAINT_NAME));
  return [...byName.entries()]
    .map(([name, rows]): ForeignKey => {
      const sorted = rows.sort(bySeq('ORDINAL_POSITION'));
      const rule = ruleRows.find((row) => str(row.CONSTRAINT_NAME) === name);
      return {
        name,
        columns: sorted.map((row) => str(row.COLUMN_NAME)),
        referencedTable: str(sorted[0]!.REFERENCED_TABLE_NAME),
        referencedColumns: sorted.map((row) => str(row.REFERENCED_COLUMN_NAME)),
        onDelete: referentialAction(rule?.DELETE_RULE),
        onUpdate: referentialAction(rule?.UPDATE_RULE),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** RESTRICT, NO ACTION and no clause all mean "refuse" in InnoDB, which checks immediately. */
function referentialAction(rule: unknown): ReferentialAction {
  const value = str(rule).toUpperCase();
  return value === 'CASCADE' || value === 'SET NULL' || value === 'SET DEFAULT' ? value : 'RESTRICT';
}

/**
 * MariaDB's CHECK_CONSTRAINTS names the table; MySQL's does not, but there check names are unique in
 * the schema and TABLE_CONSTRAINTS maps them to their table.
 */
function checksByTable(raw: RawSchema): Map<string, Check[]> {
  const tableOf = new Map(raw.tableChecks.map((row) => [str(row.CONSTRAINT_NAME), str(row.TABLE_NAME)]));
  const result = new Map<string, Check[]>();
  for (const row of raw.checkConstraints) {
    const name = str(row.CONSTRAINT_NAME);
    const table = row.TABLE_NAME != null ? str(row.TABLE_NAME) : tableOf.get(name);
    if (table === undefined) continue;
    const checks = result.get(table) ?? [];
    checks.push({ name, clause: canonicalExpression(str(row.CHECK_CLAUSE)) });
    result.set(table, checks);
  }
  for (const checks of result.values()) checks.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = key(row);
    const group = groups.get(name);
    if (group) group.push(row);
    else groups.set(name, [row]);
  }
  return groups;
}

const bySeq = (field: string) => (a: Row, b: Row) => Number(a[field]) - Number(b[field]);
const str = (value: unknown): string => (value == null ? '' : String(value));
const nullableStr = (value: unknown): string | null => (value == null || value === '' ? null : String(value));
