import { QueryInterface, DataTypes } from 'sequelize';

/**
 * Revision d1f2e3c4b5a6: make sure api_token and its unique index exist. Databases that ran an older
 * c682ef478e45, which also dropped api_token, lost both; on the others this does nothing.
 */
module.exports = {
  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {
    const columns = await queryInterface.describeTable('user');
    if (!columns.api_token) {
      await queryInterface.addColumn('user', 'api_token', { type: Sequelize.STRING(255), allowNull: true });
    }
    const indexes = (await queryInterface.showIndex('user')) as { name: string }[];
    if (!indexes.some((index) => index.name === 'ix_user_api_token')) {
      await queryInterface.addIndex('user', ['api_token'], { name: 'ix_user_api_token', unique: true });
    }
  },

  // Nothing to undo: up only restores what earlier revisions were meant to leave.
  async down() {},
};
