import { describe, expect, it } from 'vitest';
import { definitionLine, lineOf } from '../../src/chain/load.js';
import { locateMember, locateTable } from '../../src/model/locate.js';

/** Source text from numbered lines: `lines[0]` is line 1. */
const text = (...lines: string[]) => lines.join('\n');

const DEFINE = text(
  "'use strict';", // 1
  "const { DataTypes } = require('sequelize');", // 2
  '', // 3
  'module.exports = (sequelize) => {', // 4
  "  const Org = sequelize.define('Org', { name: DataTypes.STRING }, { tableName: 'org' });", // 5
  '', // 6
  "  const User = sequelize.define('User', {", // 7
  '    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },', // 8
  "    'email': { type: DataTypes.STRING(320), allowNull: false },", // 9
  "    apiToken: { type: DataTypes.STRING(64), field: 'api_token' },", // 10
  '    orgId: DataTypes.INTEGER,', // 11
  '  }, {', // 12
  "    tableName: 'users',", // 13
  "    indexes: [{ name: 'ux_users_email', unique: true, fields: ['email'] }],", // 14
  '  });', // 15
  '  return { Org, User };', // 16
  '};', // 17
);

const INIT = text(
  "import { DataTypes, Model } from 'sequelize';", // 1
  '', // 2
  'export class Project extends Model {', // 3
  '  declare id: number;', // 4
  '  declare title: string;', // 5
  '}', // 6
  '', // 7
  'Project.init(', // 8
  '  {', // 9
  '    id: { type: DataTypes.INTEGER, primaryKey: true },', // 10
  '    title: { type: DataTypes.STRING, allowNull: false },', // 11
  '  },', // 12
  "  { sequelize, tableName: 'projects', modelName: 'Project' },", // 13
  ');', // 14
);

const DECORATED = text(
  "import { Column, DataType, Model, Table } from 'sequelize-typescript';", // 1
  '', // 2
  "@Table({ tableName: 'todo_item', timestamps: false })", // 3
  'export class TodoItem extends Model {', // 4
  '  @Column({ type: DataType.STRING(200), allowNull: false })', // 5
  '  declare title: string;', // 6
  '', // 7
  '  @Column(DataType.BOOLEAN)', // 8
  '  done!: boolean;', // 9
  '}', // 10
);

const DECORATED_NO_TABLE_NAME = text(
  "import { Column, Model, Table } from 'sequelize-typescript';", // 1
  '@Table', // 2
  'export class Tag extends Model {', // 3
  '  @Column', // 4
  '  public label?: string;', // 5
  '}', // 6
);

const DDL = text(
  '-- The model as SQL', // 1
  'CREATE TABLE org (', // 2
  '  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY', // 3
  ');', // 4
  '', // 5
  'CREATE TABLE IF NOT EXISTS `users` (', // 6
  '  `id` INT NOT NULL AUTO_INCREMENT,', // 7
  '  `email` VARCHAR(320) NOT NULL,', // 8
  '  org_id INT UNSIGNED NULL,', // 9
  '  PRIMARY KEY (id),', // 10
  '  UNIQUE KEY ux_users_email (email),', // 11
  '  CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES org (id)', // 12
  ');', // 13
);

