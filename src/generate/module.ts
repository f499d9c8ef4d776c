/**
 * A plan as a migration module in the project's own style: sequelize-cli's `(queryInterface, Sequelize)`
 * or umzug's `({ context })`, JavaScript or TypeScript, or SQL through a mysql2 context. A change
 * QueryInterface says exactly (a table or column of plain types, an index, a foreign key, a drop) is its
 * call; the rest (charsets, ON UPDATE, checks, a primary key, table options) is the statement it would
 * send. Pure.
 */
import type { Column, Flavor, Table } from '../schema/types.js';
import type { Operation } from './plan.js';
import { statementOf, takesExpressionDefaultOnly } from './sql.js';

export interface ModuleStyle {
  /** sequelize-cli's `up(queryInterface, Sequelize)`, umzug's `up({ context })`, or SQL on a mysql2 context. */
  form: 'sequelize-cli' | 'umzug' | 'mysql2';
  typescript: boolean;
  /** `module.exports = {…}` (CommonJS) or `export …` (ES modules). */
  esm: boolean;
  /** The engine its statements are written for, the one it is proven on. */
  engine: Flavor['kind'];
}

/** A Sequelize data type that says a server type exactly, or null when only the type's own text does. */
function dataType(type: string, types: string): string | null {
  const simple: Record<string, string> = {
    int: 'INTEGER',
    'int unsigned': 'INTEGER.UNSIGNED',
    bigint: 'BIGINT',
    'bigint unsigned': 'BIGINT.UNSIGNED',
    'tinyint(1)': 'BOOLEAN',
    datetime: 'DATE',
    date: 'DATEONLY',
    time: 'TIME',
    text: 'TEXT',
    json: 'JSON',
    float: 'FLOAT',
    double: 'DOUBLE',
  };
  if (simple[type]) return `${types}.${simple[type]}`;
  const sized = type.match(/^(varchar|char|datetime)\((\d+)\)$/);
  if (sized) return `${types}.${{ varchar: 'STRING', char: 'CHAR', datetime: 'DATE' }[sized[1]!]}(${sized[2]})`;
  const decimal = type.match(/^decimal\((\d+),(\d+)\)$/);
  return decimal ? `${types}.DECIMAL(${decimal[1]}, ${decimal[2]})` : null;
}

/** A quoted SQL literal default as the JavaScript string Sequelize writes back the same; null otherwise. */
function defaultValue(sql: string): string | null {
  const quoted = sql.match(/^'((?:[^'\\]|'')*)'$/);
  return quoted ? quote(quoted[1]!.replace(/''/g, "'")) : null;
}

/**
 * A column as QueryInterface's attributes, or null when they cannot say it exactly. `after`: where
 * addColumn puts it (undefined: changeColumn and createTable, which place no column).
 */
function attributes(
  column: Column,
  types: string,
  after: string | null | undefined,
  primaryKey = false,
): string | null {
  const type = dataType(column.type, types);
  if (!type || column.charset || column.collation || column.onUpdate || column.generated) return null;
  // Sequelize finds a column's key and references in its SQL by these words: a comment or default that
  // holds them is cut up
  if (/PRIMARY KEY|REFERENCES/i.test(`${column.comment} ${column.default ?? ''}`)) return null;
  const value =
    column.default === null || takesExpressionDefaultOnly(column.type) ? null : defaultValue(column.default);
  if (column.default !== null && value === null) return null;
  const parts = [`type: ${type}`, `allowNull: ${column.nullable}`];
  if (value !== null) parts.push(`defaultValue: ${value}`);
  if (primaryKey) parts.push('primaryKey: true');
  if (column.autoIncrement) parts.push('autoIncrement: true');
  if (column.comment) parts.push(`comment: ${JSON.stringify(column.comment)}`);
  if (after !== undefined) parts.push(after === null ? 'first: true' : `after: ${quote(after)}`);
  return `{ ${parts.join(', ')} }`;
}

