/**
 * The library: the engine the CLI and the action run, for scripts and test suites, and `defineConfig()`
 * for a typed `migration-gate.config.ts`.
 */
import { check as runCheck, type CheckResult } from './check.js';
import { parseConfig } from './config/file.js';
import { loadConfig } from './config/load.js';
import type { SequelizeOptions } from './config/types.js';
import type { IgnoreRule, Severities, Waiver } from './findings/types.js';

export type { CheckResult } from './result.js';
export type { DriftAspect, Finding, FindingKind, IgnoreRule, Severity, Waiver } from './findings/types.js';
export type { StepReport } from './replay/types.js';
export { ConfigError, InfraError } from './errors.js';
export { EXIT } from './exit.js';

/** The content of `migration-gate.config.{json,ts,js}`: every key is optional, flags override it. */
export interface MigrationGateConfig {
  $schema?: string;
  /** What runs each step: umzug (default), Alembic's CLI, or the commands `list`, `up` and `down`. */
  runner?: 'umzug' | 'alembic' | 'command';
  migrations?: string;
  list?: string;
  up?: string;
  down?: string;
  model?: string;
  /** A shell command that prints the model as DDL. */
  modelCommand?: string;
  /** One image, or several to check on each (`['mysql:8.4', 'mariadb:11.4']`). */
  mysqlImage?: string | string[];
  databaseUrl?: string;
  /** `live`: the server to replay on instead of a container. */
  scratchUrl?: string;
  /** `live`: seconds, or a string like "30s". */
  connectTimeout?: number | string;
  context?: 'auto' | 'sequelize' | 'mysql2';
  tables?: string[];
  ignoreTables?: string[];
  strictNames?: boolean;
  strictColumnOrder?: boolean;
  /** Seconds, or a string like "90s". */
  stepTimeout?: number | string;
  metaTable?: string;
  minimumDowngrade?: string;
  base?: string;
  seed?: string;
  seedAfter?: string;
  env?: Record<string, string> | string[];
  sequelizeConfig?: string;
  baseline?: string;
  charset?: string;
  collation?: string;
  newOnly?: boolean;
  sequelize?: SequelizeOptions;
  severity?: Severities;
  ignore?: IgnoreRule[];
  irreversible?: Waiver[];
  unsafe?: Waiver[];
  lintAll?: boolean;
}

/** Types a config module: `export default defineConfig({ migrations: 'migrations/*.ts' })`. */
export function defineConfig(config: MigrationGateConfig): MigrationGateConfig {
  return config;
}

export interface CheckOptions extends MigrationGateConfig {
  /** The project directory (default: the current directory). */
  cwd?: string;
  /** The config file to read (default: migration-gate.config.json, .ts or .js in `cwd`, if present). */
  config?: string;
}

/**
 * Runs a check as the CLI does: the project's config file, then `options` over it. Resolves with the
 * result (`verdict` 'pass' or 'fail'); rejects with a ConfigError or InfraError when nothing could be judged.
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const { cwd, config: configFile, ...content } = options;
  return runCheck(await loadConfig({ cwd }, configFile ?? null, parseConfig(content, 'check() options')));
}
