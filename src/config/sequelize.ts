import { importData } from '../project/host.js';
import { ConfigError, type Message, type OptionNames, type Where } from '../errors.js';
import type { SequelizeOptions } from './kinds.js';

/**
 * The options of a Sequelize config that shape the schema: `define` defaults (charset, collate,
 * underscored, freezeTableName, timestamps, paranoid), `timezone`, `quoteIdentifiers`. Connection
 * settings (host, user, pool, dialect…) are not taken: the gate connects to its own server. `origin`
 * says where the options come from, for messages.
 */
export function sequelizeOptions(value: unknown, origin: Message, where: Where = {}): SequelizeOptions {
  const named = (problem: string) => (name: OptionNames) =>
    `${typeof origin === 'string' ? origin : origin(name)}${problem}`;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(named(' must be an object of Sequelize options'), where);
  const given = value as Record<string, unknown>;
  const options: SequelizeOptions = {};
  if (given.define !== undefined) {
    if (!given.define || typeof given.define !== 'object')
      throw new ConfigError(named('.define must be an object'), where);
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
    loaded = await importData(file, cwd);
  } catch (error) {
    throw new ConfigError((name) => `${name.sequelizeConfig} ${file}: ${(error as Error).message.split('\n')[0]}`, {
      option: 'sequelizeConfig',
      file,
    });
  }
  const environment = process.env.NODE_ENV || 'development';
  const all = (loaded ?? {}) as Record<string, unknown>;
  const entry = environment in all && typeof all[environment] === 'object' ? all[environment] : all;
  const metaTable = (entry as { migrationStorageTableName?: unknown }).migrationStorageTableName;
  return {
    options: sequelizeOptions(entry, (name) => `${name.sequelizeConfig} ${file} (${environment})`, {
      option: 'sequelizeConfig',
      file,
    }),
    metaTable: typeof metaTable === 'string' ? metaTable : null,
  };
}
