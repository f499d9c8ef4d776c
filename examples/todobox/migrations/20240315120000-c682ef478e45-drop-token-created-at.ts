import { QueryInterface, DataTypes } from 'sequelize';

/** Revision c682ef478e45: token_created_at was never read; tokens are rotated by a job instead. */
module.exports = {
  async up(queryInterface: QueryInterface) {
    await queryInterface.removeColumn('user', 'token_created_at');
  },

  async down(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {
    await queryInterface.addColumn('user', 'token_created_at', { type: Sequelize.DATE, allowNull: true });
  },
};
