'use strict';

/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('products', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      sku: { type: Sequelize.STRING(40), allowNull: false },
      title: { type: Sequelize.STRING(120), allowNull: false },
      price: { type: Sequelize.DECIMAL(10, 2), allowNull: false },
      createdAt: { type: Sequelize.DATE, allowNull: false },
      updatedAt: { type: Sequelize.DATE, allowNull: false },
    });
    // the model says unique; production has had a plain index since day one
    await queryInterface.addIndex('products', ['sku'], { name: 'products_sku' });
  },

  async down(queryInterface) {
    await queryInterface.dropTable('products');
  },
};
