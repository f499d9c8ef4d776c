'use strict';

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.changeColumn('products', 'title', { type: Sequelize.STRING(200), allowNull: false });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.changeColumn('products', 'title', { type: Sequelize.STRING(120), allowNull: false });
  },
};
