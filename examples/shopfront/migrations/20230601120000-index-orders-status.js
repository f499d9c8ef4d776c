'use strict';

module.exports = {
  async up(queryInterface) {
    await queryInterface.addIndex('orders', ['status'], { name: 'orders_status' });
  },
  async down(queryInterface) {
    await queryInterface.removeIndex('orders', 'orders_status');
  },
};
