import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A synthetic, correct, reversible chain of `steps` sequelize-cli migrations, five to a table: create
 * table, add column, add index, add foreign key, change column, each down exactly reverting its up; and
 * schema.sql, the DDL of the schema it ends in, as the model.
 */
export function writeChain(root: string, steps: number): string {
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, `chain-${steps}-`));
  mkdirSync(path.join(dir, 'migrations'));
  for (let i = 0; i < steps; i++) {
    const name = `${String(i + 1).padStart(5, '0')}-${STEPS[i % 5]!.name}-t${Math.floor(i / 5)}.js`;
    writeFileSync(path.join(dir, 'migrations', name), migration(i));
  }
  writeFileSync(path.join(dir, 'schema.sql'), model(steps));
  return dir;
}

interface Kind {
  name: string;
  up: (table: string, parent: string) => string;
  down: (table: string) => string;
}

const STEPS: Kind[] = [
  {
    name: 'create',
    up: (t) => `await queryInterface.createTable('${t}', {
      id: { type: Sequelize.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
      name: { type: Sequelize.STRING(50), allowNull: false },
      parent_id: { type: Sequelize.INTEGER, allowNull: true },
    });`,
    down: (t) => `await queryInterface.dropTable('${t}');`,
  },
  {
    name: 'add-column',
    up: (t) => `await queryInterface.addColumn('${t}', 'amount', { type: Sequelize.INTEGER, allowNull: true });`,
    down: (t) => `await queryInterface.removeColumn('${t}', 'amount');`,
  },
  {
    name: 'add-index',
    up: (t) => `await queryInterface.addIndex('${t}', ['name'], { name: 'ix_${t}_name' });`,
    down: (t) => `await queryInterface.removeIndex('${t}', 'ix_${t}_name');`,
  },
  {
    name: 'add-foreign-key',
    up: (t, parent) =>
      `await queryInterface.addConstraint('${t}', { type: 'foreign key', name: 'fk_${t}_parent', fields: ['parent_id'], references: { table: '${parent}', field: 'id' } });`,
    // InnoDB keeps the index it made for the key: reverting means dropping both
    down: (t) => `await queryInterface.removeConstraint('${t}', 'fk_${t}_parent');
    await queryInterface.removeIndex('${t}', 'fk_${t}_parent');`,
  },
  {
    name: 'change-column',
    up: (t) => `await queryInterface.changeColumn('${t}', 'name', { type: Sequelize.STRING(100), allowNull: false });`,
    down: (t) => `await queryInterface.changeColumn('${t}', 'name', { type: Sequelize.STRING(50), allowNull: false });`,
  },
];

function migration(i: number): string {
  const table = `t${Math.floor(i / 5)}`;
  const parent = i < 5 ? table : `t${Math.floor(i / 5) - 1}`;
  const kind = STEPS[i % 5]!;
  return `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    ${kind.up(table, parent)}
  },
  async down(queryInterface, Sequelize) {
    ${kind.down(table)}
  },
};
`;
}

/** The DDL of the schema after `steps` steps. */
function model(steps: number): string {
  const statements: string[] = [];
  for (let j = 0; j * 5 < steps; j++) {
    const done = Math.min(5, steps - j * 5);
    const table = `t${j}`;
    const parent = j === 0 ? table : `t${j - 1}`;
    const lines = [
      'id INT NOT NULL AUTO_INCREMENT PRIMARY KEY',
      `name VARCHAR(${done >= 5 ? 100 : 50}) NOT NULL`,
      'parent_id INT NULL',
      ...(done >= 2 ? ['amount INT NULL'] : []),
      ...(done >= 3 ? [`KEY ix_${table}_name (name)`] : []),
      ...(done >= 4 ? [`CONSTRAINT fk_${table}_parent FOREIGN KEY (parent_id) REFERENCES ${parent} (id)`] : []),
    ];
    statements.push(`CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n);`);
  }
  return `${statements.join('\n\n')}\n`;
}
