import { Model, type Sequelize, type DataTypes as DataTypesType } from 'sequelize';

export class User extends Model {
  declare id: number;
  declare username: string;
  declare email: string;
  declare fullname: string | null;
  declare password_hash: string | null;
  declare oauth_provider: string | null;
  declare oauth_id: string | null;
  declare api_token: string | null;
}

module.exports = (sequelize: Sequelize, DataTypes: typeof DataTypesType) => {
  User.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      email: { type: DataTypes.STRING(120), allowNull: false, unique: true },
      fullname: { type: DataTypes.STRING(100) },
      password_hash: { type: DataTypes.STRING(255) },
      oauth_provider: { type: DataTypes.STRING(50) },
      oauth_id: { type: DataTypes.STRING(255) },
      api_token: { type: DataTypes.STRING(255) },
    },
    {
      sequelize,
      modelName: 'User',
      tableName: 'user',
      timestamps: false,
      indexes: [{ name: 'ix_user_api_token', unique: true, fields: ['api_token'] }],
    },
  );
  return User;
};
