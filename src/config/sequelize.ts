import { importModule } from '../chain/modules.js';
import { ConfigError } from '../errors.js';
import type { SequelizeOptions } from './types.js';

/**
 * The options of a Sequelize config that shape the schema: `define` defaults (charset, collate,
 * underscored, freezeTableName, timestamps, paranoid), `timezone`, `quoteIdentifiers`. Connection
 * settings (host, user, pool, dialect…) are not taken: the gate connects to its own server.
 */
export function sequelizeOptions(value: unknown, where: string): SequelizeOptions {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${where} must be an object of Sequelize options`, {});
  const given = value as Record<string, unknown>;
  const options: SequelizeOptions = {};
  if (given.define !== undefined) {
    if (!given.define || typeof given.define !== 'object')
      throw new ConfigError(`${where}.define must be an object`, {});
    options.define = given.define as Record<string, unknown>;
  }
  if (typeof given.timezone === 'string') options.timezone = given.timezone;
  if (typeof given.quoteIdentifiers === 'boolean') options.quoteIdentifiers = given.quoteIdentifiers;
  return options;
}

/**
 * Reads a sequelize-cli config module (`config/config.js`, `.json`, or what `.sequelizerc` names) the way
 * sequelize-cli does: the entry of NODE_ENV, `development` by default; a module that exports one
 * config object directly is taken as it is. Also returns its `migrationStorageTableName`.
 */
export async function readSequelizeConfig(
  file: string,
  cwd: string,
): Promise<{ options: SequelizeOptions; metaTable: string | null }> {
  let loaded: unknown;
  try {
    const module = (await importModule(file, cwd)) as { default?: unknown };
    loaded = module.default ?? module;
  } catch (error) {
    throw new ConfigError(`--sequelize-config ${file}: ${(error as Error).message.split('\n')[0]}`, {
      input: '--sequelize-config',
      file,
    });
  }
  const environment = process.env.NODE_ENV || 'development';
  const all = (loaded ?? {}) as Record<string, unknown>;
  const entry = environment in all && typeof all[environment] === 'object' ? all[environment] : all;
  const where = `--sequelize-config ${file} (${environment})`;
  const metaTable = (entry as { migrationStorageTableName?: unknown }).migrationStorageTableName;
  return {
    options: sequelizeOptions(entry, where),
    metaTable: typeof metaTable === 'string' ? metaTable : null,
  };
}