/** A JavaScript string literal in single quotes, whatever the text holds (a multi-line CREATE TABLE). */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/**
 * createTable with a column's attributes a line each, or null when it cannot say the table exactly: a
 * column attributes cannot say, a check, table options, or a primary key whose order is not its columns'
 * (Sequelize writes PRIMARY KEY in attribute order). Its indexes and foreign keys are operations of their
 * own. Sequelize writes ENGINE=InnoDB unless told otherwise, and a charset and collation only when given.
 */
function createTableCall(table: Table, types: string, indent: string): string | null {
  const key = table.primaryKey ?? [];
  const ordered = table.columns.filter((column) => key.includes(column.name)).map((column) => column.name);
  if (
    table.checks.length > 0 ||
    table.indexes.length > 0 ||
    table.options ||
    ordered.join('\u0000') !== key.join('\u0000')
  )
    return null;
  const columns = table.columns.map((column) => [
    column.name,
    attributes(column, types, undefined, key.includes(column.name)),
  ]);
  if (columns.some(([, attrs]) => attrs === null)) return null;
  const options = [
    table.engine && table.engine !== 'InnoDB' ? `engine: ${quote(table.engine)}` : '',
    table.charset ? `charset: ${quote(table.charset)}` : '',
    // null when it is the charset's default: the file runs alike on servers whose defaults differ
    table.collation ? `collate: ${quote(table.collation)}` : '',
    table.comment ? `comment: ${quote(table.comment)}` : '',
  ].filter(Boolean);
  const lines = columns.map(([name, attrs]) => `${indent}  ${propertyName(name!)}: ${attrs},`);
  return `await queryInterface.createTable(${quote(table.name)}, {\n${lines.join('\n')}\n${indent}}${options.length > 0 ? `, { ${options.join(', ')} }` : ''});`;
}

/** A column's name as an object key: bare where JavaScript allows it. */
function propertyName(name: string): string {
  if (name === '__proto__') return `[${quote(name)}]`; // not the prototype, whether quoted or not
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
}

/** One operation as the statement(s) of a module's up or down, its lines after the first at `indent`. */
function callOf(operation: Operation, style: ModuleStyle, types: string, indent: string): string {
  const raw = `await ${style.form === 'mysql2' ? 'context' : 'queryInterface.sequelize'}.query(${quote(statementOf(operation, style.engine).replace(/;$/, ''))});`;
  if (style.form === 'mysql2') return raw;
  const q = 'queryInterface';
  switch (operation.op) {
    case 'addColumn': {
      const attrs = operation.primaryKey ? null : attributes(operation.column, types, operation.after);
      return attrs
        ? `await ${q}.addColumn(${quote(operation.table)}, ${quote(operation.column.name)}, ${attrs});`
        : raw;
    }
    case 'changeColumn': {
      const attrs = operation.primaryKey ? null : attributes(operation.column, types, undefined);
      return attrs
        ? `await ${q}.changeColumn(${quote(operation.table)}, ${quote(operation.column.name)}, ${attrs});`
        : raw;
    }
    case 'removeColumn':
      return operation.primaryKey
        ? raw
        : `await ${q}.removeColumn(${quote(operation.table)}, ${quote(operation.column.name)});`;
    case 'createTable':
      return createTableCall(operation.table, types, indent) ?? raw;
    case 'dropTable':
      return `await ${q}.dropTable(${quote(operation.table.name)});`;
    case 'addIndex': {
      const { index } = operation;
      if (
        index.kind !== 'btree' ||
        !index.visible ||
        index.parts.some((part) => part.column === null || part.prefix !== null || part.descending)
      )
        return raw;
      const fields = index.parts.map((part) => quote(part.column!)).join(', ');
      return `await ${q}.addIndex(${quote(operation.table)}, [${fields}], { name: ${quote(index.name)}${index.unique ? ', unique: true' : ''} });`;
    }
    case 'removeIndex':
      return `await ${q}.removeIndex(${quote(operation.table)}, ${quote(operation.index.name)});`;
    case 'addForeignKey': {
      const { key } = operation;
      const rules = [
        key.onDelete === 'RESTRICT' ? '' : `, onDelete: ${quote(key.onDelete)}`,
        key.onUpdate === 'RESTRICT' ? '' : `, onUpdate: ${quote(key.onUpdate)}`,
      ].join('');
      const references = `{ table: ${quote(key.referencedTable)}, fields: [${key.referencedColumns.map(quote).join(', ')}] }`;
      return `await ${q}.addConstraint(${quote(operation.table)}, { type: 'foreign key', name: ${quote(key.name)}, fields: [${key.columns.map(quote).join(', ')}], references: ${references}${rules} });`;
    }
    case 'removeForeignKey':
      return `await ${q}.removeConstraint(${quote(operation.table)}, ${quote(operation.key.name)});`;
    default:
      return raw;
  }
}

