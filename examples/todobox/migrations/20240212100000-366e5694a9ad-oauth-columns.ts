import { QueryInterface, DataTypes } from 'sequelize';

/** Revision 366e5694a9ad: sign-in with an OAuth provider. */
module.exports = {
  up: async (queryInterface: QueryInterface, Sequelize: typeof DataTypes) => {
    await queryInterface.addColumn('user', 'oauth_provider', { type: Sequelize.STRING(50), allowNull: true });
    await queryInterface.addColumn('user', 'oauth_id', { type: Sequelize.STRING(255), allowNull: true });
  },

  down: async (queryInterface: QueryInterface) => {
    await queryInterface.removeColumn('user', 'oauth_id');
    await queryInterface.removeColumn('user', 'oauth_provider');
  },
};
