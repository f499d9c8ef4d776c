import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));
import {
  FINDING_KINDS,
  ProjectHost,
  adoptRunTimeDefaults,
  applyIgnoreRules,
  chainTool,
  check,
  cleanupOnSignal,
  compareStage,
  costKind,
  diffSchemas,
  differenceKey,
  driftFindings,
  findingsOf,
  fingerprint,
  hasModel,
  hostSetup,
  inspect,
  judge,
  kindHint,
  lastWords,
  migrationKey,
  modelFindings,
  narrowing,
  oneImage,
  oneLine,
  onlyOn,
  orderingPrefix,
  provision,
  quote,
  resultOf,
  runToEnd,
  runUpgrade,
  schemaReader,
  subject,
  summarise,
  unplaced
} from "./chunk-PRY3QXVE.js";
import {
  ConfigError,
  InfraError,
  chainFiles,
  connect,
  describeFlavor,
  isMigrationFile,
  isStep,
  parseFlavor,
  require_promise,
  whileServerRuns
} from "./chunk-ALM27OAK.js";
import {
  __callDispose,
  __toESM,
  __using
} from "./chunk-YCCGVQQZ.js";

// src/generate.ts
import { readFileSync as readFileSync2, rmSync, writeFileSync } from "node:fs";
import path3 from "node:path";

// src/generate/sql.ts
function identifier(name) {
  return `\`${name.replace(/`/g, "``")}\``;
}
function literal(text) {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}
function columnDefinition(column) {
  const parts = [identifier(column.name), column.type];
  if (column.charset) parts.push(`CHARACTER SET ${column.charset}`);
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.generated)
    parts.push(
      `GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.stored ? "STORED" : "VIRTUAL"}`
    );
  parts.push(column.nullable ? "NULL" : "NOT NULL");
  if (column.default !== null && !column.generated) parts.push(`DEFAULT ${defaultClause(column.type, column.default)}`);
  if (column.autoIncrement) parts.push("AUTO_INCREMENT");
  if (column.onUpdate) parts.push(`ON UPDATE ${column.onUpdate}`);
  if (column.comment) parts.push(`COMMENT ${literal(column.comment)}`);
  return parts.join(" ");
}
function takesExpressionDefaultOnly(type) {
  return /^((tiny|medium|long)?(text|blob)|json|geometry|point|linestring|polygon|multi\w+|geometrycollection)\b/.test(
    type
  );
}
function defaultClause(type, value) {
  const bare = /^('(?:[^'\\]|''|\\.)*'|b'[01]*'|x'[0-9a-f]*'|CURRENT_TIMESTAMP(\(\d\))?)$/i.test(value);
  return bare && !takesExpressionDefaultOnly(type) ? value : `(${value})`;
}
function primaryKey(columns) {
  return `ADD PRIMARY KEY (${columns.map(identifier).join(", ")})`;
}
function keyed(key, clause) {
  if (!key) return clause;
  return [...key.from ? ["DROP PRIMARY KEY"] : [], clause, ...key.columns ? [primaryKey(key.columns)] : []].join(
    ", "
  );
}
function visibility(index, engine) {
  return index.visible ? "" : engine === "mysql" ? " INVISIBLE" : " IGNORED";
}
function indexParts(index) {
  return index.parts.map(
    (part) => part.column === null ? `(${part.expression})` : `${identifier(part.column)}${part.prefix === null ? "" : `(${part.prefix})`}${part.descending ? " DESC" : ""}`
  ).join(", ");
}
function indexKind(index) {
  return index.kind === "fulltext" ? "FULLTEXT " : index.kind === "spatial" ? "SPATIAL " : index.unique ? "UNIQUE " : "";
}
function foreignKeyClause(key) {
  const actions = [
    key.onDelete === "RESTRICT" ? "" : ` ON DELETE ${key.onDelete}`,
    key.onUpdate === "RESTRICT" ? "" : ` ON UPDATE ${key.onUpdate}`
  ].join("");
  return `CONSTRAINT ${identifier(key.name)} FOREIGN KEY (${key.columns.map(identifier).join(", ")}) REFERENCES ${identifier(key.referencedTable)} (${key.referencedColumns.map(identifier).join(", ")})${actions}`;
}
function createTable(table, engine) {
  const lines = table.columns.map((column) => `  ${columnDefinition(column)}`);
  if (table.primaryKey) lines.push(`  PRIMARY KEY (${table.primaryKey.map(identifier).join(", ")})`);
  for (const index of table.indexes)
    lines.push(`  ${indexKind(index)}KEY ${identifier(index.name)} (${indexParts(index)})${visibility(index, engine)}`);
  for (const check2 of table.checks) lines.push(`  CONSTRAINT ${identifier(check2.name)} CHECK (${check2.clause})`);
  const options = [
    table.engine && `ENGINE=${table.engine}`,
    table.charset && `DEFAULT CHARSET=${table.charset}`,
    table.collation && `COLLATE=${table.collation}`,
    table.comment && `COMMENT=${literal(table.comment)}`,
    table.options
  ].filter(Boolean);
  return `CREATE TABLE ${identifier(table.name)} (
${lines.join(",\n")}
)${options.length > 0 ? ` ${options.join(" ")}` : ""};`;
}
function statementOf(operation, engine) {
  if (operation.op === "createTable") return createTable(operation.table, engine);
  if (operation.op === "dropTable") return `DROP TABLE ${identifier(operation.table.name)};`;
  const alter = `ALTER TABLE ${identifier(operation.table)}`;
  switch (operation.op) {
    case "addColumn":
      return `${alter} ${keyed(operation.primaryKey, `ADD COLUMN ${columnDefinition(operation.column)} ${operation.after === null ? "FIRST" : `AFTER ${identifier(operation.after)}`}`)};`;
    case "removeColumn":
      return `${alter} ${keyed(operation.primaryKey, `DROP COLUMN ${identifier(operation.column.name)}`)};`;
    case "changeColumn":
      return `${alter} ${keyed(operation.primaryKey, `MODIFY COLUMN ${columnDefinition(operation.column)}`)};`;
    case "setPrimaryKey": {
      const steps = [
        ...operation.from ? ["DROP PRIMARY KEY"] : [],
        ...operation.columns ? [primaryKey(operation.columns)] : []
      ];
      return `${alter} ${steps.join(", ")};`;
    }
    case "addIndex":
      return `CREATE ${indexKind(operation.index)}INDEX ${identifier(operation.index.name)} ON ${identifier(operation.table)} (${indexParts(operation.index)})${visibility(operation.index, engine)};`;
    case "removeIndex":
      return `DROP INDEX ${identifier(operation.index.name)} ON ${identifier(operation.table)};`;
    case "addForeignKey":
      return `${alter} ADD ${foreignKeyClause(operation.key)};`;
    case "removeForeignKey":
      return `${alter} DROP FOREIGN KEY ${identifier(operation.key.name)};`;
    case "addCheck":
      return `${alter} ADD CONSTRAINT ${identifier(operation.check.name)} CHECK (${operation.check.clause});`;
    case "removeCheck":
      return `${alter} DROP CONSTRAINT ${identifier(operation.check.name)};`;
    case "alterTable": {
      const value = operation.value ?? "";
      const clause = {
        engine: `ENGINE=${value}`,
        collation: `COLLATE=${value}`,
        comment: `COMMENT=${literal(value)}`,
        options: value
      }[operation.attribute];
      return `${alter} ${clause};`;
    }
  }
}
function renderSql(up, down, review, engine) {
  const file = (operations, reviewed) => `${operations.map(
    (operation, i) => `${reviewed.has(i) ? `-- REVIEW: ${reviewed.get(i)}
` : ""}${statementOf(operation, engine)}`
  ).join("\n\n")}
`;
  return { up: file(up, review), down: file(down, /* @__PURE__ */ new Map()) };
}

