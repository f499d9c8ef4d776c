import { createRequire } from 'node:module';
import path from 'node:path';
import mysql2 from 'mysql2';
import type { SequelizeOptions } from '../config/types.js';
import type { Credentials } from './server.js';

/** The parts of the `sequelize` package the gate uses, typed loosely: it is the project's, any v6+. */
export interface SequelizeLibrary {
  Sequelize: new (database: string, user: string, password: string, options: object) => SequelizeInstance;
  DataTypes: unknown;
  Model: abstract new (...args: never[]) => unknown;
}

export interface SequelizeInstance {
  getQueryInterface(): unknown;
  define(name: string, attributes: object, options?: object): unknown;
  models: Record<string, SequelizeModel>;
  /** sequelize-typescript's Sequelize only. */
  addModels?(models: unknown[]): void;
  query(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface SequelizeModel {
  name: string;
  getTableName(): string | { tableName: string };
  getAttributes?(): Record<string, { field?: string }>;
  rawAttributes?: Record<string, { field?: string }>;
  associate?: (models: Record<string, SequelizeModel>) => void;
  sync(options?: object): Promise<unknown>;
}

/**
 * The project's own installed `sequelize`, resolved from its directory, so that its DataTypes and classes
 * are the ones the migrations and models import. Null when the project does not have it.
 */
export function projectSequelize(cwd: string): SequelizeLibrary | null {
  return optionalRequire<SequelizeLibrary>(cwd, 'sequelize');
}

/**
 * Loads the project's Sequelize ahead of its first instance (its require costs a few hundred
 * milliseconds): what the project host does while the server starts.
 */
export function preloadSequelize(cwd: string): void {
  const library = projectSequelize(cwd);
  if (library) sequelizeClass(library, cwd);
}

/**
 * The Sequelize class to build instances from: sequelize-typescript's when the project has it (it extends
 * sequelize's and adds `addModels` for decorated classes), with `reflect-metadata` loaded first, as
 * sequelize-typescript apps do at their entry point.
 */
function sequelizeClass(library: SequelizeLibrary, cwd: string): SequelizeLibrary['Sequelize'] {
  const typescript = optionalRequire<{ Sequelize: SequelizeLibrary['Sequelize'] }>(cwd, 'sequelize-typescript');
  if (!typescript) return library.Sequelize;
  optionalRequire(cwd, 'reflect-metadata');
  return typescript.Sequelize;
}

function optionalRequire<T>(cwd: string, name: string): T | null {
  try {
    return createRequire(path.join(cwd, 'package.json'))(name) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}

/**
 * A Sequelize instance on one schema, with the project's own options (`define`, `timezone`). The gate's
 * own mysql2 is passed as the driver so that the project needs no MySQL driver of its own;
 * `SET FOREIGN_KEY_CHECKS = 0` on every connection lets tables that reference each other be created in
 * any order. `log` is told every statement it runs (incremental snapshots read them).
 */
export function openSequelize(
  library: SequelizeLibrary,
  credentials: Credentials,
  schema: string,
  options: { foreignKeyChecks: boolean; cwd: string; project?: SequelizeOptions; log?: (sql: string) => void },
): SequelizeInstance {
  const Sequelize = sequelizeClass(library, options.cwd);
  return new Sequelize(schema, credentials.user, credentials.password, {
    ...options.project,
    host: credentials.host,
    port: credentials.port,
    dialect: 'mysql',
    dialectModule: mysql2,
    logging: options.log ? (sql: string) => options.log!(sql.replace(/^Executing \([^)]*\): /, '')) : false,
    pool: { max: 5, min: 0, idle: 1_000 },
    hooks: options.foreignKeyChecks
      ? {}
      : {
          afterConnect: async (connection: { promise?: () => { query: (sql: string) => Promise<unknown> } }) => {
            await connection.promise?.().query('SET FOREIGN_KEY_CHECKS = 0');
          },
        },
  });
}
