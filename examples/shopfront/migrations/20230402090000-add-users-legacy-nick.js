'use strict';

// For the forum import; the model never got it, the column is still read by a reporting job.
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('users', 'legacy_nick', { type: Sequelize.STRING(30) });
  },
  async down(queryInterface) {
    await queryInterface.removeColumn('users', 'legacy_nick');
  },
};