// src/generate/module.ts
function dataType(type, types) {
  const simple = {
    int: "INTEGER",
    "int unsigned": "INTEGER.UNSIGNED",
    bigint: "BIGINT",
    "bigint unsigned": "BIGINT.UNSIGNED",
    "tinyint(1)": "BOOLEAN",
    datetime: "DATE",
    date: "DATEONLY",
    time: "TIME",
    text: "TEXT",
    json: "JSON",
    float: "FLOAT",
    double: "DOUBLE"
  };
  if (simple[type]) return `${types}.${simple[type]}`;
  const sized = type.match(/^(varchar|char|datetime)\((\d+)\)$/);
  if (sized) return `${types}.${{ varchar: "STRING", char: "CHAR", datetime: "DATE" }[sized[1]]}(${sized[2]})`;
  const decimal = type.match(/^decimal\((\d+),(\d+)\)$/);
  return decimal ? `${types}.DECIMAL(${decimal[1]}, ${decimal[2]})` : null;
}
function defaultValue(sql) {
  const quoted = sql.match(/^'((?:[^'\\]|'')*)'$/);
  return quoted ? quote2(quoted[1].replace(/''/g, "'")) : null;
}
function attributes(column, types, after, primaryKey2 = false) {
  const type = dataType(column.type, types);
  if (!type || column.charset || column.collation || column.onUpdate || column.generated) return null;
  if (/PRIMARY KEY|REFERENCES/i.test(`${column.comment} ${column.default ?? ""}`)) return null;
  const value = column.default === null || takesExpressionDefaultOnly(column.type) ? null : defaultValue(column.default);
  if (column.default !== null && value === null) return null;
  const parts = [`type: ${type}`, `allowNull: ${column.nullable}`];
  if (value !== null) parts.push(`defaultValue: ${value}`);
  if (primaryKey2) parts.push("primaryKey: true");
  if (column.autoIncrement) parts.push("autoIncrement: true");
  if (column.comment) parts.push(`comment: ${JSON.stringify(column.comment)}`);
  if (after !== void 0) parts.push(after === null ? "first: true" : `after: ${quote2(after)}`);
  return `{ ${parts.join(", ")} }`;
}
function quote2(text) {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}
function createTableCall(table, types, indent) {
  const key = table.primaryKey ?? [];
  const ordered = table.columns.filter((column) => key.includes(column.name)).map((column) => column.name);
  if (table.checks.length > 0 || table.indexes.length > 0 || table.options || ordered.join("\0") !== key.join("\0"))
    return null;
  const columns = table.columns.map((column) => [
    column.name,
    attributes(column, types, void 0, key.includes(column.name))
  ]);
  if (columns.some(([, attrs]) => attrs === null)) return null;
  const options = [
    table.engine && table.engine !== "InnoDB" ? `engine: ${quote2(table.engine)}` : "",
    table.charset ? `charset: ${quote2(table.charset)}` : "",
    // null when it is the charset's default: the file runs alike on servers whose defaults differ
    table.collation ? `collate: ${quote2(table.collation)}` : "",
    table.comment ? `comment: ${quote2(table.comment)}` : ""
  ].filter(Boolean);
  const lines = columns.map(([name, attrs]) => `${indent}  ${propertyName(name)}: ${attrs},`);
  return `await queryInterface.createTable(${quote2(table.name)}, {
${lines.join("\n")}
${indent}}${options.length > 0 ? `, { ${options.join(", ")} }` : ""});`;
}
function propertyName(name) {
  if (name === "__proto__") return `[${quote2(name)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote2(name);
}
function callOf(operation, style, types, indent) {
  const raw = `await ${style.form === "mysql2" ? "context" : "queryInterface.sequelize"}.query(${quote2(statementOf(operation, style.engine).replace(/;$/, ""))});`;
  if (style.form === "mysql2") return raw;
  const q = "queryInterface";
  switch (operation.op) {
    case "addColumn": {
      const attrs = operation.primaryKey ? null : attributes(operation.column, types, operation.after);
      return attrs ? `await ${q}.addColumn(${quote2(operation.table)}, ${quote2(operation.column.name)}, ${attrs});` : raw;
    }
    case "changeColumn": {
      const attrs = operation.primaryKey ? null : attributes(operation.column, types, void 0);
      return attrs ? `await ${q}.changeColumn(${quote2(operation.table)}, ${quote2(operation.column.name)}, ${attrs});` : raw;
    }
    case "removeColumn":
      return operation.primaryKey ? raw : `await ${q}.removeColumn(${quote2(operation.table)}, ${quote2(operation.column.name)});`;
    case "createTable":
      return createTableCall(operation.table, types, indent) ?? raw;
    case "dropTable":
      return `await ${q}.dropTable(${quote2(operation.table.name)});`;
    case "addIndex": {
      const { index } = operation;
      if (index.kind !== "btree" || !index.visible || index.parts.some((part) => part.column === null || part.prefix !== null || part.descending))
        return raw;
      const fields = index.parts.map((part) => quote2(part.column)).join(", ");
      return `await ${q}.addIndex(${quote2(operation.table)}, [${fields}], { name: ${quote2(index.name)}${index.unique ? ", unique: true" : ""} });`;
    }
    case "removeIndex":
      return `await ${q}.removeIndex(${quote2(operation.table)}, ${quote2(operation.index.name)});`;
    case "addForeignKey": {
      const { key } = operation;
      const rules2 = [
        key.onDelete === "RESTRICT" ? "" : `, onDelete: ${quote2(key.onDelete)}`,
        key.onUpdate === "RESTRICT" ? "" : `, onUpdate: ${quote2(key.onUpdate)}`
      ].join("");
      const references = `{ table: ${quote2(key.referencedTable)}, fields: [${key.referencedColumns.map(quote2).join(", ")}] }`;
      return `await ${q}.addConstraint(${quote2(operation.table)}, { type: 'foreign key', name: ${quote2(key.name)}, fields: [${key.columns.map(quote2).join(", ")}], references: ${references}${rules2} });`;
    }
    case "removeForeignKey":
      return `await ${q}.removeConstraint(${quote2(operation.table)}, ${quote2(operation.key.name)});`;
    default:
      return raw;
  }
}
function body(operations, style, types, review) {
  const indent = style.form === "sequelize-cli" ? "    " : "  ";
  if (operations.length === 0) return `${indent}// nothing to undo`;
  return operations.map((operation, i) => {
    const why = review.get(i);
    return `${why ? `${indent}// REVIEW: ${why}
` : ""}${indent}${callOf(operation, style, types, indent)}`;
  }).join("\n");
}
function renderModule(up, down, review, style, summary) {
  const ts = style.typescript;
  if (style.form === "sequelize-cli") {
    const types2 = "Sequelize";
    const signature = ts ? "(queryInterface: QueryInterface, Sequelize: typeof DataTypes)" : "(queryInterface, Sequelize)";
    const head = ts ? `import { DataTypes, QueryInterface } from 'sequelize';

/** ${summary} */
${style.esm ? "export default" : "module.exports ="} {` : `'use strict';

/** ${summary} */
/** @type {import('sequelize-cli').Migration} */
${style.esm ? "export default" : "module.exports ="} {`;
    return `${head}
  async up${signature} {
${body(up, style, types2, review)}
  },

  async down${signature} {
${body(down, style, types2, /* @__PURE__ */ new Map())}
  },
};
`;
  }
  const types = "DataTypes";
  const context = style.form === "mysql2" ? "context" : "context: queryInterface";
  const typed = ts ? style.form === "mysql2" ? ": MigrationFn<Connection>" : ": MigrationFn<QueryInterface>" : "";
  const imports = ts ? style.form === "mysql2" ? "import type { Connection } from 'mysql2/promise';\nimport type { MigrationFn } from 'umzug';\n\n" : "import { DataTypes, QueryInterface } from 'sequelize';\nimport type { MigrationFn } from 'umzug';\n\n" : style.form === "mysql2" ? "" : style.esm ? "import { DataTypes } from 'sequelize';\n\n" : "const { DataTypes } = require('sequelize');\n\n";
  const exported = (name, operations, reviewed) => style.esm || ts ? `export const ${name}${typed} = async ({ ${context} }) => {
${body(operations, style, types, reviewed)}
};` : `exports.${name} = async ({ ${context} }) => {
${body(operations, style, types, reviewed)}
};`;
  return `${imports}/** ${summary} */
${exported("up", up, review)}

${exported("down", down, /* @__PURE__ */ new Map())}
`;
}

