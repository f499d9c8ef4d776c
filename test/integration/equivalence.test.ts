import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CheckResult } from '../../src/check.js';
import type { Finding } from '../../src/findings/types.js';
import { kinds, relative, ROOT, runCheck } from './helpers.js';

/**
 * Issue 14, "one defect, one finding": the same schema declared two ways (a sequelize-cli migration and a
 * Sequelize model) gives no error, and a real defect gives exactly one finding, not one per object the
 * server derived from it. Names below are the ones Sequelize 6.37 and the servers give (the same on MySQL
 * 9.7, MariaDB 10.11 and 11.8): a belongsToMany through a model with a composite primary key gains
 * UNIQUE `<through>_<fk>_<otherKey>_unique` from the association declared last, while a string `through`
 * gets only the primary key; `unique: true` on a column is UNIQUE KEY `<column>`; a model's
 * `indexes: [{ fields }]` is `<table>_<snake_case fields>`; an index InnoDB adds for a foreign key is
 * named after the column (key inline in CREATE TABLE) or after the constraint (ADD CONSTRAINT).
 */

const ID = 'id: { allowNull: false, autoIncrement: true, primaryKey: true, type: Sequelize.INTEGER },';
const cascade = "onDelete: 'CASCADE', onUpdate: 'CASCADE'";
const setNull = "onDelete: 'SET NULL', onUpdate: 'CASCADE'";

/** A sequelize-cli migration: `up` runs the statements, `down` drops the tables, last first. */
function migration(up: string[], tables: string[]): string {
  return `'use strict';

/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
${up.map((statement) => `    ${statement}`).join('\n')}
  },

  async down(queryInterface) {
${[...tables]
  .reverse()
  .map((table) => `    await queryInterface.dropTable('${table}');`)
  .join('\n')}
  },
};
`;
}

/** `await queryInterface.createTable(table, { … })`, one attribute a line. */
function createTable(table: string, attributes: string[]): string {
  return `await queryInterface.createTable('${table}', {\n${attributes.map((line) => `      ${line}`).join('\n')}\n    });`;
}

/** A sequelize-cli model factory: `sequelize.define`, one attribute a line, and an `associate`. */
function model(
  name: string,
  table: string,
  attributes: string[],
  more: { indexes?: string; associate?: string[] } = {},
): string {
  const options = [`tableName: '${table}'`, 'timestamps: false', ...(more.indexes ? [`indexes: ${more.indexes}`] : [])];
  const associate = more.associate
    ? `  ${name}.associate = (models) => {\n${more.associate.map((line) => `    ${name}.${line};`).join('\n')}\n  };\n`
    : '';
  return `'use strict';

module.exports = (sequelize, DataTypes) => {
  const ${name} = sequelize.define(
    '${name}',
    {
${attributes.map((line) => `      ${line}`).join('\n')}
    },
    { ${options.join(', ')} },
  );
${associate}  return ${name};
};
`;
}

