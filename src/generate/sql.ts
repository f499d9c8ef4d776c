/**
 * A plan's operations as MySQL DDL that MySQL 8.0.19+ and MariaDB 10.6+ both run, but for an invisible
 * index (the proof runs it on one): the whole migration of an SQL chain (`.up.sql`, `.down.sql`), and what
 * a module's migration sends where QueryInterface has no call for it (checks, table options, a primary
 * key). Pure.
 */
import type { Column, Flavor, ForeignKey, Index, Table } from '../schema/types.js';
import type { KeyChange, Operation } from './plan.js';

/** `name` quoted as an identifier. */
export function identifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** `text` as an SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A column's definition, as CREATE TABLE and ALTER TABLE … ADD/MODIFY COLUMN write it. */
export function columnDefinition(column: Column): string {
  const parts = [identifier(column.name), column.type];
  if (column.charset) parts.push(`CHARACTER SET ${column.charset}`);
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.generated)
    parts.push(
      `GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`,
    );
  parts.push(column.nullable ? 'NULL' : 'NOT NULL');
  if (column.default !== null && !column.generated) parts.push(`DEFAULT ${defaultClause(column.type, column.default)}`);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  if (column.onUpdate) parts.push(`ON UPDATE ${column.onUpdate}`);
  if (column.comment) parts.push(`COMMENT ${literal(column.comment)}`);
  return parts.join(' ');
}

/** TEXT, BLOB, JSON and spatial columns take a default only as an expression (MySQL 8.0.13+). */
export function takesExpressionDefaultOnly(type: string): boolean {
  return /^((tiny|medium|long)?(text|blob)|json|geometry|point|linestring|polygon|multi\w+|geometrycollection)\b/.test(
    type,
  );
}

/**
 * A default as DEFAULT takes it: a literal or CURRENT_TIMESTAMP as it is; an expression (the schema keeps
 * it without its parentheses), or any default of a column that takes only expressions, in parentheses.
 */
function defaultClause(type: string, value: string): string {
  // literals come back quoted from both engines: an unquoted number is an expression (`DEFAULT (42)`)
  const bare = /^('(?:[^'\\]|''|\\.)*'|b'[01]*'|x'[0-9a-f]*'|CURRENT_TIMESTAMP(\(\d\))?)$/i.test(value);
  return bare && !takesExpressionDefaultOnly(type) ? value : `(${value})`;
}

function primaryKey(columns: string[]): string {
  return `ADD PRIMARY KEY (${columns.map(identifier).join(', ')})`;
}

/** A column clause with the primary key it comes with: the old key dropped before it, the new one added after. */
function keyed(key: KeyChange | undefined, clause: string): string {
  if (!key) return clause;
  return [...(key.from ? ['DROP PRIMARY KEY'] : []), clause, ...(key.columns ? [primaryKey(key.columns)] : [])].join(
    ', ',
  );
}

/** An index the optimizer leaves alone: the one thing the two engines say differently. */
function visibility(index: Index, engine: Flavor['kind']): string {
  return index.visible ? '' : engine === 'mysql' ? ' INVISIBLE' : ' IGNORED';
}

function indexParts(index: Index): string {
  return index.parts
    .map((part) =>
      part.column === null
        ? `(${part.expression})`
        : `${identifier(part.column)}${part.prefix === null ? '' : `(${part.prefix})`}${part.descending ? ' DESC' : ''}`,
    )
    .join(', ');
}

function indexKind(index: Index): string {
  return index.kind === 'fulltext'
    ? 'FULLTEXT '
    : index.kind === 'spatial'
      ? 'SPATIAL '
      : index.unique
        ? 'UNIQUE '
        : '';
}

function foreignKeyClause(key: ForeignKey): string {
  const actions = [
    key.onDelete === 'RESTRICT' ? '' : ` ON DELETE ${key.onDelete}`,
    key.onUpdate === 'RESTRICT' ? '' : ` ON UPDATE ${key.onUpdate}`,
  ].join('');
  return `CONSTRAINT ${identifier(key.name)} FOREIGN KEY (${key.columns.map(identifier).join(', ')}) REFERENCES ${identifier(key.referencedTable)} (${key.referencedColumns.map(identifier).join(', ')})${actions}`;
}

/**
 * CREATE TABLE with its columns, primary key, indexes (a new table's are operations of their own) and
 * options; foreign keys are always operations of their own.
 */