/**
 * The body of an up or down: its calls, each with the reason to review it above it, indented as the
 * form nests them (sequelize-cli's methods of an object, umzug's top-level functions).
 */
function body(operations: Operation[], style: ModuleStyle, types: string, review: Map<number, string>): string {
  const indent = style.form === 'sequelize-cli' ? '    ' : '  ';
  if (operations.length === 0) return `${indent}// nothing to undo`;
  return operations
    .map((operation, i) => {
      const why = review.get(i);
      return `${why ? `${indent}// REVIEW: ${why}\n` : ''}${indent}${callOf(operation, style, types, indent)}`;
    })
    .join('\n');
}

/** The whole module, in the project's style. */
export function renderModule(
  up: Operation[],
  down: Operation[],
  review: Map<number, string>,
  style: ModuleStyle,
  summary: string,
): string {
  const ts = style.typescript;
  if (style.form === 'sequelize-cli') {
    const types = 'Sequelize';
    const signature = ts
      ? '(queryInterface: QueryInterface, Sequelize: typeof DataTypes)'
      : '(queryInterface, Sequelize)';
    const head = ts
      ? `import { DataTypes, QueryInterface } from 'sequelize';\n\n/** ${summary} */\n${style.esm ? 'export default' : 'module.exports ='} {`
      : `'use strict';\n\n/** ${summary} */\n/** @type {import('sequelize-cli').Migration} */\n${style.esm ? 'export default' : 'module.exports ='} {`;
    return `${head}
  async up${signature} {
${body(up, style, types, review)}
  },

  async down${signature} {
${body(down, style, types, new Map())}
  },
};
`;
  }
  const types = 'DataTypes';
  const context = style.form === 'mysql2' ? 'context' : 'context: queryInterface';
  const typed = ts ? (style.form === 'mysql2' ? ': MigrationFn<Connection>' : ': MigrationFn<QueryInterface>') : '';
  const imports = ts
    ? style.form === 'mysql2'
      ? "import type { Connection } from 'mysql2/promise';\nimport type { MigrationFn } from 'umzug';\n\n"
      : "import { DataTypes, QueryInterface } from 'sequelize';\nimport type { MigrationFn } from 'umzug';\n\n"
    : style.form === 'mysql2'
      ? ''
      : style.esm
        ? "import { DataTypes } from 'sequelize';\n\n"
        : "const { DataTypes } = require('sequelize');\n\n";
  const exported = (name: string, operations: Operation[], reviewed: Map<number, string>) =>
    style.esm || ts
      ? `export const ${name}${typed} = async ({ ${context} }) => {\n${body(operations, style, types, reviewed)}\n};`
      : `exports.${name} = async ({ ${context} }) => {\n${body(operations, style, types, reviewed)}\n};`;
  return `${imports}/** ${summary} */\n${exported('up', up, review)}\n\n${exported('down', down, new Map())}\n`;
}