// src/generate/plan.ts
function swapped(key) {
  return key ? { primaryKey: { columns: key.from, from: key.columns } } : {};
}
var ORDER = [
  "removeForeignKey",
  "removeCheck",
  "removeIndex",
  "createTable",
  "addColumn",
  "changeColumn",
  "alterTable",
  "setPrimaryKey",
  "addIndex",
  "addCheck",
  "addForeignKey",
  "removeColumn",
  "dropTable"
];
function inverse(operation) {
  switch (operation.op) {
    case "createTable":
      return { op: "dropTable", table: operation.table };
    case "dropTable":
      return { op: "createTable", table: operation.table };
    case "addColumn":
      return { ...operation, op: "removeColumn", ...swapped(operation.primaryKey) };
    case "removeColumn":
      return { ...operation, op: "addColumn", ...swapped(operation.primaryKey) };
    case "changeColumn":
      return { ...operation, column: operation.from, from: operation.column, ...swapped(operation.primaryKey) };
    case "setPrimaryKey":
      return { ...operation, columns: operation.from, from: operation.columns };
    case "alterTable":
      return { ...operation, value: operation.from, from: operation.value };
    case "addIndex":
      return { ...operation, op: "removeIndex" };
    case "removeIndex":
      return { ...operation, op: "addIndex" };
    case "addForeignKey":
      return { ...operation, op: "removeForeignKey" };
    case "removeForeignKey":
      return { ...operation, op: "addForeignKey" };
    case "addCheck":
      return { ...operation, op: "removeCheck" };
    case "removeCheck":
      return { ...operation, op: "addCheck" };
  }
}
function plan(expected, actual, differences, options) {
  const operations = [];
  const skipped = [];
  const replaced = /* @__PURE__ */ new Set();
  for (const difference of differences) {
    const destructive = (what, ...group) => {
      if (options.allowDestructive) operations.push(...group);
      else skipped.push({ what, why: "it destroys data: written only with --allow-destructive", difference });
    };
    const want = expected.tables[difference.table];
    const got = actual.tables[difference.table];
    const key = `${difference.table}\0${difference.object}\0${difference.name}`;
    switch (difference.object) {
      case "table":
        if (difference.kind === "missing") {
          operations.push({ op: "createTable", table: withoutKeys(want) });
          for (const index of want.indexes) operations.push({ op: "addIndex", table: want.name, index });
          for (const key2 of want.foreignKeys) operations.push({ op: "addForeignKey", table: want.name, key: key2 });
        } else if (difference.kind === "extra")
          destructive(
            `drop table ${got.name}`,
            ...got.foreignKeys.map((key2) => ({ op: "removeForeignKey", table: got.name, key: key2 })),
            // with its indexes: the down creates it whole, an AUTO_INCREMENT column with its key
            { op: "dropTable", table: { ...got, foreignKeys: [] } }
          );
        else if (difference.kind === "changed")
          operations.push({
            op: "alterTable",
            table: difference.table,
            attribute: difference.attribute,
            value: want[difference.attribute],
            from: got[difference.attribute]
          });
        break;
      case "column": {
        if (difference.kind === "column-order") break;
        const column = want?.columns.find((item) => item.name === difference.name);
        const current = got?.columns.find((item) => item.name === difference.name);
        if (difference.kind === "missing")
          operations.push({ op: "addColumn", table: difference.table, column, after: before(want, column) });
        else if (difference.kind === "extra")
          destructive(`drop column ${difference.table}.${current.name}`, {
            op: "removeColumn",
            table: difference.table,
            column: current,
            after: before(got, current)
          });
        else if (difference.kind === "changed" && !replaced.has(key)) {
          replaced.add(key);
          operations.push({ op: "changeColumn", table: difference.table, column, from: current });
        }
        break;
      }
      case "primaryKey":
        operations.push({
          op: "setPrimaryKey",
          table: difference.table,
          columns: want.primaryKey,
          from: got.primaryKey
        });
        break;
      case "index":
      case "foreignKey":
      case "check": {
        if (difference.kind === "equivalent" || replaced.has(key)) break;
        replaced.add(key);
        const [add, remove] = keyed2(difference.object, difference.table);
        const wanted = find(want, difference.object, difference.name);
        const found = find(got, difference.object, difference.actualName ?? difference.name);
        const renamedFrom = difference.kind === "renamed" ? find(got, difference.object, String(difference.actual)) : null;
        if (found ?? renamedFrom) operations.push(remove(found ?? renamedFrom));
        if (wanted && difference.kind !== "extra") operations.push(add(wanted));
        break;
      }
    }
  }
  const up = [...withKeyedColumns(operations), ...foreignKeysInTheWay(operations, expected, actual)].sort(
    (a, b) => ORDER.indexOf(a.op) - ORDER.indexOf(b.op) || columnOrder(a, b)
  );
  return { up, down: up.map(inverse).reverse(), review: reviewOf(up, actual), skipped };
}
function withKeyedColumns(operations) {
  const keys = operations.filter((operation) => operation.op === "setPrimaryKey");
  const keyOf2 = (operation) => (operation.op === "addColumn" || operation.op === "changeColumn" && !operation.from.autoIncrement) && operation.column.autoIncrement ? keys.find((key) => key.table === operation.table && key.columns?.includes(operation.column.name)) : void 0;
  const folded = operations.map(keyOf2).filter((key) => key !== void 0);
  return operations.flatMap((operation) => {
    if (operation.op === "setPrimaryKey") return folded.includes(operation) ? [] : [operation];
    const key = keyOf2(operation);
    return key && (operation.op === "addColumn" || operation.op === "changeColumn") ? [{ ...operation, primaryKey: { columns: key.columns, from: key.from } }] : [operation];
  });
}
function columnOrder(a, b) {
  if (a.op === "addColumn" && b.op === "addColumn") return a.column.position - b.column.position;
  if (a.op === "removeColumn" && b.op === "removeColumn") return b.column.position - a.column.position;
  return 0;
}
function foreignKeysInTheWay(operations, expected, actual) {
  const planned = new Set(
    operations.flatMap(
      (operation) => operation.op === "addForeignKey" || operation.op === "removeForeignKey" ? [`${operation.table}\0${operation.key.name}`] : []
    )
  );
  const changed = operations.flatMap(
    (operation) => operation.op === "changeColumn" && (operation.column.type !== operation.from.type || operation.column.charset !== operation.from.charset || operation.column.collation !== operation.from.collation || operation.column.autoIncrement !== operation.from.autoIncrement) ? [{ table: operation.table, column: operation.column.name }] : []
  );
  const removedIndexes = operations.flatMap((operation) => {
    if (operation.op === "removeIndex")
      return [{ table: operation.table, columns: operation.index.parts.map((part) => part.column) }];
    const from = operation.op === "setPrimaryKey" ? operation.from : "primaryKey" in operation && operation.primaryKey ? operation.primaryKey.from : null;
    return from ? [{ table: operation.table, columns: from }] : [];
  });
  const leads = (columns, of) => of.every((column, i) => columns[i] === column);
  const inTheWay = (table, key) => changed.some(
    (change) => change.table === table.name && key.columns.includes(change.column) || change.table === key.referencedTable && key.referencedColumns.includes(change.column)
  ) || removedIndexes.some(
    (removed) => removed.table === table.name && leads(removed.columns, key.columns) || removed.table === key.referencedTable && leads(removed.columns, key.referencedColumns)
  );
  return Object.values(actual.tables).flatMap(
    (table) => table.foreignKeys.flatMap((key) => {
      if (!expected.tables[table.name] || planned.has(`${table.name}\0${key.name}`) || !inTheWay(table, key))
        return [];
      const kept = expected.tables[table.name].foreignKeys.find((item) => item.name === key.name) ?? key;
      return [
        { op: "removeForeignKey", table: table.name, key },
        { op: "addForeignKey", table: table.name, key: kept }
      ];
    })
  );
}
function withoutKeys(table) {
  return { ...table, indexes: [], foreignKeys: [] };
}
function before(table, column) {
  const i = table.columns.findIndex((item) => item.name === column.name);
  return i > 0 ? table.columns[i - 1].name : null;
}
function find(table, object, name) {
  if (!table || name === null) return null;
  const list2 = { index: table.indexes, foreignKey: table.foreignKeys, check: table.checks }[object];
  return list2.find((item) => item.name === name) ?? null;
}
function keyed2(object, table) {
  switch (object) {
    case "index":
      return [
        (item) => ({ op: "addIndex", table, index: item }),
        (item) => ({ op: "removeIndex", table, index: item })
      ];
    case "foreignKey":
      return [
        (item) => ({ op: "addForeignKey", table, key: item }),
        (item) => ({ op: "removeForeignKey", table, key: item })
      ];
    case "check":
      return [
        (item) => ({ op: "addCheck", table, check: item }),
        (item) => ({ op: "removeCheck", table, check: item })
      ];
  }
}
function reviewOf(up, actual) {
  const unset = new Set(
    up.flatMap(
      (operation) => operation.op === "addColumn" && operation.column.nullable && operation.column.default === null && !operation.column.generated && !operation.column.autoIncrement ? [`${operation.table}.${operation.column.name}`] : []
    )
  );
  const overUnset = (table, columns) => columns.some((column) => column !== null && unset.has(`${table}.${column}`));
  const putBack = new Set(
    up.flatMap(
      (operation) => operation.op === "removeForeignKey" ? [JSON.stringify([operation.table, operation.key])] : []
    )
  );
  const rowsMayBreak = (operation) => {
    if (!("table" in operation) || typeof operation.table !== "string" || !actual.tables[operation.table]) return false;
    if (operation.op === "addIndex")
      return !overUnset(
        operation.table,
        operation.index.parts.map((part) => part.column)
      );
    if (operation.op === "addForeignKey")
      return !overUnset(operation.table, operation.key.columns) && !putBack.has(JSON.stringify([operation.table, operation.key]));
    return true;
  };
  const why = (operation) => {
    switch (operation.op) {
      case "addColumn":
        if (operation.primaryKey && rowsMayBreak(operation))
          return "a new primary key rebuilds the table (its AUTO_INCREMENT numbers the rows already there)";
        return rowsMayBreak(operation) && !operation.column.nullable && operation.column.default === null && !operation.column.autoIncrement ? "a NOT NULL column without a default: rows already in the table get the type's zero value, or the server refuses them in strict mode; give it a default or backfill it first" : null;
      case "changeColumn": {
        const narrows = narrowing(operation.from.type, operation.column.type);
        if (narrows)
          return `it narrows ${operation.from.type} to ${operation.column.type} (${narrows}): values already there that do not fit are cut, or refused in strict mode; check the data first`;
        if (operation.from.nullable && !operation.column.nullable)
          return "NULL values already in the column are refused (or made the zero value): backfill them first";
        return operation.primaryKey && rowsMayBreak(operation) ? "a new primary key rebuilds the table (its AUTO_INCREMENT numbers the rows already there)" : null;
      }
      case "addIndex":
        return operation.index.unique && rowsMayBreak(operation) ? "rows already in the table may hold duplicates, and the index is refused" : null;
      case "addForeignKey":
        return rowsMayBreak(operation) ? "rows already in the table may reference nothing, and the key is refused" : null;
      case "addCheck":
        return rowsMayBreak(operation) ? "rows already in the table may break the check, and it is refused" : null;
      case "alterTable":
        return operation.attribute === "comment" ? null : `changing the table's ${operation.attribute} copies the table`;
      case "setPrimaryKey":
        return "a new primary key rebuilds the table, and duplicates are refused";
      default:
        return null;
    }
  };
  return up.flatMap((operation, i) => {
    const reason2 = why(operation);
    return reason2 ? [{ operation: i, why: reason2 }] : [];
  });
}

// src/generate/prettier.ts
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
var FORMAT_MS = 6e4;
function projectPrettier(cwd) {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && listsPrettier(manifest)) return installed(manifest, cwd);
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return null;
  }
}
function listsPrettier(manifest) {
  try {
    const json = JSON.parse(readFileSync(manifest, "utf8"));
    return ["dependencies", "devDependencies"].some((field) => json[field]?.prettier !== void 0);
  } catch {
    return false;
  }
}
function installed(manifest, cwd) {
  try {
    const own = createRequire(manifest).resolve("prettier/package.json");
    const json = JSON.parse(readFileSync(own, "utf8"));
    const bin = typeof json.bin === "string" ? json.bin : json.bin.prettier;
    return { bin: path.join(path.dirname(own), bin), version: json.version, listedIn: path.relative(cwd, manifest) };
  } catch {
    return null;
  }
}
async function formatWith(prettier, files, cwd) {
  const command = [process.execPath, prettier.bin, "--write", ...files].map(quote).join(" ");
  const ran = await runToEnd(command, { cwd, env: {}, ms: FORMAT_MS });
  if (ran === null) return `it did not end within ${FORMAT_MS / 1e3} s`;
  return ran.code === 0 ? null : `it failed with exit code ${ran.code}: ${lastWords(ran.output) ?? ""}`;
}

