import { describe, expect, inject, it } from 'vitest';
import { kinds, projectCopy, runCheck, TODOBOX } from './helpers.js';

/**
 * Sequelize's renameTable sends `ALTER TABLE \`a\` RENAME TO \`b\`;`. The snapshot after such a step must be
 * what the server holds (both names), or an exact down looks like a mismatch and the renamed table is
 * invisible to every later comparison.
 */
const CREATE = `import { QueryInterface, DataTypes } from 'sequelize';

module.exports = {
  async up(queryInterface: QueryInterface) {
    await queryInterface.createTable('ApiRequest', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      path: { type: DataTypes.STRING(200), allowNull: false },
    });
  },
  async down(queryInterface: QueryInterface) {
    await queryInterface.dropTable('ApiRequest');
  },
};
`;

const RENAME = `import { QueryInterface } from 'sequelize';

module.exports = {
  up: (queryInterface: QueryInterface) => queryInterface.renameTable('ApiRequest', 'DataRequest'),
  down: (queryInterface: QueryInterface) => queryInterface.renameTable('DataRequest', 'ApiRequest'),
};
`;

describe.each(inject('servers'))('renameTable on $image', ({ url }) => {
  it('an exact rename and its down pass, and the renamed table is in the chain’s schema', async () => {
    const dir = projectCopy(TODOBOX, {
      write: {
        'migrations/20240401000000-api-request.ts': CREATE,
        'migrations/20240402000000-rename-api-request.ts': RENAME,
      },
    });
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.ts' });
    expect(kinds(result)).toEqual([]);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual(
      Array(7).fill(['ok', 'ok', 'ok']),
    );
    expect(Object.keys(result.schema!.tables)).toContain('DataRequest');
    expect(Object.keys(result.schema!.tables)).not.toContain('ApiRequest');
  });
});