describe('locateTable', () => {
  it.each([
    ['define() by table name', DEFINE, ['users'], 13],
    ['define() by model name', DEFINE, ['User'], 7],
    ['define() by model or table name: tableName wins', DEFINE, ['User', 'users'], 13],
    ['the first of two define() calls', DEFINE, ['Org', 'org'], 5],
    ['Model.init with tableName', INIT, ['Project', 'projects'], 13],
    ['Model.init by modelName', INIT, ['Project'], 13],
    ['a class by its name', text('export class Invoice extends Model {}'), ['Invoice'], 1],
    ['sequelize-typescript tableName', DECORATED, ['TodoItem', 'todo_item'], 3],
    ['sequelize-typescript class without tableName', DECORATED_NO_TABLE_NAME, ['Tag', 'tags'], 3],
    ['CREATE TABLE', DDL, ['org'], 2],
    ['CREATE TABLE IF NOT EXISTS with backticks', DDL, ['users'], 6],
  ])('%s', (_what, source, names, line) => {
    expect(locateTable(source, names)).toBe(line);
  });

  it.each([
    ['a name that is nowhere', DEFINE, ['invoices']],
    [
      'a table only referenced by a foreign key',
      text('CREATE TABLE a (c INT, FOREIGN KEY (c) REFERENCES customers (id));'),
      ['customers'],
    ],
    ['a name that only prefixes another', text('CREATE TABLE users_archive (id INT);'), ['users']],
  ])('gives null for %s', (_what, source, names) => {
    expect(locateTable(source, names)).toBeNull();
  });

  it('treats the names literally, not as patterns', () => {
    expect(locateTable(text('CREATE TABLE abc (id INT);'), ['a.c'])).toBeNull();
  });

  it('falls back to the @Table decorator line when the class has another name', () => {
    expect(locateTable(DECORATED_NO_TABLE_NAME, ['tags'])).toBe(2);
  });
});

describe('locateMember', () => {
  it.each([
    ['a plain attribute key', DEFINE, ['id'], 7, 8],
    ['a quoted attribute key', DEFINE, ['email'], 7, 9],
    ['an attribute with field:', DEFINE, ['apiToken', 'api_token'], 7, 10],
    ['a field: on its own', DEFINE, ['api_token'], 7, 10],
    ['an index name', DEFINE, ['ux_users_email'], 7, 14],
    ['a Model.init attribute before a declared property', INIT, ['title'], 3, 11],
    ['a declared class property', text('class A extends Model {', '  declare title: string;', '}'), ['title'], 1, 2],
    ['a decorated property', DECORATED, ['title'], 3, 6],
    ['a definite property', DECORATED, ['done'], 3, 9],
    ['a public optional property', DECORATED_NO_TABLE_NAME, ['label'], 3, 5],
    ['a DDL column', DDL, ['email'], 6, 8],
    ['a DDL column without backticks', DDL, ['org_id'], 6, 9],
    ['a DDL unique key', DDL, ['ux_users_email'], 6, 11],
    ['a DDL constraint', DDL, ['fk_users_org'], 6, 12],
  ])('finds %s', (_what, source, names, from, line) => {
    expect(locateMember(source, names, from)).toBe(line);
  });

  it.each([
    [6, 7], // users starts on line 6: its own `id`, not org's on line 3
    [2, 3], // org starts on line 2
    [13, 7], // the nearest match may come before the given line
  ])('picks the match nearest the table line %i when several lines match', (near, line) => {
    expect(locateMember(DDL, ['id'], near)).toBe(line);
  });

  it('searches from line 1 when the table line is unknown', () => {
    expect(locateMember(DEFINE, ['orgId'], null)).toBe(11);
  });

  it('gives null rather than a wrong line when nothing matches', () => {
    expect(locateMember(DEFINE, ['deleted_at'], 7)).toBeNull();
  });
});

