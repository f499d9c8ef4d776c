import type { Credentials, Tls } from './kinds.js';
import type { BaselineEntry } from '../findings/baseline.js';
import type { IgnoreRule, Severities, Waiver } from '../findings/types.js';
import type { SequelizeOptions } from './kinds.js';
import type { OptionKey, ValueOf } from './options.js';

/** A seed: a .sql file or a module run like a migration's up, after the named migration. */
export interface Seed {
  /** Absolute path. */
  file: string;
  /** The migration it runs after; null: after the base's newest (with --base). */
  after: string | null;
}

export type { SequelizeOptions } from './kinds.js';

/**
 * What runs each step: umzug in the gate's worker (the default), Alembic's CLI one revision at a time,
 * or any tool's commands. Commands run through the shell in the project directory.
 */
export type StepTool =
  | { kind: 'umzug' }
  | {
      kind: 'alembic';
      /** The Alembic config file, absolute. */
      ini: string;
      /** Flask-Migrate's layout: its alembic.ini has no script_location, and `flask db` runs the steps. */
      flask: boolean;
    }
  | { kind: 'command'; list: string; up: string; down: string | null };

/** Which object migrations receive. */
export type ContextKind = ValueOf<'context'>;

/** Everything `check()` needs, after the CLI or the action has read its inputs. */
export interface Config {
  /** The project directory; globs and paths are relative to it. */
  cwd: string;
  /** Glob of migration files, relative to `cwd` (with Alembic: its config file). */
  migrations: string;
  tool: StepTool;
  /** Model path (directory or file of Sequelize models, or a `.sql` DDL file), or null for none. */
  model: string | null;
  /** A shell command that prints the model as DDL, instead of `model`; null for none. */
  modelCommand: string | null;
  /**
   * Images of the throwaway servers, when no `database` is given: the chain is checked on each (one
   * server per image, at once), and any error on any of them fails.
   */
  mysqlImages: string[];
  /**
   * An existing server to use instead of a container, from `mysql://user:pass@host:port`; for `live`, the
   * running database to read.
   */
  database: Credentials | null;
  /** The schema the database URL names (`…/appdb`): what `live` reads. */
  databaseName: string | null;
  /** How `live` encrypts its connection to the database (the URL's `ssl-mode`, `ssl-ca`). */
  tls: Tls | null;
  /** `live`: the server to replay on instead of a container. */
  scratch: Credentials | null;
  /** `live`: how long to wait for the database to answer. */
  connectTimeoutMs: number;
  context: ContextKind;
  /** Compare only these tables; null for all. */
  tables: string[] | null;
  /** Leave these tables out of every comparison. */
  ignoreTables: string[];
  strictNames: boolean;
  strictColumnOrder: boolean;
  stepTimeoutMs: number;
  /** The migration-metadata table, never compared. */
  metaTable: string;
  /** Migrations whose down may not restore the schema, each with the reason shown in the report. */
  irreversible: Waiver[];
  /** Migrations whose table copies, write locks, rebuilds, destructive or breaking changes are accepted, each with the reason. */
  unsafe: Waiver[];
  /** Probe every migration's statements, not only those new since `base`. */
  lintAll: boolean;
  /** The oldest migration the chain must be able to go back to: the down pass stops after it. */
  minimumDowngrade: string | null;
  /** The git ref the pull request is compared with (--base): history and upgrade-path checks. */
  base: string | null;
  /** Rows to insert after a step, which must survive the rest of the chain. */
  seed: Seed | null;
  /**
   * Environment variables set for the project's code before it is loaded, by name; values may hold
   * `{url}`, `{host}`, `{port}`, `{user}`, `{password}` and `{database}` of the chain's scratch schema.
   */
  env: Record<string, string>;
  /**
   * The project's own Sequelize options (`define`, `timezone`, `quoteIdentifiers`), for the migrations'
   * Sequelize and for syncing the models; from the config file's `sequelize` and --sequelize-config.
   */
  sequelize: SequelizeOptions;
  /** The scratch schemas' default charset and collation (--charset, --collation); null: the server's. */
  charset: string | null;
  collation: string | null;
  /** Severity per finding kind, from the config file (`error`, `warning` or `off`). */
  severity: Severities;
  /** --new-only: the base commit's own findings are the known ones (needs `base`). */
  newOnly: boolean;
  /** Known findings (`migration-gate baseline`): reported as notices; null when there is no baseline. */
  baseline: { file: string; entries: BaselineEntry[] } | null;
  /** Accepted differences, from the config file. */
  ignore: IgnoreRule[];
  /** The config file that was read, if any. */
  configFile: string | null;
  /** The options the config file set and no flag or input overrode: messages name them by their key. */
  fileOptions: OptionKey[];
}