function createTable(table: Table, engine: Flavor['kind']): string {
  const lines = table.columns.map((column) => `  ${columnDefinition(column)}`);
  if (table.primaryKey) lines.push(`  PRIMARY KEY (${table.primaryKey.map(identifier).join(', ')})`);
  // a dropped table's down brings its indexes back with it: an AUTO_INCREMENT column may need one
  for (const index of table.indexes)
    lines.push(`  ${indexKind(index)}KEY ${identifier(index.name)} (${indexParts(index)})${visibility(index, engine)}`);
  for (const check of table.checks) lines.push(`  CONSTRAINT ${identifier(check.name)} CHECK (${check.clause})`);
  const options = [
    table.engine && `ENGINE=${table.engine}`,
    table.charset && `DEFAULT CHARSET=${table.charset}`,
    table.collation && `COLLATE=${table.collation}`,
    table.comment && `COMMENT=${literal(table.comment)}`,
    table.options,
  ].filter(Boolean);
  return `CREATE TABLE ${identifier(table.name)} (\n${lines.join(',\n')}\n)${options.length > 0 ? ` ${options.join(' ')}` : ''};`;
}

/** One operation as one statement, for the engine the migration is proven on. */
export function statementOf(operation: Operation, engine: Flavor['kind']): string {
  if (operation.op === 'createTable') return createTable(operation.table, engine);
  if (operation.op === 'dropTable') return `DROP TABLE ${identifier(operation.table.name)};`;
  const alter = `ALTER TABLE ${identifier(operation.table)}`;
  switch (operation.op) {
    case 'addColumn':
      return `${alter} ${keyed(operation.primaryKey, `ADD COLUMN ${columnDefinition(operation.column)} ${operation.after === null ? 'FIRST' : `AFTER ${identifier(operation.after)}`}`)};`;
    case 'removeColumn':
      return `${alter} ${keyed(operation.primaryKey, `DROP COLUMN ${identifier(operation.column.name)}`)};`;
    case 'changeColumn':
      return `${alter} ${keyed(operation.primaryKey, `MODIFY COLUMN ${columnDefinition(operation.column)}`)};`;
    case 'setPrimaryKey': {
      const steps = [
        ...(operation.from ? ['DROP PRIMARY KEY'] : []),
        ...(operation.columns ? [primaryKey(operation.columns)] : []),
      ];
      return `${alter} ${steps.join(', ')};`;
    }
    case 'addIndex':
      return `CREATE ${indexKind(operation.index)}INDEX ${identifier(operation.index.name)} ON ${identifier(operation.table)} (${indexParts(operation.index)})${visibility(operation.index, engine)};`;
    case 'removeIndex':
      return `DROP INDEX ${identifier(operation.index.name)} ON ${identifier(operation.table)};`;
    case 'addForeignKey':
      return `${alter} ADD ${foreignKeyClause(operation.key)};`;
    case 'removeForeignKey':
      return `${alter} DROP FOREIGN KEY ${identifier(operation.key.name)};`;
    case 'addCheck':
      return `${alter} ADD CONSTRAINT ${identifier(operation.check.name)} CHECK (${operation.check.clause});`;
    case 'removeCheck':
      // DROP CHECK is MySQL's alone; both take DROP CONSTRAINT (MySQL from 8.0.19)
      return `${alter} DROP CONSTRAINT ${identifier(operation.check.name)};`;
    case 'alterTable': {
      const value = operation.value ?? '';
      const clause = {
        engine: `ENGINE=${value}`,
        collation: `COLLATE=${value}`,
        comment: `COMMENT=${literal(value)}`,
        options: value,
      }[operation.attribute];
      return `${alter} ${clause};`;
    }
  }
}

/** The plan's up and down as SQL files: a statement a paragraph, each with the reason to review it above it. */
export function renderSql(
  up: Operation[],
  down: Operation[],
  review: Map<number, string>,
  engine: Flavor['kind'],
): { up: string; down: string } {
  const file = (operations: Operation[], reviewed: Map<number, string>) =>
    `${operations
      .map(
        (operation, i) =>
          `${reviewed.has(i) ? `-- REVIEW: ${reviewed.get(i)}\n` : ''}${statementOf(operation, engine)}`,
      )
      .join('\n\n')}\n`;
  return { up: file(up, review), down: file(down, new Map()) };
}
