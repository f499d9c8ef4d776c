import assert = require('assert');
import { DataTypes, QueryInterface } from 'sequelize';

export = {
  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {
    assert.ok(Sequelize.TEXT, 'sequelize-cli passes the Sequelize library');
    await queryInterface.addColumn('products', 'description', { type: Sequelize.TEXT, allowNull: true });
  },

  async down(queryInterface: QueryInterface) {
    await queryInterface.removeColumn('products', 'description');
  },
};
