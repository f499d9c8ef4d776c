'use strict';

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('users', 'locale', { type: Sequelize.STRING(10), defaultValue: 'en' });
  },
  async down(queryInterface) {
    await queryInterface.removeColumn('users', 'locale');
  },
};