// src/generate/style.ts
import path2 from "node:path";
function styleOf(file, text, context, engine) {
  if (file.endsWith(".sql")) return { sql: true, engine };
  const extension = path2.extname(file);
  const typescript = /\.(c|m)?ts$/.test(extension);
  const esm = /^\s*export\s/m.test(text) && !/module\.exports|exports\.\w+\s*=/.test(text);
  const umzug = /\bup\s*(?::\s*[\w<>]+\s*)?(?:=|:)?\s*(?:async\s*)?(?:function\s*)?\(\s*\{/.test(text);
  const form = context === "mysql2" ? "mysql2" : umzug ? "umzug" : "sequelize-cli";
  return { sql: false, extension, typescript, esm, form, engine };
}
function nameAfter(newest, words, now) {
  const stamp = now.toISOString().replace(/\.\d+Z$/, "");
  const compact = stamp.replace(/[-:T]/g, "");
  const prefix = newest === null ? null : orderingPrefix(newest);
  const separator = newest && prefix ? newest[prefix.length] ?? "-" : "-";
  const next = (() => {
    if (prefix === null) return compact;
    if (/^\d{14}$/.test(prefix)) return later(compact, prefix);
    if (/^\d{4}\.\d{2}\.\d{2}T\d{2}\.\d{2}\.\d{2}$/.test(prefix)) {
      const dotted = stamp.replace(/-/g, ".").replace(/:/g, ".");
      return dotted > prefix ? dotted : `${prefix.slice(0, -2)}${String(Number(prefix.slice(-2)) + 1).padStart(2, "0")}`;
    }
    if (/^\d{8}$/.test(prefix)) return later(compact.slice(0, 8), prefix);
    return String(Number(prefix) + 1).padStart(prefix.length, "0");
  })();
  return `${next}${separator}${words}`;
}
function later(candidate, prefix) {
  return candidate > prefix ? candidate : String(BigInt(prefix) + 1n).padStart(prefix.length, "0");
}

// src/generate.ts
async function generate(config, options) {
  var _stack = [];
  try {
    if (config.tool.kind !== "umzug")
      throw new ConfigError((name) => `generate writes umzug migrations; ${name.runner} is ${config.tool.kind}`, {
        option: "runner"
      });
    if (!hasModel(config))
      throw new ConfigError((name) => `generate needs the model to close the drift with: give ${name.model}`, {
        option: "model"
      });
    const run = { ...config, base: null, seed: null, newOnly: false, baseline: null };
    const owned = __using(_stack, options.server ? null : await provision({ credentials: config.database, image: oneImage(config, "generate"), log: options.log }), true);
    const server = options.server ?? owned;
    const { inspection, errors } = options.seen ? { inspection: options.seen, errors: null } : await runUp(run, server, options);
    if (!inspection?.model)
      throw new ConfigError(
        () => `the chain does not run up to its end${errors === null ? "" : ` (${errors} error(s))`}: run check, fix the chain, then generate`
      );
    const planned = plan(
      inspection.model.expected,
      inspection.replay.replayed.snapshots.at(-1),
      toClose(inspection.evidence.model, config),
      { allowDestructive: options.allowDestructive }
    );
    const skipped = planned.skipped.map((item) => `${item.what}: ${item.why}`);
    const review = planned.review.map((item) => item.why);
    if (planned.up.length === 0)
      return { outcome: skipped.length > 0 ? "skipped" : "nothing", files: [], review, skipped, problems: [], notes: [] };
    let files = render(config, planned, inspection, server.flavor.kind, options);
    const written = [];
    const takeBack = () => written.forEach((file) => rmSync(path3.join(config.cwd, file), { force: true }));
    const unregister = cleanupOnSignal(async () => takeBack());
    let problems;
    let notes;
    try {
      for (const file of files) {
        writeFileSync(path3.join(config.cwd, file.file), file.text, { flag: "wx" });
        written.push(file.file);
      }
      ({ files, notes } = await formatted(config.cwd, files));
      problems = await prove(run, server, files, planned, options);
    } catch (error) {
      takeBack();
      throw error;
    } finally {
      unregister();
    }
    if (problems.length > 0 || options.dryRun) takeBack();
    const outcome = problems.length > 0 ? "unproven" : options.dryRun ? "printed" : "written";
    return { outcome, files, review, skipped, problems, notes };
  } catch (_) {
    var _error = _, _hasError = true;
  } finally {
    var _promise = __callDispose(_stack, _error, _hasError);
    _promise && await _promise;
  }
}
async function formatted(cwd, files) {
  const prettier = projectPrettier(cwd);
  const modules = files.filter((file) => !file.file.endsWith(".sql"));
  if (!prettier || modules.length === 0) return { files, notes: [] };
  const which = `the project's Prettier ${prettier.version} (${prettier.listedIn})`;
  const problem = await formatWith(
    prettier,
    modules.map((file) => file.file),
    cwd
  );
  if (problem) {
    for (const file of modules) writeFileSync(path3.join(cwd, file.file), file.text);
    return { files, notes: [`${which} did not format it, so it is as generated: ${problem}`] };
  }
  const read = files.map(
    (file) => file.file.endsWith(".sql") ? file : { ...file, text: readFileSync2(path3.join(cwd, file.file), "utf8") }
  );
  const changed = read.some((file, i) => file.text !== files[i].text);
  return { files: read, notes: changed ? [`formatted with ${which}`] : [] };
}
async function runUp(run, server, options) {
  const { result, inspection } = await inspected(run, { ...options, server, upOnly: true });
  return { inspection, errors: result.findings.filter((finding) => finding.severity === "error").length };
}
async function inspected(config, options) {
  let inspection = null;
  const result = await check(config, { ...options, inspected: (seen) => inspection = seen });
  return { result, inspection };
}
async function prove(run, server, files, planned, options) {
  const { result: proof, inspection } = await inspected(run, { ...options, server, upOnly: false });
  const names = new Set(files.map((file) => path3.basename(file.file)));
  const left = new Set(planned.skipped.map((item) => differenceKey(item.difference)));
  const remaining = inspection?.evidence.model ? toClose(inspection.evidence.model, run).filter((difference) => !left.has(differenceKey(difference))) : null;
  return [
    ...proof.coverage.gaps,
    ...proof.steps.some((step) => names.has(step.name)) ? [] : ["the chain with it did not run it: does the glob match its name?"],
    ...remaining === null ? ["the model was not compared"] : remaining.map(
      (difference) => `still differs from the model: ${difference.table}${difference.name ? `.${difference.name}` : ""} ${difference.attribute ?? difference.kind}`
    ),
    ...proof.findings.filter((finding) => finding.severity === "error" && names.has(finding.migration ?? "")).map((finding) => `${finding.kind}: ${finding.message}`)
  ];
}
function toClose(model, config) {
  const findings = driftFindings(model.differences, model.applied, model, config);
  const accepted = new Set(
    applyIgnoreRules(findings, config.ignore).filter((finding) => finding.ignored !== void 0).flatMap((finding) => finding.differences.map(differenceKey))
  );
  return model.differences.filter(
    (difference) => !accepted.has(differenceKey(difference)) && difference.kind !== "equivalent" && difference.kind !== "column-order" && (difference.kind !== "renamed" || config.strictNames)
  );
}
function render(config, planned, inspection, engine, options) {
  const newest = inspection.evidence.entries.map((entry) => entry.file).filter(isMigrationFile).at(-1);
  const style = styleOf(
    newest,
    readFileSync2(newest, "utf8"),
    inspection.replay.kind === "mysql2" ? "mysql2" : "sequelize",
    engine
  );
  const words = options.name ?? wordsOf(planned.up[0]);
  const base = nameAfter(path3.basename(newest), words.replace(/[^\w-]+/g, "-"), options.now ?? /* @__PURE__ */ new Date());
  const dir = path3.relative(config.cwd, path3.dirname(newest));
  const review = new Map(planned.review.map((item) => [item.operation, item.why]));
  if (style.sql) {
    const sql = renderSql(planned.up, planned.down, review, engine);
    return [
      { file: path3.join(dir, `${base}.up.sql`), text: sql.up },
      { file: path3.join(dir, `${base}.down.sql`), text: sql.down }
    ];
  }
  const summary = `Closes the drift between the migrations and the model: ${planned.up.length} change(s), written by migration-gate generate.`;
  return [
    {
      file: path3.join(dir, `${base}${style.extension}`),
      text: renderModule(planned.up, planned.down, review, style, summary)
    }
  ];
}
function wordsOf(operation) {
  const words = (verb, name) => `${verb}-${name.replace(/_/g, "-").toLowerCase()}`;
  switch (operation.op) {
    case "addColumn":
      return words("add", operation.column.name);
    case "createTable":
      return words("create", operation.table.name);
    case "changeColumn":
      return words("change", operation.column.name);
    case "addIndex":
      return words("add", operation.index.name);
    default:
      return "close-model-drift";
  }
}

// src/live.ts
import path5 from "node:path";

// src/findings/live.ts
var LIVE_SIDES = { expected: "migrations", actual: "live database" };
var STEP_SIDES = { expected: "migration", actual: "live database" };
var DEPLOYED_SIDES = { expected: "model", actual: "live database after the deploy" };
function liveFindings(evidence, strictness) {
  const steps = evidence.entries.slice(0, Math.max(0, evidence.snapshots.length - 1));
  return [
    ...evidence.missing.map((name) => missingFinding(name, evidence)),
    ...evidence.behind.map((i) => behindFinding(evidence.entries[i], evidence)),
    ...evidence.state ? stateFindings(evidence.state, evidence, steps, strictness) : [],
    ...evidence.deploy ? [deployFinding(evidence.deploy, evidence)] : [],
    ...evidence.model ? modelFindings(evidence.model.applied) : [],
    ...evidence.model ? driftFindings(
      notHandMade(evidence.model.differences, evidence.state),
      evidence.model.applied,
      { snapshots: evidence.snapshots, steps },
      strictness,
      DEPLOYED_SIDES
    ) : []
  ];
}
function missingFinding(name, evidence) {
  return {
    kind: "missing-migration",
    severity: "warning",
    message: `${evidence.target} ran ${name} (it is in ${evidence.metaTable}), but no migration file has that name: it was deleted or renamed, and a renamed one runs again under its new name`,
    ...unplaced(),
    migration: name
  };
}
function behindFinding(entry, evidence) {
  const newest = evidence.entries[evidence.applied - 1];
  return {
    kind: "out-of-order",
    severity: "warning",
    message: `${entry.name} is pending on ${evidence.target} but sorts before ${newest.name}, which it ran: the deploy runs it after that one, a fresh database before it`,
    ...unplaced(),
    file: entry.file,
    line: isStep(entry) ? entry.upLine : null,
    migration: entry.name,
    direction: "up"
  };
}
function stateFindings(state, evidence, steps, strictness) {
  const findings = [];
  const after = (k) => k === 0 ? "no migration" : steps[k - 1].name;
  if (state.at !== evidence.applied) {
    const recorded = steps[evidence.applied - 1];
    const looks = state.partial ? `${after(state.at)} and part of ${steps[state.at].name}` : after(state.at);
    findings.push({
      kind: "live-position",
      severity: "error",
      message: `${evidence.target} records ${evidence.applied} migration(s) in ${evidence.metaTable}${recorded ? `, up to ${recorded.name}` : ""}, but its schema is what the chain gives after ${looks}`,
      ...unplaced(),
      file: recorded?.file ?? null,
      line: recorded?.upLine ?? null,
      migration: recorded?.name ?? null
    });
  }
  if (state.partial) {
    const step = steps[state.partial.step];
    findings.push({
      kind: "half-applied",
      severity: "error",
      message: `${evidence.target} looks half-applied at ${step.name}: it has ${list(state.partial.done)} of its changes, and lacks ${list(state.partial.lacking)}`,
      ...unplaced(),
      file: step.file,
      line: step.upLine,
      migration: step.name,
      direction: "up",
      // what the step would have made, against what the database has
      differences: state.partial.lacking,
      sides: STEP_SIDES
    });
  }
  const attribution = { snapshots: evidence.snapshots.slice(0, state.at + 1), steps };
  const drift = driftFindings(state.drift, { sources: {} }, attribution, strictness, LIVE_SIDES);
  findings.push(
    ...drift.map((finding) => finding.kind === "drift" ? { ...finding, kind: "live-drift" } : finding)
  );
  return findings;
}
function deployFinding(deploy2, evidence) {
  const step = evidence.entries[deploy2.step];
  const how = deploy2.kind === "timeout" ? "would not finish" : "would fail";
  return {
    kind: "upgrade-error",
    severity: "error",
    message: `${step.name} ${how} on ${evidence.target} as it is (run on a copy of its schema, without rows): ${deploy2.failure.message}`,
    ...unplaced(),
    file: deploy2.failure.file,
    line: deploy2.failure.line ?? step.upLine,
    migration: step.name,
    direction: "up"
  };
}
function notHandMade(differences, state) {
  const object = (difference) => JSON.stringify([difference.table, difference.object, difference.name]);
  const handMade = new Set((state?.drift ?? []).map(object));
  return differences.filter((difference) => !handMade.has(object(difference)));
}
function list(differences) {
  const subjects = [...new Set(differences.map(subject))];
  return subjects.length > 4 ? `${subjects.slice(0, 4).join(", ")} and ${subjects.length - 4} more` : subjects.join(", ");
}

// src/live/copy.ts
async function copyStructure(server, schema, live2, from, skip) {
  const kept = ({ name }) => !skip.includes(name);
  const connection = await connect(server.credentials, schema);
  try {
    await connection.query("SET FOREIGN_KEY_CHECKS = 0");
    for (const table of live2.tables.filter(kept))
      await connection.query(table.sql).catch((error) => {
        throw new ConfigError(
          (name) => `the live table ${table.name} cannot be created on the scratch server (${describeFlavor(server.flavor)}, ${server.origin}): ${error.message}; set ${name.mysqlImage} to the live server's version (${describeFlavor(live2.flavor)}), or leave the table out with ${name.ignoreTables}`,
          { option: "mysqlImage" }
        );
      });
    return await copyViews(
      connection,
      live2.views.map((view) => ({ name: view.name, sql: portable(view.sql, from) }))
    );
  } finally {
    connection.destroy();
  }
}
async function copyViews(connection, views) {
  let left = views;
  while (left.length > 0) {
    const failed = [];
    for (const view of left)
      await connection.query(view.sql).catch((error) => failed.push({ ...view, message: error.message }));
    if (failed.length === left.length)
      return failed.map((view) => `View ${view.name} was not copied to the scratch server: ${view.message}.`);
    left = failed;
  }
  return [];
}
function portable(sql, from) {
  const quoted = `\`${from.replace(/`/g, "``")}\`.`;
  return sql.replace(/\bDEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`\s*/i, "").split(quoted).join("");
}

// src/live/locate.ts
function locate(snapshots, live2, recorded) {
  const objects = snapshots.map(objectsOf);
  const here = objectsOf(live2);
  let best = null;
  const consider = (state, unexplained, distance) => {
    if (!best || unexplained < best.unexplained || unexplained === best.unexplained && distance < best.distance)
      best = { state, unexplained, distance };
  };
  objects.forEach((before2, k) => {
    consider(
      () => ({ at: k, partial: null, drift: diffSchemas(snapshots[k], live2) }),
      unexplainedAt(before2, here).size + (k === recorded ? 0 : 1),
      Math.abs(k - recorded)
    );
    const after = objects[k + 1];
    if (!after) return;
    const split = partway(before2, after, here);
    if (split)
      consider(
        () => ({
          at: k,
          partial: {
            step: k,
            done: diffSchemas(snapshots[k], live2).filter((d) => split.done.has(keyOf(d))),
            lacking: diffSchemas(snapshots[k + 1], live2).filter((d) => split.lacking.has(keyOf(d)))
          },
          drift: unexplainedDifferences(snapshots[k], snapshots[k + 1], live2, split.unexplained)
        }),
        // the step the meta table says is the next to run is the one a failed deploy leaves half-applied
        split.unexplained.size + (k === recorded ? 0 : 1),
        Math.abs(k + 0.5 - recorded)
      );
  });
  return best.state();
}
function unexplainedDifferences(before2, after, live2, unexplained) {
  const taken = /* @__PURE__ */ new Set();
  return [...diffSchemas(before2, live2), ...diffSchemas(after, live2)].filter((difference) => {
    const key = keyOf(difference);
    const one = JSON.stringify([key, difference.kind, difference.attribute]);
    if (!unexplained.has(key) || taken.has(one)) return false;
    taken.add(one);
    return true;
  });
}
function unexplainedAt(schema, live2) {
  return new Set([...keysOf(schema, live2)].filter((key) => schema.get(key) !== live2.get(key)));
}
function partway(before2, after, live2) {
  const done = /* @__PURE__ */ new Set();
  const lacking = /* @__PURE__ */ new Set();
  const unexplained = /* @__PURE__ */ new Set();
  for (const key of keysOf(before2, after, live2)) {
    const [was, is, has] = [before2.get(key), after.get(key), live2.get(key)];
    if (was === is) {
      if (has !== was) unexplained.add(key);
    } else if (has === is) done.add(key);
    else if (has === was) lacking.add(key);
    else unexplained.add(key);
  }
  return done.size > 0 && lacking.size > 0 ? { done, lacking, unexplained } : null;
}
function keysOf(...schemas) {
  return new Set(schemas.flatMap((objects) => [...objects.keys()]));
}
var tableObjects = /* @__PURE__ */ new WeakMap();
function objectsOf(schema) {
  return new Map(Object.values(schema.tables).flatMap(objectsOfTable));
}
function objectsOfTable(table) {
  const known = tableObjects.get(table);
  if (known) return known;
  const { name, columns, primaryKey: primaryKey2, indexes, foreignKeys, checks, ...options } = table;
  const objects = [
    [`table:${name}`, JSON.stringify(options)],
    [`order:${name}`, JSON.stringify(columns.map((column) => column.name))],
    [`primaryKey:${name}`, JSON.stringify(primaryKey2)],
    ...columns.map(({ position: _, ...column }) => [
      `column:${name}.${column.name}`,
      JSON.stringify(column)
    ]),
    ...indexes.map((index) => [`index:${name}.${index.name}`, JSON.stringify(index)]),
    ...foreignKeys.map((key) => [`foreignKey:${name}.${key.name}`, JSON.stringify(key)]),
    ...checks.map((check2) => [`check:${name}.${check2.name}`, JSON.stringify(check2)])
  ];
  tableObjects.set(table, objects);
  return objects;
}
function keyOf(difference) {
  const { object, table, name } = difference;
  if (object === "table") return `table:${table}`;
  if (object === "column") return name === null ? `order:${table}` : `column:${table}.${name}`;
  if (object === "primaryKey") return `primaryKey:${table}`;
  return `${object}:${table}.${name}`;
}

// src/live/position.ts
function positionOf(recorded, names) {
  const ran = new Set(recorded.map(migrationKey));
  const files = new Set(names.map(migrationKey));
  const applied = [];
  const pending = [];
  names.forEach((name, i) => (ran.has(migrationKey(name)) ? applied : pending).push(i));
  const newest = applied.at(-1) ?? -1;
  return {
    applied,
    pending,
    missing: recorded.filter((name) => !files.has(migrationKey(name))),
    behind: pending.filter((i) => i < newest)
  };
}

// src/live/read.ts
var import_promise = __toESM(require_promise(), 1);
async function readLive(target, metaTable) {
  const started = performance.now();
  const connection = await connectTo(target);
  try {
    const [version, identity, defaults, objects] = await batch(
      connection,
      [
        ["SELECT VERSION() AS version", []],
        [IDENTITY_SQL, []],
        [
          "SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
          [target.schema]
        ],
        [
          "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
          [target.schema]
        ]
      ],
      target.timeoutMs
    );
    const schemaDefaults = defaults[0];
    if (!schemaDefaults)
      throw new ConfigError(
        (name) => `${name.databaseUrl}: ${target.label} has no schema ${target.schema}, or its user may not see it (GRANT SELECT, SHOW VIEW ON \`${target.schema}\`.* TO \u2026)`,
        { option: "databaseUrl" }
      );
    const listed = objects;
    const tables = listed.filter((object) => object.type !== "VIEW").map((object) => object.name);
    const views = listed.filter((object) => object.type === "VIEW").map((object) => object.name);
    const meta = tables.find((name) => name.toLowerCase() === metaTable.toLowerCase()) ?? null;
    const reads = [
      ...meta ? [[`SELECT * FROM ${import_promise.default.escapeId(meta)}`, []]] : [],
      ...tables.map((name) => [`SHOW CREATE TABLE ${import_promise.default.escapeId(name)}`, []]),
      ...views.map((name) => [`SHOW CREATE VIEW ${import_promise.default.escapeId(name)}`, []])
    ];
    const results = reads.length > 0 ? await batch(connection, reads, target.timeoutMs) : [];
    const rows = meta ? results.shift() : null;
    const ddl = results.map((result) => {
      const row = result[0];
      return { name: row.Table ?? row.View, sql: row["Create Table"] ?? row["Create View"] };
    });
    return {
      flavor: parseFlavor(String(version[0].version)),
      identity: JSON.stringify(identity[0]),
      defaults: schemaDefaults,
      recorded: rows && rows.map(migrationName),
      tables: ddl.slice(0, tables.length),
      views: ddl.slice(tables.length),
      roundTrips: reads.length > 0 ? 2 : 1,
      ms: performance.now() - started
    };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new InfraError(`cannot read the live database ${target.label}: ${reason(error)}`, { cause: error });
  } finally {
    connection.destroy();
  }
}
var IDENTITY_SQL = "SELECT @@hostname AS host, @@port AS port, @@datadir AS datadir, @@server_id AS id";
async function serverIdentity(connection) {
  const [rows] = await connection.query(IDENTITY_SQL);
  return JSON.stringify(rows[0]);
}
function migrationName(row) {
  return String(row.name ?? Object.values(row)[0]);
}
async function batch(connection, reads, timeoutMs) {
  const [results] = await connection.query({
    sql: reads.map(([sql]) => sql).join(";\n"),
    values: reads.flatMap(([, values]) => values),
    // a read waits on a metadata lock while a deploy's ALTER runs: bounded like the connection
    timeout: timeoutMs
  });
  return reads.length === 1 ? [results] : results;
}
async function connectTo(target) {
  try {
    return await import_promise.default.createConnection(target.connection);
  } catch (error) {
    throw new InfraError(`cannot connect to the live database ${target.label}: ${reason(error)}${advice(error)}`, {
      cause: error
    });
  }
}
function reason(error) {
  const { code, message } = error;
  const text = (message ?? String(error)).split("\n")[0];
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}
function advice(error) {
  const { code, message = "" } = error;
  if (code === "ER_ACCESS_DENIED_ERROR") return "; check the user and password in the URL";
  if (code === "PROTOCOL_SEQUENCE_TIMEOUT")
    return "; it did not answer within the connect timeout (a lock held by a running ALTER?)";
  if (code === "ER_BAD_DB_ERROR") return "; the URL's schema does not exist there";
  if (code === "ER_DBACCESS_DENIED_ERROR") return "; grant the user SELECT and SHOW VIEW on the schema";
  if (code === "ETIMEDOUT" || code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH")
    return "; check the host and port, and that this machine may reach the server";
  if (/ssl|tls|certificate|self[- ]signed/i.test(`${code} ${message}`))
    return "; check ?ssl-mode= and ?ssl-ca= in the URL";
  return "";
}

// src/live/target.ts
import { readFileSync as readFileSync3 } from "node:fs";
import path4 from "node:path";
function liveTarget(config) {
  const credentials = config.database;
  if (!credentials)
    throw new ConfigError(
      (name) => `live needs ${name.databaseUrl}: the running database to read, e.g. mysql://reader:password@db.example.com:3306/appdb`,
      { option: "databaseUrl" }
    );
  const schema = config.databaseName;
  if (!schema)
    throw new ConfigError(
      (name) => `${name.databaseUrl} names no schema: live reads one, given as the URL's path (mysql://${credentials.user}@${credentials.host}:${credentials.port}/appdb)`,
      { option: "databaseUrl" }
    );
  return {
    label: `${credentials.user}@${credentials.host}:${credentials.port}/${schema}`,
    schema,
    timeoutMs: config.connectTimeoutMs,
    connection: {
      ...credentials,
      database: schema,
      // one round trip for many reads (see read.ts); every statement sent is a read
      multipleStatements: true,
      connectTimeout: config.connectTimeoutMs,
      ssl: tlsOptions(config)
    }
  };
}
function tlsOptions(config) {
  const tls = config.tls;
  if (!tls) return void 0;
  const ca = tls.ca === null ? void 0 : readCa(path4.resolve(config.cwd, tls.ca));
  switch (tls.mode) {
    case "required":
      return { rejectUnauthorized: false };
    case "verify-ca":
      return { ca, rejectUnauthorized: true, verifyIdentity: false };
    case "verify-identity":
      return { ca, rejectUnauthorized: true, verifyIdentity: true };
  }
}
function readCa(file) {
  try {
    return readFileSync3(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      (name) => `${name.databaseUrl}'s ssl-ca ${file} cannot be read: ${error.message.split("\n")[0]}`,
      { option: "databaseUrl", file }
    );
  }
}

// src/live.ts
async function live(config, options = {}) {
  var _stack = [];
  try {
    const started = performance.now();
    const log = options.log ?? (() => {
    });
    const phase = options.phase ?? ((_name, work) => work());
    const target = liveTarget(config);
    if (config.database?.password) options.secret?.(config.database.password);
    if (config.tool.kind !== "umzug")
      throw new ConfigError(
        (name) => `live reads which migrations a database recorded in umzug's table; with ${name.runner} ${config.tool.kind}, use check`,
        { option: "runner" }
      );
    const tool = chainTool(config);
    const paths = await tool.find(config.cwd);
    const database = await phase(`Read the live database ${target.label}`, () => readLive(target, config.metaTable));
    log(
      `live: ${describeFlavor(database.flavor)}, ${database.tables.length} table(s), ${database.recorded?.length ?? "no"} recorded migration(s), read in ${database.roundTrips} round trip(s)`
    );
    const files = chainFiles(paths);
    const position = positionOf(
      database.recorded ?? [],
      files.map((file) => path5.basename(file))
    );
    if (database.recorded === null && database.tables.length > 0)
      throw new ConfigError(
        (name) => `${target.label} has tables but no ${config.metaTable}: set ${name.metaTable} to the table its migrations are recorded in (sequelize-cli's migrationStorageTableName)`,
        { option: "metaTable" }
      );
    const ordered = [...position.applied, ...position.pending].map((i) => files[i]);
    const scratchConfig = {
      ...config,
      database: config.scratch,
      charset: config.charset ?? database.defaults.charset,
      collation: config.collation ?? database.defaults.collation,
      irreversible: [],
      minimumDowngrade: null,
      base: null,
      seed: null
    };
    const host = __using(_stack, new ProjectHost(hostSetup(config), config.stepTimeoutMs), true);
    await host.prepare();
    const serverStarted = performance.now();
    const owned = __using(_stack, options.server ? null : await phase(
      "Start the scratch server",
      () => provision({
        credentials: config.scratch,
        image: config.scratch ? config.mysqlImages[0] : oneImage(config, "live"),
        log
      })
    ), true);
    const server = options.server ?? owned;
    const serverMs = performance.now() - serverStarted;
    if (config.scratch && !options.server && await serverIdentity(server.admin) === database.identity)
      throw new ConfigError(
        (name) => `${name.scratchUrl} reaches the server ${name.databaseUrl} names, under another name: live only reads that one and replays elsewhere; give another server, or none for a container`,
        { option: "scratchUrl" }
      );
    if (server.credentials.password) options.secret?.(server.credentials.password);
    log(`scratch server: ${server.flavor.raw} (${server.origin})`);
    const secret = options.secret ?? (() => {
    });
    const seen = await inspect({
      config: scratchConfig,
      paths: [...ordered, ...paths.filter((file) => !isMigrationFile(file))],
      tree: null,
      tool,
      host,
      server,
      upOnly: true,
      withModel: false,
      phase,
      log,
      secret
    });
    const deployStarted = performance.now();
    const copied = await phase(
      "Run the pending migrations on a copy of the live schema",
      () => whileServerRuns(
        server,
        () => "the copy of the live schema",
        () => deploy({ server, host, seen, config: scratchConfig, database, target, position })
      )
    );
    const upgradeMs = performance.now() - deployStarted;
    const modelStarted = performance.now();
    const model = hasModel(config) && copied.result.schema ? await compareStage({
      server,
      host,
      config: scratchConfig,
      env: seen.env,
      phase,
      result: copied.result.schema,
      snapshotOf: copied.read
    }) : null;
    const modelMs = performance.now() - modelStarted;
    const evidence = liveEvidence(seen, target, config, position, copied, model);
    const findings = [...findingsOf(seen.evidence, config), ...liveFindings(evidence, config)];
    const gaps = [...seen.coverage.gaps, ...liveGaps(evidence, copied, config, model)];
    const coverage = {
      ...seen.coverage,
      tables: model && { compared: model.compared.length, model: model.info.tables.length },
      gaps
    };
    const judged = judge(
      findings,
      {
        waivers: { irreversible: [], unsafe: [] },
        ignore: config.ignore,
        severities: config.severity,
        mask: seen.mask,
        baseline: null
      },
      gaps
    );
    const notes = [...seen.notes, ...copied.notes, ...liveNotes(config, database, server)];
    const result = resultOf(config, server, { ...seen, coverage, model }, judged, null, notes, {
      serverMs,
      totalMs: performance.now() - started
    });
    return {
      ...result,
      timings: { ...result.timings, upgradeMs, modelMs },
      live: liveReport(evidence, database, position, copied, upgradeMs)
    };
  } catch (_) {
    var _error = _, _hasError = true;
  } finally {
    var _promise = __callDispose(_stack, _error, _hasError);
    _promise && await _promise;
  }
}
async function deploy(input) {
  var _stack = [];
  try {
    const { server, seen, config } = input;
    const schema = seen.schema;
    const options = { exclude: [config.metaTable, ...config.ignoreTables], startedMs: Date.now() };
    const read = async (name) => (await schemaReader(server, name, options)()).schema;
    await server.emptySchema(schema);
    const notes = await copyStructure(server, schema, input.database, input.target.schema, config.ignoreTables);
    const before2 = await read(schema);
    const entries = seen.evidence.entries;
    const applied = input.position.applied.length;
    const pending = input.position.pending.map((_2, i) => applied + i);
    const steps = pending.map((i) => entries[i]).filter(isStep);
    if (steps.length < pending.length)
      return { before: before2, result: { failure: null, schema: null, data: null, ms: 0 }, pending, ran: false, notes, read };
    const session = __using(_stack, await input.host.openSession(schema), true);
    await session.renew();
    const result = await runUpgrade(
      { steps, released: 0, seed: null },
      {
        context: session.step,
        killQueries: () => session.killQueries(),
        settle: (ms) => session.settle(ms),
        statements: () => session.statements(),
        stepTimeoutMs: config.stepTimeoutMs,
        snapshot: () => read(schema),
        tablesWithRows: async () => [],
        readRows: async () => [],
        log: (message) => void message
      }
    );
    return { before: before2, result, pending, ran: true, notes, read };
  } catch (_) {
    var _error = _, _hasError = true;
  } finally {
    var _promise = __callDispose(_stack, _error, _hasError);
    _promise && await _promise;
  }
}
function liveEvidence(seen, target, config, position, copied, model) {
  const entries = seen.evidence.entries;
  const snapshots = seen.replay.replayed.snapshots;
  const applied = position.applied.length;
  const failure = copied.result.failure;
  return {
    target: target.label,
    metaTable: config.metaTable,
    entries,
    applied,
    missing: position.missing,
    behind: position.behind.map((i) => applied + position.pending.indexOf(i)),
    snapshots,
    // placed among the schemas the replay went through, up to the recorded position and the step after it
    state: snapshots.length > applied ? locate(snapshots, adoptRunTimeDefaults(copied.before, snapshots), applied) : null,
    deploy: failure && { step: copied.pending[failure.step], kind: failure.kind, failure: failure.failure },
    model: model && { applied: model.applied, differences: model.differences }
  };
}
function liveGaps(evidence, copied, config, model) {
  const gaps = [];
  if (evidence.state === null)
    gaps.push("the live schema was not compared with the chain: the replay did not reach the recorded position");
  if (!copied.ran) gaps.push("the pending migrations were not run on the live schema: one cannot be loaded");
  if (hasModel(config) && model === null)
    gaps.push(
      `the model was not compared${copied.result.failure ? ": the pending migrations fail on the live schema" : ""}`
    );
  return gaps;
}
function liveNotes(config, database, server) {
  const notes = [];
  const [live2, scratch] = [database.flavor, server.flavor];
  if (live2.kind !== scratch.kind || live2.version[0] !== scratch.version[0] || live2.version[1] !== scratch.version[1])
    notes.push(
      `The live database runs ${describeFlavor(live2)}, the scratch server ${describeFlavor(scratch)}: a pending migration may behave otherwise there; set the scratch image to the live version.`
    );
  if (!hasModel(config)) notes.push("No model given: the schema after the deploy was not compared with a model.");
  return notes;
}
function liveReport(evidence, database, position, copied, ms) {
  const name = (i) => evidence.entries[i].name;
  const state = evidence.state;
  const failure = evidence.deploy;
  return {
    database: evidence.target,
    server: database.flavor,
    tables: database.tables.length,
    views: database.views.length,
    recorded: database.recorded?.length ?? 0,
    newest: evidence.applied > 0 ? name(evidence.applied - 1) : null,
    pending: copied.pending.map(name),
    missing: position.missing,
    state: state && {
      at: state.at === 0 ? null : name(state.at - 1),
      halfApplied: state.partial && name(state.partial.step),
      drift: state.drift.length,
      asRecorded: state.at === evidence.applied
    },
    deploy: { steps: copied.pending.length, ran: copied.ran, failed: failure && name(failure.step), ms },
    reads: { roundTrips: database.roundTrips, ms: database.ms }
  };
}

// src/report/json.ts
import path6 from "node:path";
function renderJson(result) {
  const relative = (file) => file === null ? null : path6.relative(result.cwd, file) || file;
  const own = (part) => ({
    steps: part.steps.map((step) => ({ ...step, file: relative(step.file) })),
    history: part.history && {
      ...part.history,
      history: part.history.history && {
        ...part.history.history,
        changes: part.history.history.changes.map((change) => ({ ...change, file: relative(change.file) }))
      },
      data: part.history.data && { ...part.history.data, seed: relative(part.history.data.seed) }
    }
  });
  return JSON.stringify(
    {
      ...result,
      // the schema itself is what `migration-gate snapshot` writes
      schema: void 0,
      ...own(result),
      findings: result.findings.map((finding) => ({ ...finding, file: relative(finding.file) })),
      model: result.model && { ...result.model, files: result.model.files.map((file) => relative(file)) },
      // each engine's own part, flat; its findings are the ones above that name its image
      engines: result.engines?.map(({ result: part, ...engine }) => ({ ...engine, ...part, ...own(part) })) ?? null
    },
    null,
    2
  );
}

// src/version.ts
var VERSION = "0.1.0";

// src/report/sarif.ts
import { createHash } from "node:crypto";
import path8 from "node:path";
import { pathToFileURL } from "node:url";

// src/report/history.ts
import path7 from "node:path";

// src/report/format.ts
function seconds(ms) {
  return `${(ms / 1e3).toFixed(ms < 1e4 ? 2 : 1)} s`;
}
function stepMs(step) {
  return [step.up.ms, step.down.ms, step.reup.ms].reduce((sum, ms) => sum + (ms ?? 0), 0);
}
function countOf(findings, severity) {
  return findings.filter((finding) => finding.severity === severity).length;
}
function sideLabel(finding, side) {
  return finding.sides?.[side] ?? side;
}
function sideValue(value) {
  return value === null || value === void 0 ? "(absent)" : summarise(value);
}
function escape(text) {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// src/report/history.ts
function historyLines(result) {
  const lines = [];
  if (result.baseline) {
    const { label, known, fixed } = result.baseline;
    lines.push(
      `Baseline ${label}: ${known} known finding(s) reported as notices, ${fixed.length} fixed${fixed.length > 0 ? ` (${fixed.map((entry) => `${entry.kind} ${[entry.table, entry.object].filter(Boolean).join(".")}`).join(", ")})` : ""}.`
    );
  }
  const report = result.history;
  if (!report) return lines;
  if (report.base && report.history) {
    const { changes, added, released } = report.history;
    const changed = changes.length > 0 ? changes.map(describeChange).join("; ") : "no released migration changed";
    lines.push(
      `Since ${baseLabel(report.base)}: ${released.length} released migration(s), ${added.length} new; ${changed}.`
    );
  }
  if (report.upgrade) {
    const upgraded = result.findings.some((finding) => finding.kind === "upgrade-mismatch");
    const verdict = report.upgrade.failed ? "a step failed" : upgraded ? "differs from a fresh database" : "matches a fresh database";
    lines.push(
      `Upgrade path: the base's ${report.upgrade.released} migration(s), then ${report.upgrade.added} new, in ${seconds(report.upgrade.ms)}: ${verdict}.`
    );
  }
  if (report.data) {
    const seed = path7.relative(result.cwd, report.data.seed);
    const where = report.data.after ? `after ${report.data.after}` : "before the first migration";
    const tables = report.data.tables.map(({ table, seeded, final }) => `${table} ${seeded} \u2192 ${final === null ? "dropped" : final}`).join(", ");
    const lost = report.data.losses.length;
    const verdict = report.data.steps === 0 ? "no migration runs after it, so nothing was checked" : lost === 0 ? `every seeded row and value survived ${report.data.steps} migration(s)` : `${lost} loss(es) in ${report.data.steps} migration(s)`;
    lines.push(`Seed ${seed} ${where}: rows ${tables}; ${verdict}.`);
  }
  return lines;
}
function describeChange(change) {
  switch (change.kind) {
    case "edited":
      return `${change.name} edited (+${change.added} \u2212${change.removed}${change.whitespaceOnly ? ", whitespace only" : ""})`;
    case "deleted":
      return `${change.name} deleted`;
    case "renamed":
      return `${change.from} renamed to ${change.name}`;
    case "back-dated":
      return `${change.name} sorts before released ${change.newest}`;
  }
}
function baseLabel(base) {
  const short = base.sha.slice(0, 7);
  const isSha = /^[0-9a-f]{7,40}$/i.test(base.ref) && base.sha.startsWith(base.ref.toLowerCase());
  return isSha ? short : `${base.ref} (${short})`;
}

// src/report/engines.ts
function engineTag(finding, result) {
  if (!result.engines || !finding.engines || finding.engines.length === result.engines.length) return null;
  return onlyOn(finding.engines, result.engines);
}
function engineHeadline(result) {
  const engines = result.engines;
  if (!engines) return null;
  const passed = engines.filter((engine) => engine.verdict === "pass").map((engine) => engine.label);
  const failed = engines.filter((engine) => engine.verdict === "fail").map((engine) => engine.label);
  if (passed.length === 0 || failed.length === 0) return null;
  return `The chain works on ${passed.join(" and ")} but fails on ${failed.join(" and ")}.`;
}
function probesOf(result) {
  const probes = result.engines ? result.engines.map((engine) => engine.result.probe) : [result.probe];
  return probes.filter((probe) => probe !== null);
}
function historyOfEngines(result) {
  if (!result.engines) return historyLines(result);
  return [
    ...historyLines({ ...result, history: null }),
    ...result.engines.flatMap(
      (engine) => historyLines({ ...result, baseline: null, history: engine.result.history }).map(
        (line) => `${engine.label}: ${line}`
      )
    )
  ];
}

// src/report/sarif.ts
var SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
var INFORMATION_URI = "https://github.com/migration-gate/migration-gate";
var SRCROOT = "%SRCROOT%";
var FINGERPRINT_KEY = "migrationGate/v1";
var LEVELS = { error: "error", warning: "warning", notice: "note" };
var DEFAULT_SEVERITY = {
  "load-error": "error",
  duplicate: "error",
  "migration-error": "error",
  irreversible: "error",
  "down-mismatch": "error",
  "reup-mismatch": "error",
  drift: "error",
  "model-error": "error",
  "name-only": "warning",
  "column-order": "warning",
  unchecked: "warning",
  "edited-migration": "error",
  "deleted-migration": "error",
  "renamed-migration": "error",
  "out-of-order": "error",
  "upgrade-error": "error",
  "upgrade-mismatch": "error",
  "data-loss": "error",
  "frozen-default": "warning",
  equivalent: "notice",
  "swallowed-error": "warning",
  "snapshot-fallback": "warning",
  "live-drift": "error",
  "half-applied": "error",
  "live-position": "error",
  "missing-migration": "warning",
  "table-copy": "warning",
  "write-lock": "warning",
  rebuild: "warning",
  destructive: "warning",
  "breaking-change": "error",
  "not-probed": "notice"
};
function renderSarif(result, root) {
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "migration-gate", version: VERSION, informationUri: INFORMATION_URI, rules: rules() }
        },
        // lets a local SARIF viewer open the files; code scanning resolves %SRCROOT% to the repository itself
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
        invocations: [invocation(result)],
        results: sarifResults(result, root)
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}
function rules() {
  return FINDING_KINDS.map((kind) => ({
    id: kind,
    // the same title the annotations carry, so an alert and its annotation read alike
    shortDescription: { text: `migration-gate: ${kind}` },
    fullDescription: { text: kindHint(kind) },
    help: { text: kindHint(kind) },
    defaultConfiguration: { level: LEVELS[DEFAULT_SEVERITY[kind]] }
  }));
}
function invocation(result) {
  const gaps = result.coverage.gaps.map((gap) => ({
    level: "error",
    message: { text: `Not checked: ${gap}. A check that did not check everything does not pass.` }
  }));
  return gaps.length > 0 ? { executionSuccessful: true, toolExecutionNotifications: gaps } : { executionSuccessful: true };
}
function sarifResults(result, root) {
  const fingerprints = occurrenceFingerprints(result.findings);
  return result.findings.map((finding, i) => ({
    ruleId: finding.kind,
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: LEVELS[finding.severity],
    message: { text: messageOf(finding, engineTag(finding, result)) },
    ...locations(finding, root),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
    ...suppressions(finding, result)
  }));
}
function messageOf(finding, only) {
  const message = only ? `${finding.message} (${only})` : finding.message;
  return finding.hint ? `${message} \u2014 hint: ${finding.hint}` : message;
}
function occurrenceFingerprints(findings) {
  const seen = /* @__PURE__ */ new Map();
  return findings.map((finding) => {
    const hash = fingerprintHash(finding);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}
function fingerprintHash(finding) {
  const print = fingerprint(finding);
  const key = JSON.stringify([print.kind, print.table, print.object, print.migration]);
  return createHash("sha256").update(key).digest("hex");
}
function locations(finding, root) {
  if (finding.file === null) return {};
  const region = finding.line !== null && finding.line >= 1 ? { region: { startLine: finding.line } } : {};
  return { locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file, root), ...region } }] };
}
function artifactLocation(file, root) {
  const relative = path8.relative(root, file);
  const outside = relative === "" || relative === ".." || relative.startsWith(`..${path8.sep}`);
  if (outside || path8.isAbsolute(relative)) return { uri: pathToFileURL(path8.resolve(file)).href };
  return { uri: relative.split(path8.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}
function directoryUri(root) {
  const href = pathToFileURL(path8.resolve(root)).href;
  return href.endsWith("/") ? href : `${href}/`;
}
function suppressions(finding, result) {
  const justification = finding.ignored !== void 0 ? `accepted in the config file: ${finding.ignored}` : finding.known ? `known: in ${result.baseline?.label ?? "the baseline"}` : null;
  return justification === null ? {} : { suppressions: [{ kind: "external", justification }] };
}

// src/report/live.ts
function liveLines(result) {
  const report = result.live;
  if (!report) return [];
  const newest = report.newest ? `, the newest ${report.newest}` : "";
  const lines = [
    `Live database ${report.database} (${describeFlavor(report.server)}): ${report.tables} table(s), ${report.recorded} migration(s) recorded${newest}; read in ${report.reads.roundTrips} round trip(s), ${seconds(report.reads.ms)}.`
  ];
  const state = report.state;
  if (state) {
    const at = state.at ? `after ${state.at}` : "before the first migration";
    const part = state.halfApplied ? `, and part of ${state.halfApplied} (half-applied)` : "";
    const where = state.asRecorded ? "" : ", not where its meta table says it is";
    const drift = state.drift > 0 ? `, with ${state.drift} difference(s) no migration explains (live-drift)` : "";
    lines.push(`Schema: what the chain gives ${at}${part}${where}${drift}.`);
  }
  if (report.missing.length > 0) lines.push(`Recorded, no file: ${report.missing.join(", ")}.`);
  lines.push(
    report.pending.length > 0 ? `Pending: ${report.pending.length} migration(s): ${report.pending.join(", ")}.` : "Pending: none."
  );
  const deploy2 = report.deploy;
  const outcome = deploy2.failed ? `${deploy2.failed} would fail` : !deploy2.ran ? "not run: one cannot be loaded" : deploy2.steps > 0 ? "they run" : "nothing to run";
  lines.push(`Deploy: the pending migration(s) on a copy of the live schema, in ${seconds(deploy2.ms)}: ${outcome}.`);
  return lines;
}

// src/report/probe.ts
function probeSummary(probe) {
  const counts = /* @__PURE__ */ new Map();
  for (const statement of probe.statements)
    counts.set(algorithmOf(statement), (counts.get(algorithmOf(statement)) ?? 0) + 1);
  const chosen = [...counts].map(([algorithm, count]) => `${count} ${algorithm}`).join(", ");
  const unmeasured = probe.unmeasured > 0 ? `; ${probe.unmeasured} not measured` : "";
  return `Probed on ${probe.server}: ${probe.statements.length} statement(s) of ${probe.steps} migration(s)${chosen ? ` (${chosen})` : ""}${unmeasured}, ${seconds(probe.ms)}.`;
}
function algorithmOf(statement) {
  const kind = costKind(statement);
  if (kind === "table-copy") return statement.online ? "COPY (online)" : "COPY (writes blocked)";
  if (kind === "write-lock") return `${statement.algorithm} (writes blocked)`;
  if (kind === "rebuild") return `${statement.algorithm} rebuild`;
  return statement.algorithm;
}
function probeRows(probe) {
  return probe.statements.map((statement) => [
    statement.migration,
    oneLine(statement.sql, 90),
    algorithmOf(statement),
    statement.reason ?? ""
  ]);
}

export {
  generate,
  live,
  renderJson,
  seconds,
  stepMs,
  countOf,
  sideLabel,
  sideValue,
  escape,
  engineTag,
  engineHeadline,
  probesOf,
  historyOfEngines,
  VERSION,
  renderSarif,
  liveLines,
  probeSummary,
  probeRows
};
