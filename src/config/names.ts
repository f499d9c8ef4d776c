import type { RawOptions } from './resolve.js';

/** An option the user sets: a key of RawOptions, or `config`, the config file that holds the others. */
export type OptionKey = keyof RawOptions | 'config';

/** How a caller spells the options in messages: the CLI's flags, or the action's inputs. */
export type OptionNames = Record<OptionKey, string>;

/** The CLI's flags: how messages name the options unless the caller spells them its own way. */
export const INPUT_NAMES: OptionNames = {
  cwd: '--cwd',
  migrations: '--migrations',
  model: '--model',
  mysqlImage: '--mysql-image',
  databaseUrl: '--database-url',
  context: '--context',
  tables: '--tables',
  ignoreTables: '--ignore-tables',
  strictNames: '--strict-names',
  strictColumnOrder: '--strict-column-order',
  stepTimeout: '--step-timeout',
  metaTable: '--meta-table',
  irreversible: '--irreversible',
  minimumDowngrade: '--minimum-downgrade',
  base: '--base',
  seed: '--seed',
  seedAfter: '--seed-after',
  env: '--env',
  sequelizeConfig: '--sequelize-config',
  baseline: '--baseline',
  charset: '--charset',
  collation: '--collation',
  newOnly: '--new-only',
  config: '--config',
};
