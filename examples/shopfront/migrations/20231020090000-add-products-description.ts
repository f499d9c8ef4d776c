import { DataTypes, QueryInterface } from 'sequelize';

export = {
  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {
    await queryInterface.addColumn('products', 'description', { type: Sequelize.TEXT, allowNull: true });
  },

  async down(queryInterface: QueryInterface) {
    await queryInterface.removeColumn('products', 'description');
  },
};
