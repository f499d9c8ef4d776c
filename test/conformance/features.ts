import { atLeast, isMariaDb } from '../../src/schema/flavor.js';
import type { Feature } from './feature.js';

/**
 * The conformance matrix: every feature must compare equal written as a Sequelize migration, an SQL
 * migration, a Sequelize model and SQL DDL, and one deliberate change must give exactly one difference.
 */
export const FEATURES: Feature[] = [
  {
    id: 'int_unsigned',
    sql: 'CREATE TABLE {table} (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT UNSIGNED NOT NULL DEFAULT 0)',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
      n: { type: Sequelize.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
    });`,
    model: `sequelize.define('{table}', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      n: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
    }, { tableName: '{table}', timestamps: false })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT NOT NULL DEFAULT 0)',
      expect: { kind: 'changed', object: 'column', name: 'n', attribute: 'type' },
    },
  },
  {
    id: 'descending_index',
    sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, KEY ix_ab (a DESC, b))',
    migration: `await queryInterface.createTable('{table}', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      a: { type: Sequelize.INTEGER, allowNull: true },
      b: { type: Sequelize.INTEGER, allowNull: true },
    });
    await queryInterface.addIndex('{table}', [{ name: 'a', order: 'DESC' }, 'b'], { name: 'ix_ab' });`,
    model: `sequelize.define('{table}', {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      a: { type: DataTypes.INTEGER },
      b: { type: DataTypes.INTEGER },
    }, { tableName: '{table}', timestamps: false, indexes: [{ name: 'ix_ab', fields: [{ name: 'a', order: 'DESC' }, 'b'] }] })`,
    change: {
      sql: 'CREATE TABLE {table} (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, KEY ix_ab (a, b))',
      expect: { kind: 'changed', object: 'index', name: 'ix_ab', attribute: 'parts' },
    },
    requires: (flavor) =>
      isMariaDb(flavor) && !atLeast(flavor, 10, 8) ? 'MariaDB before 10.8 ignores DESC in index definitions' : null,
  },
];
