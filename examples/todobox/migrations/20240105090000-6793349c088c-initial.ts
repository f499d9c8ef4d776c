import { QueryInterface, DataTypes } from 'sequelize';

/** Revision 6793349c088c: the user table, then password_hash widened for bcrypt's longer hashes. */
module.exports = {
  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {
    await queryInterface.createTable('user', {
      id: { type: Sequelize.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
      username: { type: Sequelize.STRING(64), allowNull: false, unique: true },
      email: { type: Sequelize.STRING(120), allowNull: false, unique: true },
      fullname: { type: Sequelize.STRING(100), allowNull: true },
      password_hash: { type: Sequelize.STRING(128), allowNull: true },
    });
    await queryInterface.changeColumn('user', 'password_hash', {
      type: Sequelize.STRING(255),
      allowNull: true,
    });
  },

  async down(queryInterface: QueryInterface) {
    await queryInterface.dropTable('user');
  },
};
