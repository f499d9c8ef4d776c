import { QueryInterface, DataTypes } from 'sequelize';

/** Revision 3e5106ee570c: API tokens, unique, with the time they were issued. */
module.exports = {
  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {
    await queryInterface.addColumn('user', 'api_token', { type: Sequelize.STRING(255), allowNull: true });
    await queryInterface.addColumn('user', 'token_created_at', { type: Sequelize.DATE, allowNull: true });
    await queryInterface.addIndex('user', ['api_token'], { name: 'ix_user_api_token', unique: true });
  },

  async down(queryInterface: QueryInterface) {
    await queryInterface.removeIndex('user', 'ix_user_api_token');
    await queryInterface.removeColumn('user', 'token_created_at');
    await queryInterface.removeColumn('user', 'api_token');
  },
};