/** Writes the files to a scratch project inside the repository, so that `require('sequelize')` resolves. */
function writeProject(files: Record<string, string>): string {
  mkdirSync(path.join(ROOT, 'test/.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, 'test/.tmp/equivalence-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const EQUIVALENT_TABLES = [
  'users',
  'posts',
  'tags',
  'post_tags',
  'post_editors',
  'tag_followers',
  'todos',
  'projects',
  'reminders',
  'alerts',
];

/** Each table declares the same schema both ways, though the servers' catalogues differ in what they hold. */
const EQUIVALENT_MIGRATION = migration(
  [
    createTable('users', [ID, 'name: { type: Sequelize.STRING },']),
    createTable('posts', [ID, 'title: { type: Sequelize.STRING },']),
    createTable('tags', [ID, 'label: { type: Sequelize.STRING },']),
    // 1. join tables with PRIMARY KEY (a, b) only, as sequelize-cli's generated migrations have them
    createTable('post_tags', [
      `postId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, references: { model: 'posts', key: 'id' }, ${cascade} },`,
      `tagId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, references: { model: 'tags', key: 'id' }, ${cascade} },`,
    ]),
    createTable('post_editors', [
      `postId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, references: { model: 'posts', key: 'id' }, ${cascade} },`,
      `userId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, ${cascade} },`,
    ]),
    // ... and one with a UNIQUE index on the primary key's columns in the other order, which the model lacks
    createTable('tag_followers', [
      `tagId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, references: { model: 'tags', key: 'id' }, ${cascade} },`,
      `userId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, ${cascade} },`,
    ]),
    "await queryInterface.addIndex('tag_followers', ['userId', 'tagId'], { unique: true });",
    // 2. the index serving a foreign key: named otherwise than the model's, named where the model has none,
    // and named by the server after the constraint that ADD CONSTRAINT adds
    createTable('todos', [
      ID,
      'title: { type: Sequelize.STRING },',
      `userId: { type: Sequelize.INTEGER, references: { model: 'users', key: 'id' }, ${setNull} },`,
    ]),
    "await queryInterface.addIndex('todos', ['userId'], { name: 'todos_user_idx' });",
    createTable('projects', [
      ID,
      'name: { type: Sequelize.STRING },',
      `userId: { type: Sequelize.INTEGER, references: { model: 'users', key: 'id' }, ${setNull} },`,
    ]),
    "await queryInterface.addIndex('projects', ['userId'], { name: 'projects_owner_idx' });",
    // the name InnoDB gives the model's key, so that only the index's name differs (reminders_ibfk_1 here,
    // the column's name userId in the model)
    createTable('reminders', [ID, 'note: { type: Sequelize.STRING },', 'userId: { type: Sequelize.INTEGER },']),
    `await queryInterface.addConstraint('reminders', { fields: ['userId'], type: 'foreign key', name: 'reminders_ibfk_1', references: { table: 'users', field: 'id' }, ${setNull} });`,
    createTable('alerts', [ID, 'note: { type: Sequelize.STRING },', 'userId: { type: Sequelize.INTEGER },']),
    `await queryInterface.addConstraint('alerts', { fields: ['userId'], type: 'foreign key', name: 'alerts_user_fk', references: { table: 'users', field: 'id' }, ${setNull} });`,
  ],
  EQUIVALENT_TABLES,
);

function equivalentModels(todoTitle = 'DataTypes.STRING'): Record<string, string> {
  return {
    'models/alert.js': model('Alert', 'alerts', ['note: DataTypes.STRING,'], {
      associate: ["belongsTo(models.User, { foreignKey: 'userId' })"],
    }),
    'models/post.js': model('Post', 'posts', ['title: DataTypes.STRING,'], {
      associate: [
        "belongsToMany(models.Tag, { through: 'post_tags', foreignKey: 'postId', otherKey: 'tagId', timestamps: false })",
        "belongsToMany(models.User, { through: models.PostEditor, foreignKey: 'postId', otherKey: 'userId', as: 'editors' })",
      ],
    }),
    'models/post-editor.js': model('PostEditor', 'post_editors', [
      'postId: { type: DataTypes.INTEGER, primaryKey: true },',
      'userId: { type: DataTypes.INTEGER, primaryKey: true },',
    ]),
    'models/project.js': model('Project', 'projects', ['name: DataTypes.STRING,'], {
      associate: ["belongsTo(models.User, { foreignKey: 'userId' })"],
    }),
    'models/reminder.js': model('Reminder', 'reminders', ['note: DataTypes.STRING,'], {
      associate: ["belongsTo(models.User, { foreignKey: 'userId' })"],
    }),
    'models/tag.js': model('Tag', 'tags', ['label: DataTypes.STRING,'], {
      associate: [
        "belongsToMany(models.Post, { through: 'post_tags', foreignKey: 'tagId', otherKey: 'postId', timestamps: false })",
        "belongsToMany(models.User, { through: { model: models.TagFollower, unique: false }, foreignKey: 'tagId', otherKey: 'userId', as: 'followers' })",
      ],
    }),
    'models/tag-follower.js': model('TagFollower', 'tag_followers', [
      'tagId: { type: DataTypes.INTEGER, primaryKey: true },',
      'userId: { type: DataTypes.INTEGER, primaryKey: true },',
    ]),
    'models/todo.js': model('Todo', 'todos', [`title: ${todoTitle},`], {
      indexes: "[{ fields: ['userId'] }]",
      associate: ["belongsTo(models.User, { foreignKey: 'userId' })"],
    }),
    'models/user.js': model('User', 'users', ['name: DataTypes.STRING,'], {
      associate: [
        "belongsToMany(models.Post, { through: models.PostEditor, foreignKey: 'userId', otherKey: 'postId', as: 'edited' })",
        "belongsToMany(models.Tag, { through: { model: models.TagFollower, unique: false }, foreignKey: 'userId', otherKey: 'tagId', as: 'followed' })",
      ],
    }),
  };
}

const DEFECT_TABLES = ['users', 'posts', 'comments', 'likes', 'notes', 'badges', 'tasks'];

/** One real defect a table, each of which the servers spread over more than one object. */
const DEFECT_MIGRATION = migration(
  [
    createTable('users', [ID, 'name: { type: Sequelize.STRING },']),
    createTable('posts', [ID, 'title: { type: Sequelize.STRING },']),
    // 3. a foreign key the model has and the migrations lack, with the index that serves it on both sides
    createTable('comments', [ID, 'body: { type: Sequelize.STRING },', 'postId: { type: Sequelize.INTEGER },']),
    "await queryInterface.addIndex('comments', ['postId']);",
    // ... and one the migrations have, with a named index, where the model has neither
    createTable('likes', [
      ID,
      `postId: { type: Sequelize.INTEGER, references: { model: 'posts', key: 'id' }, ${cascade} },`,
    ]),
    "await queryInterface.addIndex('likes', ['postId'], { name: 'likes_post_idx' });",
    // 4. a plain index where the model says UNIQUE, and a UNIQUE one where the model's is plain
    createTable('notes', [ID, 'shortid: { type: Sequelize.STRING(12) },']),
    "await queryInterface.addIndex('notes', ['shortid'], { name: 'notes_shortid' });",
    createTable('badges', [ID, 'slug: { type: Sequelize.STRING(12) },']),
    "await queryInterface.addIndex('badges', ['slug'], { unique: true, name: 'badges_slug_key' });",
    // 5/6. a foreign key whose two actions both differ from the model's
    createTable('tasks', [
      ID,
      'title: { type: Sequelize.STRING },',
      "userId: { type: Sequelize.INTEGER, references: { model: 'users', key: 'id' } },",
    ]),
  ],
  DEFECT_TABLES,
);

const DEFECT_MODELS: Record<string, string> = {
  'models/badge.js': model('Badge', 'badges', ['slug: DataTypes.STRING(12),'], { indexes: "[{ fields: ['slug'] }]" }),
  'models/comment.js': model('Comment', 'comments', ['body: DataTypes.STRING,'], {
    indexes: "[{ fields: ['postId'] }]",
    associate: ["belongsTo(models.Post, { foreignKey: 'postId' })"],
  }),
  'models/like.js': model('Like', 'likes', ['postId: DataTypes.INTEGER,']),
  'models/note.js': model('Note', 'notes', ['shortid: { type: DataTypes.STRING(12), unique: true },']),
  'models/post.js': model('Post', 'posts', ['title: DataTypes.STRING,']),
  'models/task.js': model('Task', 'tasks', ['title: DataTypes.STRING,'], {
    associate: ["belongsTo(models.User, { foreignKey: 'userId', onDelete: 'CASCADE', onUpdate: 'CASCADE' })"],
  }),
  'models/user.js': model('User', 'users', ['name: DataTypes.STRING,']),
};

const MIGRATION_FILE = 'migrations/20240101000000-create-schema.js';

const on = (result: CheckResult, table: string): Finding[] =>
  result.findings.filter((finding) => finding.table === table);
const loud = (result: CheckResult): Finding[] => result.findings.filter((finding) => finding.severity !== 'notice');
/** What a failed assertion shows: each finding in one line. */
const brief = (findings: Finding[]) =>
  findings.map((finding) => `${finding.severity} ${finding.kind} ${finding.table}: ${finding.message}`);

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no ${needle} in the text`);
  return index + 1;
}

describe.each(inject('servers'))('one defect, one finding on $image', ({ url }) => {
  describe('a schema declared the same way twice', () => {
    let result: CheckResult;

    beforeAll(async () => {
      const cwd = writeProject({ [MIGRATION_FILE]: EQUIVALENT_MIGRATION, ...equivalentModels() });
      result = await runCheck(url, { cwd, migrations: 'migrations/*.js', model: 'models' });
    });

    it('passes, with no error and every table compared', () => {
      expect(brief(result.findings.filter((finding) => finding.severity === 'error'))).toEqual([]);
      expect(result.verdict).toBe('pass');
      expect(result.compared).toEqual(expect.arrayContaining(EQUIVALENT_TABLES));
    });

    it('a join table with PRIMARY KEY (postId, tagId) only matches a string `through`', () => {
      expect(brief(loud(result).filter((finding) => finding.table === 'post_tags'))).toEqual([]);
      expect(on(result, 'post_tags').every((finding) => finding.severity === 'notice')).toBe(true);
    });

    it("the UNIQUE index a through model gains on its primary key's columns is at most a notice", () => {
      // Sequelize adds UNIQUE post_editors_userId_postId_unique (postId, userId) to the model side
      expect(brief(loud(result).filter((finding) => finding.table === 'post_editors'))).toEqual([]);
      expect(on(result, 'post_editors').every((finding) => finding.severity === 'notice')).toBe(true);
    });

    it("a UNIQUE index in the migrations on the primary key's columns, in the other order, is at most a notice", () => {
      expect(brief(loud(result).filter((finding) => finding.table === 'tag_followers'))).toEqual([]);
      expect(on(result, 'tag_followers').every((finding) => finding.severity === 'notice')).toBe(true);
    });

    it('the index serving a foreign key under two names is one name-only warning naming both', () => {
      const findings = on(result, 'todos');
      expect(brief(findings)).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'name-only', severity: 'warning', table: 'todos' });
      expect(findings[0]!.message).toContain('todos_user_id');
      expect(findings[0]!.message).toContain('todos_user_idx');
    });

    it('a named index serving a foreign key where the model declares none is at most one name-only warning', () => {
      const findings = on(result, 'projects');
      expect(brief(findings).length).toBeLessThanOrEqual(1);
      for (const finding of findings) expect(finding).toMatchObject({ kind: 'name-only', severity: 'warning' });
    });

    it('the index InnoDB names after an added constraint, not after the column, is no finding', () => {
      expect(brief(on(result, 'reminders'))).toEqual([]);
    });

    it('a foreign key named otherwise is one name-only warning on the key, none on the index serving it', () => {
      const findings = on(result, 'alerts');
      expect(brief(findings)).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'name-only', severity: 'warning', table: 'alerts' });
      expect(findings[0]!.message).toContain('alerts_user_fk');
      expect(findings[0]!.differences.map((difference) => difference.object)).toEqual(['foreignKey']);
    });

    describe('with a real change next to it', () => {
      let changed: CheckResult;

      beforeAll(async () => {
        const cwd = writeProject({
          [MIGRATION_FILE]: EQUIVALENT_MIGRATION,
          ...equivalentModels('DataTypes.STRING(100)'),
        });
        changed = await runCheck(url, { cwd, migrations: 'migrations/*.js', model: 'models' });
      });

      it('gives exactly one error, the deliberate one, and the equivalent part still none', () => {
        const errors = changed.findings.filter((finding) => finding.severity === 'error');
        expect(brief(errors)).toHaveLength(1);
        expect(errors[0]).toMatchObject({ kind: 'drift', table: 'todos', column: 'title' });
        expect(relative(changed, errors[0]!)).toBe('models/todo.js');
        expect(changed.verdict).toBe('fail');
        const rest = (run: CheckResult) => brief(run.findings.filter((finding) => finding.severity !== 'error')).sort();
        expect(rest(changed)).toEqual(rest(result));
      });
    });
  });

  describe('one real defect a table', () => {
    let result: CheckResult;

    beforeAll(async () => {
      const cwd = writeProject({ [MIGRATION_FILE]: DEFECT_MIGRATION, ...DEFECT_MODELS });
      result = await runCheck(url, { cwd, migrations: 'migrations/*.js', model: 'models' });
    });

    it('fails with one error for each defective table and none for the others', () => {
      expect(result.verdict).toBe('fail');
      expect(kinds(result)).toEqual(['drift', 'drift', 'drift', 'drift', 'drift']);
      const tables = result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.table);
      expect(tables.sort()).toEqual(['badges', 'comments', 'likes', 'notes', 'tasks']);
    });

    it('a foreign key missing from the migrations, with the index serving it on both sides, is one finding', () => {
      const findings = on(result, 'comments');
      expect(brief(findings)).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'drift', severity: 'error', table: 'comments' });
      expect(findings[0]!.message).toMatch(/foreign key/i);
    });

    it('a foreign key with a named index that the model has neither of is one finding', () => {
      const findings = on(result, 'likes');
      expect(brief(findings)).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'drift', severity: 'error', table: 'likes' });
      expect(findings[0]!.message).toMatch(/foreign key/i);
    });

    it("a plain index where the model says UNIQUE is one finding on the model's line of the column", () => {
      const findings = on(result, 'notes');
      expect(brief(findings)).toHaveLength(1);
      const [finding] = findings as [Finding];
      expect(finding).toMatchObject({ kind: 'drift', severity: 'error', table: 'notes' });
      expect(
        finding.column === 'shortid' || finding.differences.some((difference) => difference.object === 'index'),
      ).toBe(true);
      expect(finding.message).toContain('the model says UNIQUE');
      expect(finding.message).toContain('notes_shortid');
      expect(relative(result, finding)).toBe('models/note.js');
      expect(finding.line).toBe(lineOf(DEFECT_MODELS['models/note.js']!, 'shortid:'));
    });

    it('a UNIQUE index where the model has a plain one is one finding', () => {
      const findings = on(result, 'badges');
      expect(brief(findings)).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'drift', severity: 'error', table: 'badges' });
      expect(findings[0]!.message).toMatch(/UNIQUE/);
      expect(findings[0]!.message).toContain('badges_slug_key');
    });

    it('a foreign key whose onDelete and onUpdate both differ is one finding naming both', () => {
      const findings = on(result, 'tasks');
      expect(brief(findings)).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'drift', severity: 'error', table: 'tasks' });
      expect(findings[0]!.message).toContain('tasks(userId) → users(id)');
      expect(findings[0]!.message).toContain('onDelete');
      expect(findings[0]!.message).toContain('onUpdate');
    });
  });
});
