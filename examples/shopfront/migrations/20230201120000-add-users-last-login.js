'use strict';

module.exports = {
  up: (queryInterface, Sequelize) => queryInterface.addColumn('users', 'lastLoginAt', { type: Sequelize.DATE }),
  down: (queryInterface) => queryInterface.removeColumn('users', 'lastLoginAt'),
};
