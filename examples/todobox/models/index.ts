// The app's model loader, as sequelize-cli generates it: it connects to the configured database as soon
// as it is loaded, which is why migration-gate skips index files when it reads a models directory.
import fs from 'fs';
import path from 'path';
import { Sequelize, DataTypes } from 'sequelize';

const config = require('../config/config.js')[process.env.NODE_ENV || 'development'];
const sequelize = new Sequelize(config.url, config);
const db: Record<string, any> = {};

fs.readdirSync(__dirname)
  .filter((file) => file !== path.basename(__filename) && /\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
  .forEach((file) => {
    const model = require(path.join(__dirname, file))(sequelize, DataTypes);
    db[model.name] = model;
  });

Object.values(db).forEach((model) => model.associate?.(db));

export default { ...db, sequelize, Sequelize };
