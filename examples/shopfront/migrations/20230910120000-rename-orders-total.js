'use strict';

module.exports = {
  async up(queryInterface) {
    await queryInterface.renameColumn('orders', 'total', 'totalAmount');
  },
  async down(queryInterface) {
    await queryInterface.renameColumn('orders', 'totalAmount', 'total');
  },
};