describe('definitionLine', () => {
  it.each([
    [
      'sequelize-cli template: async up (',
      text(
        "'use strict';", // 1
        "/** @type {import('sequelize-cli').Migration} */", // 2
        'module.exports = {', // 3
        '  async up (queryInterface, Sequelize) {', // 4
        '    /**', // 5
        '     * up: add altering commands here.', // 6
        '     */', // 7
        "    await queryInterface.createTable('users', {});", // 8
        '  },', // 9
        '', // 10
        '  async down (queryInterface, Sequelize) {', // 11
        "    await queryInterface.dropTable('users');", // 12
        '  },', // 13
        '};', // 14
      ),
      4,
      11,
    ],
    [
      'method shorthand: async up(',
      text('module.exports = {', '  async up({ context }) {},', '  async down({ context }) {},', '};'),
      2,
      3,
    ],
    [
      'arrow properties: up: async (',
      text(
        'module.exports = {',
        '  up: async (queryInterface) => {',
        '  },',
        '  down: async (queryInterface) => {',
        '  },',
        '};',
      ),
      2,
      4,
    ],
    [
      'export const up',
      text(
        "import type { MigrationFn } from 'umzug';", // 1
        '', // 2
        'export const up: MigrationFn = async ({ context }) => {', // 3
        "  await context.query('SELECT 1');", // 4
        '};', // 5
        'export const down: MigrationFn = async () => {};', // 6
      ),
      3,
      6,
    ],
    [
      'exports.up =',
      text("'use strict';", 'exports.up = function (db) {', '  return db;', '};', 'exports.down = (db) => db;'),
      2,
      5,
    ],
    [
      'export async function',
      text('// up: not here, a comment', 'export async function up() {}', '', 'export async function down() {}'),
      2,
      4,
    ],
    [
      'module.exports = { up, down } with function declarations',
      text('function up() {}', 'function down() {}', 'module.exports = { up, down };'),
      1,
      2,
    ],
  ])('%s', (_what, source, up, down) => {
    expect([definitionLine(source, 'up'), definitionLine(source, 'down')]).toEqual([up, down]);
  });

  it.each([
    ['no down at all', text('export async function up() {}'), null],
    ['only words that contain down', text('const countdown = 3;', 'const downloads = []; // markdown'), null],
    ['down in a comment line only', text('// down: never written', ' * down(', 'export const up = 1;'), null],
    ['== is not an assignment', text('return down == null;'), null],
  ])('gives null for %s', (_what, source, expected) => {
    expect(definitionLine(source, 'down')).toBe(expected);
  });

  it('does not take setup( or backup = for up', () => {
    expect(definitionLine(text('function setup() {}', 'const backup = 1;', 'export const up = 1;'), 'up')).toBe(3);
  });
});

describe('lineOf', () => {
  const file = '/project/migrations/20240101-add-token.js';

  const errorWithStack = (stack: string) => Object.assign(new Error('boom'), { stack });

  it.each([
    [
      'a stack frame with the file path',
      `Error: boom\n    at Object.up (${file}:17:11)\n    at Umzug.run (/project/node_modules/umzug/lib/umzug.js:120:3)`,
      17,
    ],
    [
      'a file URL frame without column',
      `Error: boom\n    at async up (file://${file}:23)\n    at async Promise.all (index 0)`,
      23,
    ],
    [
      'the first frame that names the file',
      `Error\n    at x (/other/file.js:3:1)\n    at up (${file}:41:5)\n    at up (${file}:99:5)`,
      41,
    ],
    [
      'a syntax error location',
      'SyntaxError: Unexpected token (12:4)\n    at parse (/project/node_modules/jiti/x.js:1:1)',
      12,
    ],
  ])('reads the line from %s', (_what, stack, line) => {
    expect(lineOf(errorWithStack(stack), file)).toBe(line);
  });

  it.each([
    ['a stack that never names the file', errorWithStack('Error: boom\n    at up (/other/file.js:3:1)')],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
    ['an error without stack', Object.assign(new Error('x'), { stack: undefined })],
  ])('gives null for %s', (_what, error) => {
    expect(lineOf(error, file)).toBeNull();
  });

  it('escapes regular-expression characters in the path', () => {
    const odd = '/project/migrations/001+(init).js';
    expect(lineOf(errorWithStack(`Error\n    at up (${odd}:5:2)`), odd)).toBe(5);
    expect(lineOf(errorWithStack('Error\n    at up (/project/migrations/001+init.js:5:2)'), odd)).toBeNull();
  });
});

describe('lineOf in compiled code', () => {
  it('maps a line of what the loader compiled back to the line as written, by its source map', async () => {
    const { createRequire } = await import('node:module');
    const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
    const { typeScriptTransform } = await import('../../src/chain/typescript.js');
    const file = '/project/migrations/20240102-typed.ts';
    const source = "import { x } from './x';\n\nexport async function up() {\n  throw new Error(x);\n}\n";
    const { code } = typeScriptTransform(ts, { file: null, options: {} })({ source, filename: file });
    const compiled = code.split('\n').findIndex((line) => line.includes('throw new Error')) + 1;
    expect(compiled).not.toBe(4);
    const stack = `Error: boom\n    at up (${file}:${compiled}:11)`;
    expect(lineOf(Object.assign(new Error('boom'), { stack }), file)).toBe(4);
  });
});
